import fc from "fast-check"
import type { AllocatableInvoice } from "../allocation"
import {
  autopayChargeDate,
  autopayCapFromInput,
  autopayChargeDecision,
  autopayIdempotencyKey,
  isChargeableAt,
  isRetryDue,
  nextRetryAt,
  preDebitNoticeDue,
  selectDueInvoices,
} from "../autopay"

const at = (iso: string) => new Date(iso)
const NOW = at("2026-03-10T06:00:00Z")

function invoice(fields: Partial<AllocatableInvoice> & Pick<AllocatableInvoice, "id">): AllocatableInvoice {
  return {
    display_id: Number(fields.id.replace(/\D/g, "")) || 1,
    customer_id: "cus_a",
    currency_code: "usd",
    status: "open",
    issued_at: at("2026-02-01T00:00:00Z"),
    due_at: at("2026-03-01T00:00:00Z"),
    total: 10000n,
    amount_paid: 0n,
    amount_pending: 0n,
    ...fields,
  }
}

describe("selectDueInvoices", () => {
  it("charges invoices due on or before today (all of today, UTC), oldest first", () => {
    const invoices = [
      invoice({ id: "inv_3", due_at: at("2026-03-10T23:00:00Z") }), // later today: due
      invoice({ id: "inv_1", due_at: at("2026-02-15T00:00:00Z") }),
      invoice({ id: "inv_4", due_at: at("2026-03-11T00:00:00Z") }), // tomorrow: not yet
      invoice({ id: "inv_2", due_at: null, issued_at: at("2026-03-01T00:00:00Z") }), // due on receipt
    ]
    expect(selectDueInvoices(invoices, { charge_on: "due_date", now: NOW, time_zone: "UTC" }).map((i) => i.id)).toEqual([
      "inv_1",
      "inv_3",
      "inv_2",
    ])
  })

  it("with issue_date, charges every issued invoice whatever its due date", () => {
    const invoices = [
      invoice({ id: "inv_1", due_at: at("2026-04-30T00:00:00Z"), issued_at: at("2026-03-09T00:00:00Z") }),
      invoice({ id: "inv_2", issued_at: at("2026-03-11T00:00:00Z"), due_at: at("2026-04-01T00:00:00Z") }),
    ]
    expect(selectDueInvoices(invoices, { charge_on: "issue_date", now: NOW, time_zone: "UTC" }).map((i) => i.id)).toEqual(["inv_1"])
  })

  it("skips paid, void, draft, other-currency invoices and those a payment in flight already covers", () => {
    const invoices = [
      invoice({ id: "inv_1", status: "paid", amount_paid: 10000n }),
      invoice({ id: "inv_2", status: "void" }),
      invoice({ id: "inv_3", status: "draft", issued_at: null }),
      invoice({ id: "inv_4", currency_code: "eur" }),
      invoice({ id: "inv_5", amount_pending: 10000n }), // manual payment in flight
      invoice({ id: "inv_6", status: "partially_paid", amount_paid: 2500n, amount_pending: 2500n }),
    ]
    const due = selectDueInvoices(invoices, { charge_on: "due_date", now: NOW, time_zone: "UTC", currency_code: "usd" })
    expect(due.map((i) => i.id)).toEqual(["inv_6"])
    expect(autopayChargeDecision(due, { currency_code: "usd", cap: null })).toEqual({ charge: true, amount: 5000n, invoice_ids: ["inv_6"] })
  })

  it("does not depend on the input order", () => {
    const invoices = Array.from({ length: 12 }, (_, n) =>
      invoice({ id: `inv_${n + 1}`, due_at: at(`2026-03-${String((n % 12) + 1).padStart(2, "0")}T00:00:00Z`) })
    )
    const expected = selectDueInvoices(invoices, { charge_on: "due_date", now: NOW, time_zone: "UTC" }).map((i) => i.id)
    fc.assert(
      fc.property(fc.shuffledSubarray(invoices, { minLength: invoices.length }), (shuffled) => {
        expect(selectDueInvoices(shuffled, { charge_on: "due_date", now: NOW, time_zone: "UTC" }).map((i) => i.id)).toEqual(expected)
      })
    )
  })

  it("an unissued invoice has no charge date", () => {
    expect(autopayChargeDate({ issued_at: null, due_at: at("2026-01-01T00:00:00Z") }, "due_date")).toBeNull()
    expect(isChargeableAt({ issued_at: null, due_at: at("2026-01-01T00:00:00Z") }, "due_date", NOW, "UTC")).toBe(false)
  })

  it("charges on the due date's day where the business is, not before it begins there", () => {
    const due15 = { issued_at: at("2026-03-01T00:00:00Z"), due_at: at("2026-03-15T00:00:00Z") }
    const la = (iso: string) => isChargeableAt(due15, "due_date", at(iso), "America/Los_Angeles")
    // 06:00 UTC on the 15th is 11 pm on the 14th in California (PDT): not yet
    expect(la("2026-03-15T06:00:00Z")).toBe(false)
    expect(la("2026-03-15T06:59:59.999Z")).toBe(false)
    expect(la("2026-03-15T07:00:00Z")).toBe(true)
    // in UTC the same run charges it
    expect(isChargeableAt(due15, "due_date", at("2026-03-15T06:00:00Z"), "UTC")).toBe(true)
    // ahead of UTC: the 15th begins in Sydney at 13:00 UTC on the 14th
    expect(isChargeableAt(due15, "due_date", at("2026-03-14T12:59:59.999Z"), "Australia/Sydney")).toBe(false)
    expect(isChargeableAt(due15, "due_date", at("2026-03-14T13:00:00Z"), "Australia/Sydney")).toBe(true)
    // an issue date is an instant: chargeable once it has passed, whatever the zone
    const issued = { issued_at: at("2026-03-15T05:00:00Z"), due_at: null }
    expect(isChargeableAt(issued, "due_date", at("2026-03-15T04:59:59Z"), "America/Los_Angeles")).toBe(false)
    expect(isChargeableAt(issued, "due_date", at("2026-03-15T06:00:00Z"), "America/Los_Angeles")).toBe(true)
    expect(isChargeableAt({ ...due15, issued_at: issued.issued_at }, "issue_date", at("2026-03-15T06:00:00Z"), "America/Los_Angeles")).toBe(true)
  })
})

