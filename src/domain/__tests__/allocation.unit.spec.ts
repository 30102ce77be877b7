import fc from "fast-check"
import {
  type AllocatableInvoice,
  allocate,
  AllocationError,
  type AllocationRequest,
  type AllocationResult,
  type AllocationSettings,
  compareOldestFirst,
  type PayableInvoice,
  payableAmount,
  latestPayable,
  payableWindow,
  payableWindowQuery,
  PAYMENT_MODES,
  type PaymentMode,
  previewCurrentCharges,
  previewFromWindow,
  previewOf,
} from "../allocation"
import { INVOICE_STATUSES, isPayableStatus } from "../invoice-status"

const CUSTOMER = "cus_a"
const OTHER_CUSTOMER = "cus_b"

function day(n: number): Date {
  return new Date(Date.UTC(2024, 0, n))
}

function settings(overrides: Partial<AllocationSettings> = {}): AllocationSettings {
  return { allow_partial_payments: false, allow_prepayment: false, minimum_payment: 0n, ...overrides }
}

function invoice(fields: Partial<AllocatableInvoice> & Pick<AllocatableInvoice, "id" | "display_id">): AllocatableInvoice {
  return {
    customer_id: CUSTOMER,
    currency_code: "usd",
    status: "open",
    issued_at: day(1),
    due_at: day(30),
    total: 1000n,
    amount_paid: 0n,
    amount_pending: 0n,
    ...fields,
  }
}

function request(fields: Partial<AllocationRequest> & Pick<AllocationRequest, "mode">): AllocationRequest {
  return { customer_id: CUSTOMER, currency_code: "usd", ...fields }
}

function allocationErrorOf(run: () => unknown): AllocationError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(AllocationError)
    return error as AllocationError
  }
  throw new Error("expected an AllocationError, nothing was thrown")
}

/**
 * One customer's USD account plus noise. Payable, oldest-first:
 * C (due day 5, 15.00), A (due day 10, 100.00), B (due day 20, 30.00), D (no due date, 40.00): 185.00 in all.
 */
const A = invoice({ id: "inv_a", display_id: 1, issued_at: day(1), due_at: day(10), total: 10000n })
const B = invoice({
  id: "inv_b", display_id: 2, status: "partially_paid", issued_at: day(5), due_at: day(20), total: 5000n, amount_paid: 2000n,
})
const C = invoice({ id: "inv_c", display_id: 3, issued_at: day(8), due_at: day(5), total: 2000n, amount_pending: 500n })
const D = invoice({ id: "inv_d", display_id: 4, issued_at: day(25), due_at: null, total: 4000n })
const VOID = invoice({ id: "inv_void", display_id: 5, status: "void", total: 3000n })
const PAID = invoice({ id: "inv_paid", display_id: 6, status: "paid", total: 3000n, amount_paid: 3000n })
const DRAFT = invoice({ id: "inv_draft", display_id: 7, status: "draft", issued_at: null, total: 3000n })
const EURO = invoice({ id: "inv_eur", display_id: 8, currency_code: "eur", total: 7000n })
const RESERVED = invoice({ id: "inv_reserved", display_id: 9, total: 1000n, amount_pending: 1000n })
const FOREIGN = invoice({ id: "inv_foreign", display_id: 10, customer_id: OTHER_CUSTOMER, total: 9000n })
const ACCOUNT = [A, B, C, D, VOID, PAID, DRAFT, EURO, RESERVED, FOREIGN]

function parts(result: AllocationResult, list: "allocations" | "credit_allocations" = "allocations"): Array<[string, bigint]> {
  return result[list].map((entry) => [entry.invoice_id, entry.amount])
}

describe("payableAmount", () => {
  it.each([
    [1000n, 0n, 0n, 1000n],
    [1000n, 300n, 200n, 500n],
    [1000n, 1000n, 0n, 0n],
    [1000n, 0n, 1000n, 0n],
    [1000n, 800n, 800n, 0n], // inconsistent data never becomes a negative payable
  ])("total %s, paid %s, pending %s → %s", (total, paid, pending, expected) => {
    expect(payableAmount({ total, amount_paid: paid, amount_pending: pending })).toBe(expected)
  })
})

describe("compareOldestFirst", () => {
  const base = { id: "inv_m", display_id: 5, issued_at: day(5), due_at: day(5) }
  it.each([
    ["earlier due date first", { due_at: day(4) }, -1],
    ["later due date last", { due_at: day(6) }, 1],
    ["a missing due date goes last", { due_at: null }, 1],
    ["same due date: earlier issue date first", { issued_at: day(4) }, -1],
    ["same due date: a missing issue date goes last", { issued_at: null }, 1],
    ["same dates: lower display id first", { display_id: 4 }, -1],
    ["same dates and display id: id breaks the tie", { id: "inv_a" }, -1],
    ["identical", {}, 0],
  ] as const)("%s", (_label, change, expected) => {
    const other = { ...base, ...change }
    expect(Math.sign(compareOldestFirst(other, base))).toBe(expected)
    expect(Math.sign(compareOldestFirst(base, other))).toBe(-expected || 0)
  })

  it("puts two missing due dates level and moves on to the issue date", () => {
    const a = { ...base, due_at: null, issued_at: day(1) }
    const b = { ...base, due_at: null, issued_at: day(2), display_id: 1 }
    expect(compareOldestFirst(a, b)).toBeLessThan(0)
  })
})