describe("autopayChargeDecision", () => {
  it("charges nothing when nothing is due, and nothing at all above the customer's limit", () => {
    const usd = (amount: bigint) => ({ currency_code: "usd", cap: { amount, currency_code: "usd" } })
    expect(autopayChargeDecision([], usd(100n))).toEqual({ charge: false, reason: "nothing_due", amount: 0n })
    const due = [invoice({ id: "inv_1", total: 12000n }), invoice({ id: "inv_2", total: 3000n })]
    expect(autopayChargeDecision(due, usd(14999n))).toEqual({ charge: false, reason: "over_limit", amount: 15000n })
    expect(autopayChargeDecision(due, usd(15000n))).toEqual({ charge: true, amount: 15000n, invoice_ids: ["inv_1", "inv_2"] })
    expect(autopayChargeDecision(due, { currency_code: "usd", cap: null })).toMatchObject({ charge: true, amount: 15000n })
  })

  it("a cap belongs to its currency: it limits charges in that currency only, in its minor units", () => {
    // ¥50,000 due; a $100.00 cap is 10000 cents, which says nothing about yen
    const yen = [invoice({ id: "inv_1", currency_code: "jpy", total: 50000n })]
    const usdCap = { amount: 10000n, currency_code: "usd" }
    expect(autopayChargeDecision(yen, { currency_code: "jpy", cap: usdCap })).toEqual({
      charge: true,
      amount: 50000n,
      invoice_ids: ["inv_1"],
    })
    // a ¥49,999 cap does stop it (whatever the case of the code)
    expect(autopayChargeDecision(yen, { currency_code: "jpy", cap: { amount: 49999n, currency_code: "JPY" } })).toEqual({
      charge: false,
      reason: "over_limit",
      amount: 50000n,
    })
    // and the same USD cap still limits USD charges
    const dollars = [invoice({ id: "inv_2", total: 10001n })]
    expect(autopayChargeDecision(dollars, { currency_code: "usd", cap: usdCap })).toMatchObject({ charge: false, reason: "over_limit" })
  })
})