describe("allocate: selected_invoices", () => {
  it("pays the selected invoices in full, listed oldest-first", () => {
    const result = allocate(ACCOUNT, request({ mode: "selected_invoices", invoice_ids: ["inv_b", "inv_c"] }), settings())
    expect(result).toEqual({
      mode: "selected_invoices",
      currency_code: "usd",
      amount: 4500n,
      allocations: [
        { invoice_id: "inv_c", display_id: 3, amount: 1500n },
        { invoice_id: "inv_b", display_id: 2, amount: 3000n },
      ],
      credit_allocations: [],
      unapplied_amount: 0n,
    })
  })

  it("takes per-invoice amounts when partial payments are allowed", () => {
    const result = allocate(
      ACCOUNT,
      request({ mode: "selected_invoices", invoice_ids: ["inv_b", "inv_c", "inv_a"], amounts: { inv_b: 1000n, inv_a: 1n } }),
      settings({ allow_partial_payments: true })
    )
    expect(parts(result)).toEqual([["inv_c", 1500n], ["inv_a", 1n], ["inv_b", 1000n]])
    expect(result.amount).toBe(2501n)
  })

  it("treats an empty amounts object as no partial amounts", () => {
    const result = allocate(ACCOUNT, request({ mode: "selected_invoices", invoice_ids: ["inv_a"], amounts: {} }), settings())
    expect(parts(result)).toEqual([["inv_a", 10000n]])
  })

  it("accepts an upper-case request currency and answers in lower case", () => {
    const result = allocate(ACCOUNT, request({ mode: "selected_invoices", currency_code: "USD", invoice_ids: ["inv_a"] }), settings())
    expect(result.currency_code).toBe("usd")
    expect(result.amount).toBe(10000n)
  })

})

describe("allocate: total_balance", () => {
  it("pays every payable invoice oldest-first", () => {
    const result = allocate(ACCOUNT, request({ mode: "total_balance" }), settings())
    expect(result.amount).toBe(18500n)
    expect(parts(result)).toEqual([["inv_c", 1500n], ["inv_a", 10000n], ["inv_b", 3000n], ["inv_d", 4000n]])
    expect(result.credit_allocations).toEqual([])
    expect(result.unapplied_amount).toBe(0n)
  })

  it("uses existing credit first, oldest-first, and charges the rest", () => {
    const result = allocate(ACCOUNT, request({ mode: "total_balance", credit: 2000n }), settings())
    expect(result.amount).toBe(16500n)
    expect(parts(result, "credit_allocations")).toEqual([["inv_c", 1500n], ["inv_a", 500n]])
    expect(parts(result)).toEqual([["inv_a", 9500n], ["inv_b", 3000n], ["inv_d", 4000n]])
  })

  it("pays only the customer's invoices in the requested currency", () => {
    const result = allocate(ACCOUNT, request({ mode: "total_balance", currency_code: "eur" }), settings())
    expect(parts(result)).toEqual([["inv_eur", 7000n]])
  })
})

describe("allocate: current_charges", () => {
  it("pays the most recently issued payable invoice", () => {
    const result = allocate(ACCOUNT, request({ mode: "current_charges" }), settings())
    expect(parts(result)).toEqual([["inv_d", 4000n]])
    expect(result.amount).toBe(4000n)
  })

  it("breaks an issue-date tie by the higher display id, and counts an undated invoice as the oldest", () => {
    const invoices = [
      invoice({ id: "inv_x", display_id: 11, issued_at: day(3) }),
      invoice({ id: "inv_y", display_id: 12, issued_at: day(3), total: 700n }),
      invoice({ id: "inv_z", display_id: 99, issued_at: null }),
    ]
    expect(parts(allocate(invoices, request({ mode: "current_charges" }), settings()))).toEqual([["inv_y", 700n]])
  })

  it("skips a newer invoice that has nothing left to pay", () => {
    const invoices = [
      invoice({ id: "inv_old", display_id: 1, issued_at: day(1), total: 300n }),
      invoice({ id: "inv_new", display_id: 2, issued_at: day(9), amount_pending: 1000n }),
    ]
    expect(parts(allocate(invoices, request({ mode: "current_charges" }), settings()))).toEqual([["inv_old", 300n]])
  })
})

describe("allocate: fixed_amount", () => {
  it("fills invoices oldest-first and splits the last one", () => {
    const result = allocate(ACCOUNT, request({ mode: "fixed_amount", amount: 12000n }), settings())
    expect(parts(result)).toEqual([["inv_c", 1500n], ["inv_a", 10000n], ["inv_b", 500n]])
    expect(result.unapplied_amount).toBe(0n)
  })

  it("pays exactly the payable balance", () => {
    const result = allocate(ACCOUNT, request({ mode: "fixed_amount", amount: 18500n }), settings())
    expect(result.allocations).toHaveLength(4)
    expect(result.unapplied_amount).toBe(0n)
  })

  it("keeps the excess as credit when prepayment is allowed", () => {
    const result = allocate(ACCOUNT, request({ mode: "fixed_amount", amount: 20000n }), settings({ allow_prepayment: true }))
    expect(result.amount).toBe(20000n)
    expect(result.allocations).toHaveLength(4)
    expect(result.unapplied_amount).toBe(1500n)
  })

  it("takes a pure prepayment when nothing is payable and prepayment is allowed", () => {
    const result = allocate(
      ACCOUNT,
      request({ mode: "fixed_amount", currency_code: "gbp", amount: 2500n }),
      settings({ allow_prepayment: true })
    )
    expect(result).toEqual({
      mode: "fixed_amount",
      currency_code: "gbp",
      amount: 2500n,
      allocations: [],
      credit_allocations: [],
      unapplied_amount: 2500n,
    })
  })

  it("does not use existing credit", () => {
    const result = allocate(ACCOUNT, request({ mode: "fixed_amount", amount: 100n, credit: 5000n }), settings())
    expect(parts(result)).toEqual([["inv_c", 100n]])
    expect(result.credit_allocations).toEqual([])
  })
})

describe("allocate: minimum payment", () => {
  const minimum = settings({ minimum_payment: 5000n })

  it("accepts a payment at the minimum", () => {
    expect(allocate(ACCOUNT, request({ mode: "fixed_amount", amount: 5000n }), minimum).amount).toBe(5000n)
  })

  it("always lets a customer pay off everything, even below the minimum", () => {
    const high = settings({ minimum_payment: 100000n })
    expect(allocate(ACCOUNT, request({ mode: "fixed_amount", amount: 18500n }), high).amount).toBe(18500n)
    expect(allocate(ACCOUNT, request({ mode: "total_balance" }), high).amount).toBe(18500n)
    expect(allocate(ACCOUNT, request({ mode: "total_balance", credit: 18000n }), high).amount).toBe(500n)
    expect(
      allocate(ACCOUNT, request({ mode: "selected_invoices", invoice_ids: ["inv_a", "inv_b", "inv_c", "inv_d"] }), high).amount
    ).toBe(18500n)
    expect(allocate([C], request({ mode: "current_charges" }), high).amount).toBe(1500n)
  })

  it("lets a payment that clears everything carry a small prepayment", () => {
    const result = allocate(
      ACCOUNT,
      request({ mode: "fixed_amount", amount: 19000n }),
      settings({ minimum_payment: 100000n, allow_prepayment: true })
    )
    expect(result.unapplied_amount).toBe(500n)
  })
})