describe("autopayCapFromInput", () => {
  it("reads a cap exactly in its currency's minor units; more decimals than the currency has, or nothing, is refused naming max_amount", () => {
    expect(autopayCapFromInput("100.50", "USD")).toEqual({ amount: 10050n, currency_code: "usd" })
    expect(autopayCapFromInput("5000", "jpy")).toEqual({ amount: 5000n, currency_code: "jpy" })
    expect(autopayCapFromInput("1.234", "kwd")).toEqual({ amount: 1234n, currency_code: "kwd" })
    expect(() => autopayCapFromInput("100.5", "jpy")).toThrow("max_amount has more decimals than JPY allows (0)")
    expect(() => autopayCapFromInput("1.001", "usd")).toThrow("max_amount has more decimals than USD allows (2)")
    expect(() => autopayCapFromInput("0.00", "usd")).toThrow("max_amount must be greater than 0")
    expect(() => autopayCapFromInput("-5", "usd")).toThrow("max_amount must be greater than 0")
  })
})

describe("autopayIdempotencyKey", () => {
  it("is the same for the same enrollment, invoice set and attempt, whatever the order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^inv_[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 20 }), (ids) => {
        const reversed = [...ids].reverse()
        expect(autopayIdempotencyKey("apay_1", ids, 1)).toBe(autopayIdempotencyKey("apay_1", reversed, 1))
      })
    )
  })

  it("differs for another enrollment, another invoice set or another attempt", () => {
    const key = autopayIdempotencyKey("apay_1", ["inv_1", "inv_2"], 1)
    expect(autopayIdempotencyKey("apay_2", ["inv_1", "inv_2"], 1)).not.toBe(key)
    expect(autopayIdempotencyKey("apay_1", ["inv_1"], 1)).not.toBe(key)
    expect(autopayIdempotencyKey("apay_1", ["inv_1", "inv_2"], 2)).not.toBe(key)
    expect(key.length).toBeLessThanOrEqual(255)
  })
})

describe("nextRetryAt", () => {
  const first = at("2026-03-10T06:00:00Z")
  it("retries on the configured days after the first failure, then stops", () => {
    expect(nextRetryAt(first, [1, 3, 5], 1)?.toISOString()).toBe("2026-03-11T06:00:00.000Z")
    expect(nextRetryAt(first, [1, 3, 5], 2)?.toISOString()).toBe("2026-03-13T06:00:00.000Z")
    expect(nextRetryAt(first, [5, 1, 3], 3)?.toISOString()).toBe("2026-03-15T06:00:00.000Z")
    expect(nextRetryAt(first, [1, 3, 5], 4)).toBeNull()
    expect(nextRetryAt(first, [], 1)).toBeNull()
    expect(nextRetryAt(first, [1], 0)).toBeNull()
  })
})

describe("preDebitNoticeDue", () => {
  const charge = at("2026-03-13T06:00:00Z")
  it("is due from N days before the charge until the charge", () => {
    expect(preDebitNoticeDue(charge, 3, at("2026-03-09T06:00:00Z"))).toBe(false)
    expect(preDebitNoticeDue(charge, 3, at("2026-03-10T06:00:00Z"))).toBe(true)
    expect(preDebitNoticeDue(charge, 3, at("2026-03-13T05:59:59Z"))).toBe(true)
    expect(preDebitNoticeDue(charge, 3, charge)).toBe(false)
    expect(preDebitNoticeDue(charge, 0, at("2026-03-12T06:00:00Z"))).toBe(false)
  })
})

describe("isRetryDue", () => {
  it("takes a retry at the run of its day, even one that comes an hour early (a daylight-saving change) or a millisecond early", () => {
    const due = at("2026-03-08T14:00:00.000Z") // 24 h after a failure at the 6 am run in California (PST)
    expect(isRetryDue(due, at("2026-03-08T13:00:00.000Z"))).toBe(true) // 6 am PDT: the next day's run
    expect(isRetryDue(due, at("2026-03-08T13:59:59.999Z"))).toBe(true)
    expect(isRetryDue(due, at("2026-03-08T14:00:00.000Z"))).toBe(true)
    // but not the same day's later runs (12 hours after the failure)
    expect(isRetryDue(due, at("2026-03-08T02:00:00.000Z"))).toBe(false)
    expect(isRetryDue(due, at("2026-03-08T11:59:59.999Z"))).toBe(false)
  })
})