describe("allocate: rejections", () => {
  type Case = [string, AllocationRequest, AllocationSettings, string, string, string]
  const partial = settings({ allow_partial_payments: true })
  const cases: Case[] = [
    ["an unknown mode", request({ mode: "everything" as PaymentMode }), settings(), "invalid_request", "mode",
      "mode must be one of selected_invoices, total_balance, current_charges, fixed_amount"],
    ["no currency", request({ mode: "total_balance", currency_code: "" }), settings(), "invalid_request", "currency_code",
      "currency_code is required"],

    ["selected: no invoice_ids", request({ mode: "selected_invoices" }), settings(), "invalid_request", "invoice_ids",
      "invoice_ids must list at least one invoice"],
    ["selected: empty invoice_ids", request({ mode: "selected_invoices", invoice_ids: [] }), settings(), "invalid_request",
      "invoice_ids", "invoice_ids must list at least one invoice"],
    ["selected: a duplicate id", request({ mode: "selected_invoices", invoice_ids: ["inv_a", "inv_b", "inv_a"] }), settings(),
      "invalid_request", "invoice_ids", "Invoice inv_a is listed more than once"],
    ["selected: an unknown invoice", request({ mode: "selected_invoices", invoice_ids: ["inv_a", "inv_nope"] }), settings(),
      "not_found", "invoice_ids", "Invoice inv_nope was not found"],
    ["selected: another customer's invoice", request({ mode: "selected_invoices", invoice_ids: ["inv_foreign"] }), settings(),
      "not_found", "invoice_ids", "Invoice inv_foreign was not found"],
    ["selected: a draft", request({ mode: "selected_invoices", invoice_ids: ["inv_draft"] }), settings(),
      "not_found", "invoice_ids", "Invoice inv_draft was not found"],
    ["selected: a void invoice", request({ mode: "selected_invoices", invoice_ids: ["inv_void"] }), settings(),
      "not_payable", "invoice_ids", "Invoice INV-000005 is void"],
    ["selected: a paid invoice", request({ mode: "selected_invoices", invoice_ids: ["inv_paid"] }), settings(),
      "not_payable", "invoice_ids", "Invoice INV-000006 is paid"],
    ["selected: an invoice in another currency", request({ mode: "selected_invoices", invoice_ids: ["inv_a", "inv_eur"] }),
      settings(), "currency_mismatch", "invoice_ids", "Invoice INV-000008 is in EUR, but the payment is in USD"],
    ["selected: an invoice fully reserved by a pending payment",
      request({ mode: "selected_invoices", invoice_ids: ["inv_reserved"] }), settings(),
      "not_payable", "invoice_ids", "Invoice INV-000009 has nothing left to pay"],
    ["selected: amounts while partial payments are off",
      request({ mode: "selected_invoices", invoice_ids: ["inv_a"], amounts: { inv_a: 100n } }), settings(),
      "partial_payments_not_allowed", "amounts", "Partial payments are not allowed"],
    ["selected: amounts for an invoice not selected",
      request({ mode: "selected_invoices", invoice_ids: ["inv_a"], amounts: { inv_b: 100n } }), partial,
      "invalid_request", "amounts", "amounts lists invoice inv_b, which is not in invoice_ids"],
    ["selected: a zero amount", request({ mode: "selected_invoices", invoice_ids: ["inv_a"], amounts: { inv_a: 0n } }), partial,
      "invalid_amount", "amounts", "The amount for invoice INV-000001 must be greater than 0"],
    ["selected: a negative amount", request({ mode: "selected_invoices", invoice_ids: ["inv_a"], amounts: { inv_a: -5n } }),
      partial, "invalid_amount", "amounts", "The amount for invoice INV-000001 must be greater than 0"],
    ["selected: an amount above the payable amount",
      request({ mode: "selected_invoices", invoice_ids: ["inv_b"], amounts: { inv_b: 3001n } }), partial,
      "exceeds_balance", "amounts", "The amount for invoice INV-000002 exceeds its payable amount of 30.00 USD"],
    ["selected: a non-bigint amount",
      request({ mode: "selected_invoices", invoice_ids: ["inv_a"], amounts: { inv_a: 5 as unknown as bigint } }), partial,
      "invalid_request", "amounts", "The amount for invoice inv_a must be a whole number of minor units"],
    ["selected: below the minimum", request({ mode: "selected_invoices", invoice_ids: ["inv_c"] }),
      settings({ minimum_payment: 5000n }), "below_minimum", "amount", "The minimum payment is 50.00 USD"],

    ["total: nothing payable in the currency", request({ mode: "total_balance", currency_code: "gbp" }), settings(),
      "nothing_payable", "mode", "Nothing is payable in GBP"],
    ["total: credit covers everything", request({ mode: "total_balance", credit: 18500n }), settings(),
      "nothing_payable", "mode", "Nothing is payable in USD"],
    ["total: negative credit", request({ mode: "total_balance", credit: -1n }), settings(),
      "invalid_request", "credit", "credit must be a non-negative amount"],

    ["current: nothing payable", request({ mode: "current_charges", currency_code: "jpy" }), settings(),
      "nothing_payable", "mode", "Nothing is payable in JPY"],
    ["current: below the minimum", request({ mode: "current_charges" }), settings({ minimum_payment: 5000n }),
      "below_minimum", "amount", "The minimum payment is 50.00 USD"],

    ["fixed: no amount", request({ mode: "fixed_amount" }), settings(), "invalid_request", "amount", "amount is required"],
    ["fixed: zero", request({ mode: "fixed_amount", amount: 0n }), settings(), "invalid_amount", "amount",
      "amount must be greater than 0"],
    ["fixed: negative", request({ mode: "fixed_amount", amount: -100n }), settings({ allow_prepayment: true }),
      "invalid_amount", "amount", "amount must be greater than 0"],
    ["fixed: a number instead of a bigint", request({ mode: "fixed_amount", amount: 100 as unknown as bigint }), settings(),
      "invalid_request", "amount", "amount must be a whole number of minor units"],
    ["fixed: more than payable without prepayment", request({ mode: "fixed_amount", amount: 18501n }), settings(),
      "exceeds_balance", "amount", "amount exceeds the payable balance of 185.00 USD"],
    ["fixed: nothing payable without prepayment", request({ mode: "fixed_amount", currency_code: "gbp", amount: 100n }),
      settings(), "nothing_payable", "mode", "Nothing is payable in GBP"],
    ["fixed: below the minimum", request({ mode: "fixed_amount", amount: 4999n }), settings({ minimum_payment: 5000n }),
      "below_minimum", "amount", "The minimum payment is 50.00 USD"],
    ["fixed: a pure prepayment below the minimum", request({ mode: "fixed_amount", currency_code: "kwd", amount: 100n }),
      settings({ minimum_payment: 5000n, allow_prepayment: true }), "below_minimum", "amount", "The minimum payment is 5.000 KWD"],
  ]

  it.each(cases)("%s", (_label, req, config, code, field, message) => {
    const error = allocationErrorOf(() => allocate(ACCOUNT, req, config))
    expect({ code: error.code, field: error.field, message: error.message }).toEqual({ code, field, message })
  })

  it("reports the same problem whatever order the amounts come in", () => {
    const partialAllowed = settings({ allow_partial_payments: true })
    const messages = [
      { inv_z: 1n, inv_y: 1n, inv_a: 1n },
      { inv_a: 1n, inv_y: 1n, inv_z: 1n },
    ].map((amounts) =>
      allocationErrorOf(() =>
        allocate(ACCOUNT, request({ mode: "selected_invoices", invoice_ids: ["inv_a"], amounts }), partialAllowed)
      ).message
    )
    expect(messages).toEqual([
      "amounts lists invoice inv_y, which is not in invoice_ids",
      "amounts lists invoice inv_y, which is not in invoice_ids",
    ])
  })

  it("reports the same problem whatever order the ids come in", () => {
    const ids = ["inv_void", "inv_nope", "inv_eur", "inv_paid"]
    const reported = new Set<string>()
    for (const order of [ids, [...ids].reverse(), ["inv_eur", "inv_void", "inv_paid", "inv_nope"]]) {
      reported.add(allocationErrorOf(() => allocate(ACCOUNT, request({ mode: "selected_invoices", invoice_ids: order }), settings())).message)
    }
    expect([...reported]).toEqual(["Invoice INV-000008 is in EUR, but the payment is in USD"])
  })
})

// ---------------------------------------------------------------------------
// Properties over random accounts and requests.

const CURRENCIES = ["usd", "eur", "jpy"] as const

const dateArb = fc.option(fc.integer({ min: 1, max: 6 }).map(day), { nil: null, freq: 5 })

const invoiceArb: fc.Arbitrary<AllocatableInvoice> = fc
  .record({
    id: fc.integer({ min: 0, max: 400 }).map((n) => `inv_${n.toString(36)}`),
    display_id: fc.integer({ min: 1, max: 12 }), // small range: ties happen
    customer_id: fc.constantFrom(CUSTOMER, CUSTOMER, CUSTOMER, OTHER_CUSTOMER),
    currency_code: fc.constantFrom("usd", "usd", "usd", "USD", "eur", "jpy"),
    status: fc.constantFrom(...INVOICE_STATUSES, "open", "open", "partially_paid"),
    issued_at: dateArb,
    due_at: dateArb,
    total: fc.bigInt({ min: 0n, max: 5000n }),
    paid: fc.bigInt({ min: 0n, max: 5000n }),
    pending: fc.oneof({ weight: 3, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 5000n }) }),
  })
  .map(({ paid, pending, total, ...rest }) => ({
    ...rest,
    total,
    amount_paid: paid > total ? paid % (total + 1n) : paid,
    // Usually consistent (paid + pending ≤ total); sometimes not, which must still be safe.
    amount_pending: pending,
  }))

const settingsArb: fc.Arbitrary<AllocationSettings> = fc.record({
  allow_partial_payments: fc.boolean(),
  allow_prepayment: fc.boolean(),
  minimum_payment: fc.oneof({ weight: 4, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 4000n }) }),
})

/** The test's own view of what is payable: the oracle the properties compare against. */
function payableOf(invoices: readonly AllocatableInvoice[], currency: string): AllocatableInvoice[] {
  return invoices.filter(
    (inv) =>
      inv.customer_id === CUSTOMER &&
      isPayableStatus(inv.status) &&
      inv.currency_code.toLowerCase() === currency &&
      payableAmount(inv) > 0n
  )
}

function sum(values: bigint[]): bigint {
  return values.reduce((total, value) => total + value, 0n)
}

interface Scenario {
  invoices: AllocatableInvoice[]
  req: AllocationRequest
  settings: AllocationSettings
}

function requestArb(
  invoices: AllocatableInvoice[],
  modes: readonly PaymentMode[]
): fc.Arbitrary<AllocationRequest> {
  const currencyArb = fc.constantFrom<string>("usd", "usd", "usd", "usd", ...CURRENCIES)
  return fc.record({ mode: fc.constantFrom(...modes), currency_code: currencyArb }).chain(({ mode, currency_code }) => {
    const payable = payableOf(invoices, currency_code)
    const payableTotal = sum(payable.map(payableAmount))
    const payableById = new Map(payable.map((inv) => [inv.id, payableAmount(inv)]))

    // Mostly selections that can succeed, sometimes anything (other currencies, voids, unknown ids…).
    const idsArb = fc.oneof(
      { weight: 4, arbitrary: fc.subarray(payable.map((inv) => inv.id), { minLength: payable.length > 0 ? 1 : 0 }) },
      { weight: 1, arbitrary: fc.subarray([...invoices.map((inv) => inv.id), "inv_unknown"]) }
    )
    const amountArb = fc.oneof(
      { weight: 4, arbitrary: fc.bigInt({ min: 1n, max: payableTotal > 0n ? payableTotal : 1n }) },
      { weight: 1, arbitrary: fc.constant(payableTotal) },
      { weight: 2, arbitrary: fc.bigInt({ min: payableTotal, max: payableTotal + 3000n }) },
      { weight: 1, arbitrary: fc.bigInt({ min: -50n, max: 0n }) }
    )
    return idsArb.chain((ids) => {
      const amountsArb = fc.subarray(ids).chain((keys) =>
        fc
          .tuple(...keys.map((id) => fc.bigInt({ min: 1n, max: payableById.get(id) ?? 1n })))
          .map((values) => Object.fromEntries(keys.map((id, i) => [id, values[i]])))
      )
      return fc.record(
        {
          customer_id: fc.constant(CUSTOMER),
          mode: fc.constant(mode),
          currency_code: fc.constant<string>(currency_code),
          invoice_ids: fc.constant(ids),
          amounts: fc.option(amountsArb, { nil: undefined, freq: 2 }),
          amount: amountArb,
          credit: fc.option(fc.bigInt({ min: 0n, max: 3000n }), { nil: undefined }),
        },
        { requiredKeys: ["customer_id", "mode", "currency_code"] }
      )
    })
  })
}

function scenarioArb(
  options: { modes?: readonly PaymentMode[]; settings?: Partial<AllocationSettings> } = {}
): fc.Arbitrary<Scenario> {
  return fc
    .tuple(fc.uniqueArray(invoiceArb, { selector: (inv) => inv.id, maxLength: 25, size: "medium" }), settingsArb)
    .chain(([invoices, randomSettings]) =>
      fc.record({
        invoices: fc.constant(invoices),
        req: requestArb(invoices, options.modes ?? PAYMENT_MODES),
        settings: fc.constant({ ...randomSettings, ...options.settings }),
      })
    )
}

type Outcome = { ok: AllocationResult } | { error: { code: string; field: string; message: string } }

function attempt(invoices: readonly AllocatableInvoice[], req: AllocationRequest, config: AllocationSettings): Outcome {
  try {
    return { ok: allocate(invoices, req, config) }
  } catch (error) {
    // Anything but an AllocationError is a bug: let it fail the property.
    if (!(error instanceof AllocationError)) {
      throw error
    }
    return { error: { code: error.code, field: error.field, message: error.message } }
  }
}

/**
 * Runs a property over successful allocations only, and fails if too few runs
 * succeed: a property that only ever sees errors proves nothing.
 */
function assertOnSuccesses(
  arb: fc.Arbitrary<Scenario>,
  check: (result: AllocationResult, scenario: Scenario) => void,
  minimumSuccessShare = 0.2
): void {
  let runs = 0
  let successes = 0
  fc.assert(
    fc.property(arb, (scenario) => {
      runs++
      const outcome = attempt(scenario.invoices, scenario.req, scenario.settings)
      if ("ok" in outcome) {
        successes++
        check(outcome.ok, scenario)
      }
    }),
    { numRuns: 1000 }
  )
  expect(successes / runs).toBeGreaterThanOrEqual(minimumSuccessShare)
}

describe("allocate: properties", () => {
  it("what is charged is exactly what is allocated plus what is left unapplied", () => {
    assertOnSuccesses(scenarioArb(), (result) => {
      expect(result.amount > 0n).toBe(true)
      expect(result.unapplied_amount >= 0n).toBe(true)
      expect(sum(result.allocations.map((a) => a.amount)) + result.unapplied_amount).toBe(result.amount)
    })
  })

  it("only pays the customer's payable invoices in the currency, each at most once and within what it can take", () => {
    assertOnSuccesses(scenarioArb(), (result, { invoices, req }) => {
      const currency = req.currency_code.toLowerCase()
      const payableById = new Map(payableOf(invoices, currency).map((inv) => [inv.id, inv]))
      const receivedPerInvoice = new Map<string, bigint>()

      for (const list of [result.allocations, result.credit_allocations]) {
        expect(new Set(list.map((a) => a.invoice_id)).size).toBe(list.length)
        for (const part of list) {
          const target = payableById.get(part.invoice_id)
          expect(target).toBeDefined()
          expect(part.display_id).toBe(target?.display_id)
          expect(part.amount > 0n).toBe(true)
          receivedPerInvoice.set(part.invoice_id, (receivedPerInvoice.get(part.invoice_id) ?? 0n) + part.amount)
        }
      }
      for (const [invoiceId, received] of receivedPerInvoice) {
        expect(received <= payableAmount(payableById.get(invoiceId) as AllocatableInvoice)).toBe(true)
      }
      if (req.mode !== "total_balance") {
        expect(result.credit_allocations).toEqual([])
      }
    })
  })

  it("gives the same answer whatever the order of invoices, invoice_ids and amounts", () => {
    const arb = scenarioArb().chain((scenario) =>
      fc.record({
        scenario: fc.constant(scenario),
        invoices: fc.shuffledSubarray(scenario.invoices, { minLength: scenario.invoices.length }),
        ids: fc.shuffledSubarray(scenario.req.invoice_ids ?? [], { minLength: scenario.req.invoice_ids?.length ?? 0 }),
        amountKeys: fc.shuffledSubarray(Object.keys(scenario.req.amounts ?? {}), {
          minLength: Object.keys(scenario.req.amounts ?? {}).length,
        }),
      })
    )
    fc.assert(
      fc.property(arb, ({ scenario, invoices, ids, amountKeys }) => {
        const amounts = scenario.req.amounts
        const reordered: AllocationRequest = {
          ...scenario.req,
          invoice_ids: scenario.req.invoice_ids && ids,
          amounts: amounts && Object.fromEntries(amountKeys.map((key) => [key, amounts[key]])),
        }
        expect(attempt(invoices, reordered, scenario.settings)).toEqual(
          attempt(scenario.invoices, scenario.req, scenario.settings)
        )
      }),
      { numRuns: 1000 }
    )
  })

  it("lists allocations oldest-first", () => {
    assertOnSuccesses(scenarioArb(), (result, { invoices }) => {
      const byId = new Map(invoices.map((inv) => [inv.id, inv]))
      for (const list of [result.allocations, result.credit_allocations]) {
        for (let i = 1; i < list.length; i++) {
          const earlier = byId.get(list[i - 1].invoice_id) as AllocatableInvoice
          const later = byId.get(list[i].invoice_id) as AllocatableInvoice
          expect(compareOldestFirst(earlier, later)).toBeLessThan(0)
        }
      }
    })
  })

  it("fixed_amount: no later invoice gets money while an earlier one is left partly unpaid", () => {
    assertOnSuccesses(scenarioArb({ modes: ["fixed_amount"] }), (result, { invoices, req }) => {
      const oldestFirst = payableOf(invoices, req.currency_code).sort(compareOldestFirst)
      // The allocations are a prefix of the oldest-first payable invoices…
      expect(result.allocations.map((a) => a.invoice_id)).toEqual(
        oldestFirst.slice(0, result.allocations.length).map((inv) => inv.id)
      )
      // …all paid in full except possibly the last one reached.
      result.allocations.slice(0, -1).forEach((part, i) => {
        expect(part.amount).toBe(payableAmount(oldestFirst[i]))
      })
      if (result.unapplied_amount > 0n) {
        expect(result.allocations).toHaveLength(oldestFirst.length)
        const last = result.allocations[result.allocations.length - 1]
        if (last) {
          expect(last.amount).toBe(payableAmount(oldestFirst[oldestFirst.length - 1]))
        }
      }
    })
  })

  it("fixed_amount with prepayment: the excess over the payable balance is unapplied, and nothing else", () => {
    assertOnSuccesses(
      scenarioArb({ modes: ["fixed_amount"], settings: { allow_prepayment: true } }),
      (result, { invoices, req }) => {
        const payableTotal = sum(payableOf(invoices, req.currency_code).map(payableAmount))
        const excess = (req.amount as bigint) - payableTotal
        expect(result.unapplied_amount).toBe(excess > 0n ? excess : 0n)
      }
    )
  })

  it("fixed_amount never leaves money unapplied without prepayment", () => {
    assertOnSuccesses(scenarioArb({ modes: ["fixed_amount"], settings: { allow_prepayment: false } }), (result) => {
      expect(result.unapplied_amount).toBe(0n)
    })
  })

  it("total_balance settles every payable invoice, credit first", () => {
    assertOnSuccesses(scenarioArb({ modes: ["total_balance"] }), (result, { invoices, req }) => {
      const payable = payableOf(invoices, req.currency_code)
      const payableTotal = sum(payable.map(payableAmount))
      const credit = req.credit ?? 0n
      expect(result.amount).toBe(payableTotal - (credit < payableTotal ? credit : payableTotal))
      expect(sum(result.credit_allocations.map((a) => a.amount))).toBe(credit < payableTotal ? credit : payableTotal)

      const received = new Map<string, bigint>()
      for (const part of [...result.credit_allocations, ...result.allocations]) {
        received.set(part.invoice_id, (received.get(part.invoice_id) ?? 0n) + part.amount)
      }
      expect(received.size).toBe(payable.length)
      for (const inv of payable) {
        expect(received.get(inv.id)).toBe(payableAmount(inv))
      }
    })
  })

  it("total_balance succeeds whenever something is owed beyond the credit, whatever the minimum", () => {
    fc.assert(
      fc.property(scenarioArb({ modes: ["total_balance"] }), ({ invoices, req, settings: config }) => {
        const payableTotal = sum(payableOf(invoices, req.currency_code).map(payableAmount))
        const outcome = attempt(invoices, req, config)
        expect("ok" in outcome).toBe(payableTotal > (req.credit ?? 0n))
      }),
      { numRuns: 1000 }
    )
  })

  it("selected_invoices pays exactly the selection, in full unless an amount was given", () => {
    assertOnSuccesses(
      scenarioArb({ modes: ["selected_invoices"] }),
      (result, { invoices, req }) => {
        const byId = new Map(invoices.map((inv) => [inv.id, inv]))
        expect(result.allocations.map((a) => a.invoice_id).sort()).toEqual([...(req.invoice_ids ?? [])].sort())
        for (const part of result.allocations) {
          const expected = req.amounts?.[part.invoice_id] ?? payableAmount(byId.get(part.invoice_id) as AllocatableInvoice)
          expect(part.amount).toBe(expected)
        }
        expect(result.amount).toBe(sum(result.allocations.map((a) => a.amount)))
      }
    )
  })

  it("current_charges pays the most recently issued payable invoice in full", () => {
    const issuedKey = (inv: AllocatableInvoice) => (inv.issued_at === null ? -Infinity : inv.issued_at.getTime())
    assertOnSuccesses(scenarioArb({ modes: ["current_charges"] }), (result, { invoices, req }) => {
      const [only, ...rest] = result.allocations
      expect(rest).toEqual([])
      const chosen = invoices.find((inv) => inv.id === only.invoice_id) as AllocatableInvoice
      expect(only.amount).toBe(payableAmount(chosen))
      for (const other of payableOf(invoices, req.currency_code)) {
        const newer =
          issuedKey(other) > issuedKey(chosen) ||
          (issuedKey(other) === issuedKey(chosen) &&
            (other.display_id > chosen.display_id || (other.display_id === chosen.display_id && other.id > chosen.id)))
        expect(newer).toBe(false)
      }
    })
  })

  it("respects the minimum payment unless the payment clears the whole payable balance", () => {
    assertOnSuccesses(
      scenarioArb({ settings: { minimum_payment: 2000n } }),
      (result, { invoices, req }) => {
        const payableTotal = sum(payableOf(invoices, req.currency_code).map(payableAmount))
        const creditUsed = sum(result.credit_allocations.map((a) => a.amount))
        const clearsEverything = payableTotal > 0n && result.amount + creditUsed >= payableTotal
        expect(result.amount >= 2000n || clearsEverything).toBe(true)
      }
    )
  })
})

describe("allocate: scale", () => {
  // A sanity check that large accounts work; the time budget is measured by `npm run bench`, not asserted here.
  const count = 100_000
  const invoices: AllocatableInvoice[] = []
  for (let i = 0; i < count; i++) {
    invoices.push(
      invoice({
        // Ids and dates deliberately out of order relative to each other.
        id: `inv_${((i * 7919) % count).toString().padStart(6, "0")}`,
        display_id: i + 1,
        issued_at: day(1 + (i % 28)),
        due_at: i % 10 === 0 ? null : day(1 + ((i * 13) % 28)),
        total: 1000n + BigInt(i % 97),
        amount_pending: i % 5 === 0 ? 100n : 0n,
      })
    )
  }
  const payableTotal = sum(invoices.map(payableAmount))

  it("allocates the whole balance of 100,000 invoices", () => {
    const result = allocate(invoices, request({ mode: "total_balance" }), settings())
    expect(result.allocations).toHaveLength(count)
    expect(result.amount).toBe(payableTotal)
  })

  it("allocates a fixed amount over 100,000 invoices", () => {
    const result = allocate(invoices, request({ mode: "fixed_amount", amount: payableTotal / 2n }), settings())
    expect(sum(result.allocations.map((a) => a.amount))).toBe(payableTotal / 2n)
  })

  it("allocates 5,000 selected invoices out of 100,000", () => {
    const ids = invoices.filter((_, i) => i % 20 === 3).map((inv) => inv.id)
    const result = allocate(invoices, request({ mode: "selected_invoices", invoice_ids: ids }), settings())
    expect(result.allocations).toHaveLength(ids.length)
  })
})

// ---------------------------------------------------------------------------
// A preview from a payable window (running sums, only the rows it shows)
// answers exactly what allocating every invoice and keeping the first
// `limit` allocations answers, refusals included.

/** The customer's payable invoices in `currency` as the database selects them (any order). */
function payableRows(invoices: readonly AllocatableInvoice[], currency: string): PayableInvoice[] {
  return invoices
    .filter((inv) => inv.customer_id === CUSTOMER && isPayableStatus(inv.status) && inv.currency_code.toLowerCase() === currency)
    .map((inv) => ({ ...inv, payable_minor: payableAmount(inv) }))
    .reverse()
}

function previewAttempt(run: () => unknown) {
  try {
    return { ok: run() }
  } catch (error) {
    if (!(error instanceof AllocationError)) throw error
    return { error: { code: error.code, field: error.field, message: error.message } }
  }
}

describe("previewFromWindow", () => {
  it("equals the first `limit` allocations of allocate over every invoice, for total_balance and fixed_amount", () => {
    let successes = 0
    let truncated = 0
    fc.assert(
      fc.property(scenarioArb({ modes: ["total_balance", "fixed_amount"] }), fc.integer({ min: 1, max: 8 }), ({ invoices, req, settings: config }, limit) => {
        const expected = previewAttempt(() => previewOf(allocate(invoices, req, config), limit))
        const currency = req.currency_code.toLowerCase()
        const window = payableWindow(payableRows(invoices, currency), payableWindowQuery(req, limit))
        const actual = previewAttempt(() => previewFromWindow(window, req, config, limit))
        expect(actual).toEqual(expected)
        if ("ok" in expected) {
          successes++
          if ((expected.ok as any).allocation_count > limit) truncated++
          // the window holds what is shown, not every invoice
          expect(window.rows.length).toBeLessThanOrEqual(limit + (expected.ok as any).credit_allocations.length)
        }
      }),
      { numRuns: 3000 }
    )
    expect(successes).toBeGreaterThan(600)
    expect(truncated).toBeGreaterThan(100)
  })
})

describe("previewCurrentCharges", () => {
  it("equals allocate's current_charges over every invoice, refusals included", () => {
    let successes = 0
    fc.assert(
      fc.property(scenarioArb({ modes: ["current_charges"] }), fc.integer({ min: 1, max: 3 }), ({ invoices, req, settings: config }, limit) => {
        const expected = previewAttempt(() => previewOf(allocate(invoices, req, config), limit))
        const summary = latestPayable(payableRows(invoices, req.currency_code.toLowerCase()))
        expect(previewAttempt(() => previewCurrentCharges(summary, req, config, limit))).toEqual(expected)
        if ("ok" in expected) successes++
      }),
      { numRuns: 2000 }
    )
    expect(successes).toBeGreaterThan(400)
  })
})
