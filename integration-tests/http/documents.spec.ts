import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import {
  loadInvoiceDocumentWorkflow,
  loadReceiptDocumentWorkflow,
  loadStatementDocumentWorkflow,
} from "../../src/workflows/documents"
import { formatMoney } from "../../src/documents"
import { agingBucketFor } from "../../src/domain/statement"
import { recordReversal } from "../../src/workflows/payments/record-outcome"
import { allText, expectShown, readPdf } from "../../src/documents/__tests__/pdf-text"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const daysAgo = (n: number) => new Date(Date.now() - n * DAY)
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const CARD_DECLINED = { type: "card", data: { number: "4000000000000002" } }
const CARD_3DS = { type: "card", data: { number: "4000002500003155" } }
const ACH_OK = { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "110000000" } }
const HISTORY_OFF_MESSAGE = "The History section of the billing portal is disabled"

type Who = { id: string; headers: Record<string, string> }

/** PostgreSQL's trimmed numeric text ("275.2", "0", "-3.5") with the currency's decimals ("275.20", "0.00", "-3.500"). */
const fixed = (value: string, decimals: number) => {
  const [whole, fraction = ""] = value.split(".")
  return `${whole}.${fraction.padEnd(decimals, "0")}`
}
const fixed2 = (value: string) => fixed(value, 2)

/** opening + every amount = closing, and each line's running balance, exactly (integer minor units). */
function expectAddsUp(statement: any, exponent: number) {
  const minor = (v: string) => {
    const negative = v.startsWith("-")
    const [w, f = ""] = v.replace("-", "").split(".")
    expect(f.length).toBe(exponent)
    const n = BigInt(w + f)
    return negative ? -n : n
  }
  let running = minor(statement.opening_balance)
  for (const entry of statement.entries) {
    running += minor(entry.amount)
    expect(minor(entry.balance_after)).toBe(running)
  }
  expect(minor(statement.closing_balance)).toBe(running)
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jane: Who
    let other: Who
    let invoicing: InvoicingModuleService
    let keyCounter = 0

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd", "jpy", "kwd"])
      admin = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      await getContainer()
        .resolve("customer")
        .updateCustomers(jane.id, { company_name: "Cooper Plumbing", phone: "+1 555 0100" })
      await api.post(
        "/admin/billing/settings",
        { business_name: "Acme Heating", support_email: "billing@acme.test", allow_prepayment: true, allow_partial_payments: true },
        admin
      )
    })

    /** A draft (issue: false) or an issued invoice, with exact dates. */
    const invoice = async (
      customerId: string,
      currency: string,
      lines: { title: string; quantity: string; unit_price: string; description?: string; service_date?: Date }[],
      dates: { issued: Date; due: Date },
      issue = true
    ) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: currency,
        due_at: dates.due,
        notes: "Thank you for your business",
        lines,
      })
      if (!issue) return draft
      return await invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: dates.issued })
    }

    const pay = (body: Record<string, unknown>, who: Who = jane) =>
      settle(api.post("/store/billing/payments", body, { headers: { ...who.headers, "idempotency-key": `k-${++keyCounter}` } }))

    const recordCheck = async (invoiceId: string, amount: string, reference: string, receivedAt: Date, offline_method = "check") => {
      const res = await api.post(
        `/admin/billing/invoices/${invoiceId}/payments`,
        { amount, reference, offline_method, received_at: receivedAt.toISOString() },
        admin
      )
      expect(res.status).toBe(201)
      return res.data.payment
    }

    const run = async <T>(workflow: any, input: Record<string, unknown>): Promise<T> => {
      const { result } = await workflow(getContainer()).run({ input })
      return result as T
    }
    const runError = async (workflow: any, input: Record<string, unknown>) => {
      // the first error is the one a route gets (run throws it); later ones come from resolving the result
      const { errors } = await workflow(getContainer()).run({ input, throwOnError: false })
      expect(errors.length).toBeGreaterThan(0)
      return errors[0].error as { type: string; message: string }
    }

    /** A document route's answer: the PDF bytes, or the JSON error it answered instead. */
    const getPdf = async (url: string, headers: Record<string, string>) => {
      const res = await settle(api.get(url, { headers, responseType: "arraybuffer" }))
      const body = Buffer.from(res.data)
      const isPdf = String(res.headers["content-type"]).startsWith("application/pdf")
      return { status: res.status as number, headers: res.headers as Record<string, string>, body, json: isPdf ? null : JSON.parse(body.toString("utf8")) }
    }
    const expectPdfHeaders = (res: { status: number; headers: Record<string, string>; body: Buffer }, filename: string) => {
      expect(res.status).toBe(200)
      expect(res.headers["content-type"]).toBe("application/pdf")
      expect(res.headers["content-disposition"]).toBe(`attachment; filename="${filename}"`)
      expect(res.headers["cache-control"]).toBe("private, no-store")
      expect(res.headers["x-content-type-options"]).toBe("nosniff")
      expect(Number(res.headers["content-length"])).toBe(res.body.length)
      expect(res.body.subarray(0, 5).toString("latin1")).toBe("%PDF-")
    }
    const numberOf = async (id: string) => `INV-${String((await invoicing.retrieveInvoice(id)).display_id).padStart(6, "0")}`

    const pg = () => getContainer().resolve("__pg_connection__") as any
    /** The ledger's own balance_after at the end of a range: the last entry (posting order) dated up to `to`. */
    const ledgerBalanceAt = async (customerId: string, currency: string, to: Date) => {
      const { rows } = await pg().raw(
        `SELECT balance_after::text AS b FROM ledger_entry WHERE customer_id = ? AND currency_code = ? AND occurred_at <= ?
          ORDER BY sequence DESC LIMIT 1`,
        [customerId, currency, to]
      )
      return rows[0]?.b ?? "0"
    }
    /** What the customer owed at a date by the ledger's amounts: every entry dated up to then. */
    const ledgerSumAt = async (customerId: string, currency: string, at: Date) => {
      const { rows } = await pg().raw(
        `SELECT COALESCE(SUM(amount), 0)::text AS b FROM ledger_entry WHERE customer_id = ? AND currency_code = ? AND occurred_at <= ?`,
        [customerId, currency, at]
      )
      return rows[0].b as string
    }

    describe("loaders", () => {
      it("invoice: lines, totals and the payments applied with their transaction ids and method labels (USD, JPY, KWD)", async () => {
        const issued = daysAgo(40)
        const received = daysAgo(1)
        const usd = await invoice(
          jane.id,
          "usd",
          [
            { title: "Call-out", quantity: "1", unit_price: "150.00", service_date: new Date("2026-11-02T00:00:00Z") },
            { title: "Labour", quantity: "2.5", unit_price: "90.10", description: "hours" },
          ],
          { issued, due: daysAgo(10) }
        )
        const card = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [usd.id], amounts: { [usd.id]: "100.00" }, payment_method: CARD_OK })
        expect(card.status).toBe(201)
        expect(card.data.payment).toMatchObject({ status: "succeeded", method_details: { brand: "visa", last4: "4242" } })
        const check = await recordCheck(usd.id, "50.05", "1042", received)
        expect(check.method_details).toEqual({ offline_method: "check" })

        const doc = await run<any>(loadInvoiceDocumentWorkflow, { invoice_id: usd.id, customer_id: jane.id, generated_at: "2026-12-01T12:00:00.000Z" })
        expect(doc.business).toEqual({ name: "Acme Heating", support_email: "billing@acme.test", portal_url: expect.stringMatching(/^http/), time_zone: "UTC" })
        expect(doc.customer).toEqual({
          id: jane.id,
          name: "Jane Customer",
          email: "jane@test.dev",
          company_name: "Cooper Plumbing",
          phone: "+1 555 0100",
        })
        expect(doc.generated_at).toBe("2026-12-01T12:00:00.000Z")
        expect(doc.invoice).toMatchObject({
          id: usd.id,
          number: expect.stringMatching(/^INV-\d{6}$/),
          status: "partially_paid",
          currency_code: "usd",
          notes: "Thank you for your business",
          subtotal: "375.25",
          tax_total: "0.00",
          total: "375.25",
          amount_paid: "150.05",
          amount_pending: "0.00",
          amount_due: "225.20",
          voided_at: null,
        })
        expect(doc.invoice.issued_at).toBe(issued.toISOString())
        expect(doc.invoice.lines).toEqual([
          { title: "Call-out", description: null, service_date: "2026-11-02T00:00:00.000Z", quantity: "1", unit_price: "150.00", total: "150.00" },
          { title: "Labour", description: "hours", service_date: null, quantity: "2.5", unit_price: "90.10", total: "225.25" },
        ])
        // oldest first: the check was received yesterday, the card paid just now
        expect(doc.invoice.payments).toEqual([
          { transaction_id: "1042", date: received.toISOString(), method_label: "Check #1042", amount: "50.05", status: "succeeded" },
          {
            transaction_id: card.data.payment.transaction_id,
            date: card.data.payment.completed_at,
            method_label: "Visa •••• 4242",
            amount: "100.00",
            status: "succeeded",
          },
        ])
        expect(card.data.payment.transaction_id).toMatch(/^pi_sandbox_/)

        const jpy = await invoice(jane.id, "jpy", [{ title: "Inspection", quantity: "3", unit_price: "1500" }], { issued: daysAgo(5), due: daysAgo(-25) })
        await recordCheck(jpy.id, "1234", "J-77", daysAgo(1), "bank_transfer")
        const jpyDoc = await run<any>(loadInvoiceDocumentWorkflow, { invoice_id: jpy.id, customer_id: jane.id })
        expect(jpyDoc.invoice).toMatchObject({ total: "4500", amount_paid: "1234", amount_due: "3266", subtotal: "4500", tax_total: "0" })
        expect(jpyDoc.invoice.lines[0]).toMatchObject({ unit_price: "1500", total: "4500" })
        expect(jpyDoc.invoice.payments).toEqual([
          expect.objectContaining({ transaction_id: "J-77", method_label: "Bank transfer", amount: "1234" }),
        ])

        const kwd = await invoice(jane.id, "kwd", [{ title: "Filter", quantity: "2", unit_price: "1.005" }], { issued: daysAgo(5), due: daysAgo(-25) })
        const kwdCard = await pay({ mode: "selected_invoices", currency_code: "kwd", invoice_ids: [kwd.id], payment_method: CARD_OK })
        expect(kwdCard.status).toBe(201)
        const kwdDoc = await run<any>(loadInvoiceDocumentWorkflow, { invoice_id: kwd.id, customer_id: jane.id })
        expect(kwdDoc.invoice).toMatchObject({ status: "paid", total: "2.010", amount_paid: "2.010", amount_due: "0.000", tax_total: "0.000" })
        expect(kwdDoc.invoice.lines[0]).toMatchObject({ quantity: "2", unit_price: "1.005", total: "2.010" })
        expect(kwdDoc.invoice.payments).toEqual([
          expect.objectContaining({ transaction_id: kwdCard.data.payment.transaction_id, method_label: "Visa •••• 4242", amount: "2.010" }),
        ])
      })

      it("invoice: scoped to the customer, drafts only when asked, void marked", async () => {
        const open = await invoice(jane.id, "usd", [{ title: "Service", quantity: "1", unit_price: "80.00" }], { issued: daysAgo(3), due: daysAgo(-27) })
        const draft = await invoice(jane.id, "usd", [{ title: "Quote", quantity: "1", unit_price: "10.00" }], { issued: daysAgo(0), due: daysAgo(-30) }, false)
        const voided = await invoice(jane.id, "usd", [{ title: "Mistake", quantity: "1", unit_price: "5.00" }], { issued: daysAgo(2), due: daysAgo(-28) })
        await invoicing.voidInvoice(voided.id, { now: new Date() })

        for (const [input, message] of [
          [{ invoice_id: open.id, customer_id: other.id }, `Invoice with id: ${open.id} was not found`],
          [{ invoice_id: draft.id, customer_id: jane.id }, `Invoice with id: ${draft.id} was not found`],
          [{ invoice_id: draft.id }, `Invoice with id: ${draft.id} was not found`],
          [{ invoice_id: "inv_missing", customer_id: jane.id }, "Invoice with id: inv_missing was not found"],
        ] as const) {
          const error = await runError(loadInvoiceDocumentWorkflow, input)
          expect(error).toMatchObject({ type: "not_found", message })
        }

        const adminDraft = await run<any>(loadInvoiceDocumentWorkflow, { invoice_id: draft.id, include_drafts: true })
        expect(adminDraft.invoice).toMatchObject({ status: "draft", total: "10.00", amount_due: "0.00", issued_at: null, payments: [] })
        expect(adminDraft.customer.id).toBe(jane.id)

        const voidDoc = await run<any>(loadInvoiceDocumentWorkflow, { invoice_id: voided.id, customer_id: jane.id })
        expect(voidDoc.invoice).toMatchObject({ status: "void", total: "5.00", amount_due: "0.00", voided_at: expect.any(String) })
      })

      it("receipt: transaction id, method label, what each invoice got, the credit left; none for a payment that did not go through", async () => {
        const older = await invoice(jane.id, "usd", [{ title: "Repair", quantity: "1", unit_price: "120.00" }], { issued: daysAgo(30), due: daysAgo(5) })
        const newer = await invoice(jane.id, "usd", [{ title: "Service", quantity: "1", unit_price: "49.99" }], { issued: daysAgo(5), due: daysAgo(-25) })
        // 200.00 over 169.99 owed: both invoices paid, 30.01 left as credit
        const paid = await pay({ mode: "fixed_amount", currency_code: "usd", amount: "200.00", payment_method: CARD_OK, note: "thanks" })
        expect(paid.status).toBe(201)
        const payment = paid.data.payment
        const numbers = Object.fromEntries(
          (await invoicing.listInvoices({ id: [older.id, newer.id] }, { select: ["id", "display_id"] })).map((i) => [
            i.id,
            `INV-${String(i.display_id).padStart(6, "0")}`,
          ])
        )
        const receipt = await run<any>(loadReceiptDocumentWorkflow, { payment_id: payment.id, customer_id: jane.id })
        expect(receipt.customer).toMatchObject({ id: jane.id, name: "Jane Customer", email: "jane@test.dev" })
        expect(receipt.payment).toEqual({
          id: payment.id,
          transaction_id: payment.transaction_id,
          date: payment.completed_at,
          status: "succeeded",
          method: { type: "card", label: "Visa •••• 4242" },
          source: "portal",
          currency_code: "usd",
          amount: "200.00",
          allocations: [
            { invoice_number: numbers[older.id], amount: "120.00" },
            { invoice_number: numbers[newer.id], amount: "49.99" },
          ].sort((a, b) => (a.invoice_number < b.invoice_number ? -1 : 1)),
          credit_created: "30.01",
          refunded_amount: "0.00",
          note: "thanks",
        })

        const another = await runError(loadReceiptDocumentWorkflow, { payment_id: payment.id, customer_id: other.id })
        expect(another).toMatchObject({ type: "not_found", message: `Payment with id: ${payment.id} was not found` })

        const kwdInvoice = await invoice(jane.id, "kwd", [{ title: "Part", quantity: "1", unit_price: "3.500" }], { issued: daysAgo(2), due: daysAgo(-20) })
        const declined = await pay({ mode: "selected_invoices", currency_code: "kwd", invoice_ids: [kwdInvoice.id], payment_method: CARD_DECLINED })
        expect(declined.data.payment.status).toBe("failed")
        expect(await runError(loadReceiptDocumentWorkflow, { payment_id: declined.data.payment.id, customer_id: jane.id })).toMatchObject({
          type: "not_found",
          message: `Payment ${declined.data.payment.id} has no receipt: it did not go through (failed)`,
        })
        const waiting = await pay({ mode: "selected_invoices", currency_code: "kwd", invoice_ids: [kwdInvoice.id], payment_method: CARD_3DS })
        expect(waiting.data.payment.status).toBe("pending")
        expect(await runError(loadReceiptDocumentWorkflow, { payment_id: waiting.data.payment.id })).toMatchObject({
          type: "not_found",
          message: `Payment ${waiting.data.payment.id} has no receipt: it has not gone through yet`,
        })
      })

      it("statement: opening + entries = closing = the ledger's balance at the end of the range; all time, since zero, a cut range", async () => {
        // Posted in date order: every entry's balance_after is also the balance at its date.
        const a = await invoice(jane.id, "usd", [{ title: "Install", quantity: "1", unit_price: "100.00" }], { issued: daysAgo(90), due: daysAgo(60) })
        const zeroAt = daysAgo(80)
        await recordCheck(a.id, "100.00", "1001", zeroAt) // balance back to zero
        const b = await invoice(jane.id, "usd", [{ title: "Repair", quantity: "2.5", unit_price: "150.10" }], { issued: daysAgo(50), due: daysAgo(35) })
        await recordCheck(b.id, "50.00", "1002", daysAgo(40))
        const c = await invoice(jane.id, "usd", [{ title: "Service", quantity: "1", unit_price: "49.99" }], { issued: daysAgo(20), due: daysAgo(5) })
        const d = await invoice(jane.id, "usd", [{ title: "Wrong", quantity: "1", unit_price: "10.00" }], { issued: daysAgo(10), due: daysAgo(-20) })
        const card = await pay({ mode: "fixed_amount", currency_code: "usd", amount: "100.00", payment_method: CARD_OK })
        expect(card.status).toBe(201)
        await invoicing.voidInvoice(d.id, { now: new Date() })
        const number = async (id: string) => `INV-${String((await invoicing.retrieveInvoice(id)).display_id).padStart(6, "0")}`
        const now = new Date(Date.now() + 1000)

        const all = await run<any>(loadStatementDocumentWorkflow, { customer_id: jane.id, now: now.toISOString() })
        expect(all.currency_code).toBe("usd")
        expect(all.period).toEqual({ kind: "all_time", from: null, to: now.toISOString() })
        expect(all.opening_balance).toBe("0.00")
        expect(all.entries.map((e: any) => [e.type, e.description, e.amount, e.balance_after])).toEqual([
          ["invoice", `Invoice ${await number(a.id)}`, "100.00", "100.00"],
          ["payment", "Payment · Check #1001", "-100.00", "0.00"],
          ["invoice", `Invoice ${await number(b.id)}`, "375.25", "375.25"],
          ["payment", "Payment · Check #1002", "-50.00", "325.25"],
          ["invoice", `Invoice ${await number(c.id)}`, "49.99", "375.24"],
          ["invoice", `Invoice ${await number(d.id)}`, "10.00", "385.24"],
          ["payment", `Payment · Visa •••• 4242 · ${card.data.payment.transaction_id}`, "-100.00", "285.24"],
          ["void", `Invoice ${await number(d.id)} voided`, "-10.00", "275.24"],
        ])
        expect(all.closing_balance).toBe("275.24")
        expect(all.closing_balance).toBe(await ledgerBalanceAt(jane.id, "usd", now).then(fixed2))
        // the customer's balance today (DESIGN invariant 3) is where "all time" ends
        const account = await api.get("/store/billing/account", { headers: jane.headers })
        expect(account.data.account.balances[0].total_balance).toBe(275.24)
        // aging as of now: B (225.25 left, due 35 days ago) and C (due 5 days ago)
        expect(all.aging.total).toBe("275.24")
        expect(Object.fromEntries(all.aging.buckets.map((b: any) => [b.key, b.amount]))).toEqual({
          current: "0.00",
          "1_30": "49.99",
          "31_60": "225.25",
          "61_90": "0.00",
          "90_plus": "0.00",
        })

        // a range that cuts history: opens with what was owed before it
        const from = daysAgo(45)
        const to = daysAgo(15)
        const cut = await run<any>(loadStatementDocumentWorkflow, {
          customer_id: jane.id,
          currency_code: "USD",
          from: from.toISOString(),
          to: to.toISOString(),
          now: now.toISOString(),
        })
        expect(cut.period).toEqual({ kind: "range", from: from.toISOString(), to: to.toISOString() })
        expect(cut.opening_balance).toBe("375.25")
        expect(cut.entries.map((e: any) => [e.amount, e.balance_after])).toEqual([
          ["-50.00", "325.25"],
          ["49.99", "375.24"],
        ])
        expect(cut.closing_balance).toBe("375.24")
        expect(cut.closing_balance).toBe(fixed2(await ledgerBalanceAt(jane.id, "usd", to)))
        expect(cut.opening_balance).toBe(fixed2(await ledgerBalanceAt(jane.id, "usd", new Date(from.getTime() - 1))))
        expectAddsUp(cut, 2)

        // since the balance was last zero: after check #1001
        const sinceZero = await run<any>(loadStatementDocumentWorkflow, { customer_id: jane.id, period: "since_zero", now: now.toISOString() })
        expect(sinceZero.period).toEqual({ kind: "since_zero", from: zeroAt.toISOString(), to: now.toISOString() })
        expect(sinceZero.opening_balance).toBe("0.00")
        expect(sinceZero.entries).toHaveLength(6)
        expect(sinceZero.entries[0].description).toBe(`Invoice ${await number(b.id)}`)
        expect(sinceZero.closing_balance).toBe("275.24")
        expectAddsUp(sinceZero, 2)

        // A check recorded now as received 85 days ago is posted last but dated early: the
        // statement follows the dates and still adds up; what it says was owed at a date is
        // the sum of every amount dated up to then.
        await recordCheck(b.id, "10.00", "1003", daysAgo(85))
        const backdated = await run<any>(loadStatementDocumentWorkflow, { customer_id: jane.id, now: now.toISOString() })
        expectAddsUp(backdated, 2)
        expect(backdated.entries[1]).toMatchObject({ description: "Payment · Check #1003", amount: "-10.00", balance_after: "90.00" })
        expect(backdated.closing_balance).toBe("265.24")
        expect(backdated.closing_balance).toBe(fixed2(await ledgerBalanceAt(jane.id, "usd", now)))
        const early = await run<any>(loadStatementDocumentWorkflow, {
          customer_id: jane.id,
          from: daysAgo(88).toISOString(),
          to: daysAgo(70).toISOString(),
        })
        expect([early.opening_balance, ...early.entries.map((e: any) => e.amount), early.closing_balance]).toEqual([
          "100.00",
          "-10.00",
          "-100.00",
          "-10.00",
        ])
        expect(early.closing_balance).toBe(fixed2(await ledgerSumAt(jane.id, "usd", daysAgo(70))))
        // the balance has not been zero (by date) since the check was back-dated: since_zero is all time
        const neverZero = await run<any>(loadStatementDocumentWorkflow, { customer_id: jane.id, period: "since_zero", now: now.toISOString() })
        expect(neverZero.period.from).toBeNull()
        expect(neverZero.entries).toHaveLength(backdated.entries.length)
      })

      it("statement: all entry types whatever History shows; a refund on the receipt; an empty statement in the store's currency; 404 for no customer", async () => {
        await api.post("/admin/billing/settings", { history: { show_charges: false, show_payments: false } }, admin)
        const a = await invoice(jane.id, "kwd", [{ title: "Pump", quantity: "1", unit_price: "12.345" }], { issued: daysAgo(10), due: daysAgo(-20) })
        await recordCheck(a.id, "2.345", "77", daysAgo(5))
        const paid = (await pay({ mode: "fixed_amount", currency_code: "kwd", amount: "15.000", payment_method: CARD_OK })).data.payment
        // money back out of the 5.000 credit that payment left
        const refund = await api.post(`/admin/billing/payments/${paid.id}/refund`, { amount: "1.500" }, {
          headers: { ...admin.headers, "idempotency-key": "refund-1" },
        })
        expect(refund.status).toBe(200)
        const history = await api.get("/store/billing/history", { headers: jane.headers })
        expect(history.data.history).toEqual([])

        const statement = await run<any>(loadStatementDocumentWorkflow, { customer_id: jane.id })
        expect(statement.currency_code).toBe("kwd")
        expect(statement.entries.map((e: any) => [e.type, e.amount, e.balance_after])).toEqual([
          ["invoice", "12.345", "12.345"],
          ["payment", "-2.345", "10.000"],
          ["payment", "-15.000", "-5.000"],
          ["refund", "1.500", "-3.500"],
        ])
        expect(statement.closing_balance).toBe("-3.500")
        expect(statement.closing_balance).toBe(fixed(await ledgerBalanceAt(jane.id, "kwd", new Date()), 3))
        expect(statement.entries[3].description).toBe("Refund")
        expect(statement.aging).toMatchObject({ total: "0.000" })

        const receipt = await run<any>(loadReceiptDocumentWorkflow, { payment_id: paid.id, customer_id: jane.id })
        expect(receipt.payment).toMatchObject({ amount: "15.000", credit_created: "3.500", refunded_amount: "1.500" })
        expect(receipt.payment.allocations).toEqual([{ invoice_number: await numberOf(a.id), amount: "10.000" }])

        // Other has no ledger at all: an empty statement in the store's default currency
        const empty = await run<any>(loadStatementDocumentWorkflow, { customer_id: other.id })
        expect(empty).toMatchObject({
          currency_code: "usd",
          opening_balance: "0.00",
          entries: [],
          closing_balance: "0.00",
          customer: { id: other.id, name: "Other Customer" },
          aging: { total: "0.00" },
        })
        expect(await runError(loadStatementDocumentWorkflow, { customer_id: "cus_nope" })).toMatchObject({
          type: "not_found",
          message: "Customer with id: cus_nope was not found",
        })
      })

      it("aging: the SQL buckets of the report and the statement agree with agingBucketFor at every boundary", async () => {
        // a later day than any run of the suites: the report refuses a day before today
        const asOf = new Date(Date.UTC(2031, 10, 15, 12, 0, 0))
        const at = (ms: number) => new Date(asOf.getTime() + ms)
        // days late count from the start of as_of's day (a due date is a day, past once it is over)
        const dayStart = Date.UTC(2031, 10, 15)
        const fromDayStart = (ms: number) => new Date(dayStart + ms)
        const dues: (Date | null)[] = [
          null,
          at(DAY),
          asOf,
          fromDayStart(0),
          fromDayStart(-1),
          fromDayStart(-30 * DAY),
          fromDayStart(-30 * DAY - 1),
          fromDayStart(-60 * DAY),
          fromDayStart(-60 * DAY - 1),
          fromDayStart(-90 * DAY),
          fromDayStart(-90 * DAY - 1),
        ]
        const expected: Record<string, bigint> = {}
        for (const [i, due] of dues.entries()) {
          // 2^i cents: each bucket's sum says exactly which invoices it holds
          const cents = 1n << BigInt(i)
          const price = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`
          const draft = await invoicing.createDraftInvoice({
            customer_id: jane.id,
            currency_code: "usd",
            due_at: due,
            lines: [{ title: `Boundary ${i}`, quantity: "1", unit_price: price }],
          })
          await invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: at(-100 * DAY) })
          const key = agingBucketFor(due ? due.toISOString() : null, asOf.toISOString(), "UTC")
          expected[key] = (expected[key] ?? 0n) + cents
        }
        // every bucket is exercised, so a shifted boundary changes the sums
        expect(Object.keys(expected).sort()).toEqual(["1_30", "31_60", "61_90", "90_plus", "current"])
        const [summary] = await invoicing.getAgingSummaries({ as_of: asOf, time_zone: "UTC", customer_id: jane.id })
        // (as strings: a failing comparison of bigints cannot be reported by jest's workers)
        const asText = (record: Record<string, bigint>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, String(v)]))
        expect(asText(Object.fromEntries(summary.buckets.map((b) => [b.key, b.amount])))).toEqual(asText({ "1_30": 0n, "31_60": 0n, "61_90": 0n, "90_plus": 0n, current: 0n, ...expected }))

        const statement = await run<any>(loadStatementDocumentWorkflow, { customer_id: jane.id, now: asOf.toISOString() })
        expect(statement.aging.as_of).toBe(asOf.toISOString())
        expect(Object.fromEntries(statement.aging.buckets.map((b: any) => [b.key, b.amount]))).toEqual(
          Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, `${v / 100n}.${String(v % 100n).padStart(2, "0")}`]))
        )
        // the admin report reads the same query
        const report = await api.get(`/admin/billing/reports/aging?as_of=${asOf.toISOString()}&customer_id=${jane.id}`, admin)
        expect(report.data.aging[0].buckets.map((b: any) => [b.key, b.amount])).toEqual(
          summary.buckets.map((b) => [b.key, Number(b.amount) / 100])
        )
      })
    })

    describe("routes", () => {
      it("invoice PDFs for USD, JPY and KWD: every amount, the transaction ids, PAID / VOID, DRAFT for the admin only; headers; 404 for anyone else", async () => {
        const usd = await invoice(
          jane.id,
          "usd",
          [
            { title: "Call-out", quantity: "1", unit_price: "150.00" },
            { title: "Labour", quantity: "2.5", unit_price: "90.10", description: "hours" },
          ],
          { issued: daysAgo(40), due: daysAgo(10) }
        )
        const card = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [usd.id], amounts: { [usd.id]: "100.00" }, payment_method: CARD_OK })
        await recordCheck(usd.id, "50.05", "1042", daysAgo(1))
        const usdNumber = await numberOf(usd.id)

        const usdPdf = await getPdf(`/store/billing/invoices/${usd.id}/pdf`, jane.headers)
        expectPdfHeaders(usdPdf, `${usdNumber}.pdf`)
        const usdText = await readPdf(usdPdf.body)
        expectShown(usdText, [
          usdNumber,
          "$150.00", // call-out unit price and total
          "$90.10",
          "$225.25",
          "$375.25", // subtotal and total
          "$100.00",
          "$50.05",
          "$150.05", // paid
          "$225.20", // due
          card.data.payment.transaction_id,
          "1042",
          "Visa •••• 4242",
          "Check #1042",
          "Call-out",
          "Labour",
        ])
        expect(allText(usdText)).not.toMatch(/\bPAID\b|\bVOID\b|DRAFT/)

        const jpy = await invoice(jane.id, "jpy", [{ title: "Inspection", quantity: "3", unit_price: "1500" }], { issued: daysAgo(5), due: daysAgo(-25) })
        const jpyCard = await pay({ mode: "selected_invoices", currency_code: "jpy", invoice_ids: [jpy.id], payment_method: CARD_OK })
        expect(jpyCard.data.payment.status).toBe("succeeded")
        const jpyPdf = await getPdf(`/store/billing/invoices/${jpy.id}/pdf`, jane.headers)
        expectPdfHeaders(jpyPdf, `${await numberOf(jpy.id)}.pdf`)
        const jpyText = await readPdf(jpyPdf.body)
        expectShown(jpyText, ["¥1,500", "¥4,500", "¥0", "PAID", jpyCard.data.payment.transaction_id, "Visa •••• 4242"])

        const kwd = await invoice(jane.id, "kwd", [{ title: "Filter", quantity: "2", unit_price: "1.005" }], { issued: daysAgo(5), due: daysAgo(-25) })
        await invoicing.voidInvoice(kwd.id, { now: new Date() })
        const kwdText = await readPdf((await getPdf(`/store/billing/invoices/${kwd.id}/pdf`, jane.headers)).body)
        expectShown(kwdText, [formatMoney("1.005", "kwd"), formatMoney("2.010", "kwd"), formatMoney("0.000", "kwd"), "VOID"])
        expect(formatMoney("2.010", "kwd")).toMatch(/^KWD.2\.010$/)

        const draft = await invoice(jane.id, "usd", [{ title: "Quote", quantity: "1", unit_price: "12.34" }], { issued: daysAgo(0), due: daysAgo(-30) }, false)
        const storeDraft = await getPdf(`/store/billing/invoices/${draft.id}/pdf`, jane.headers)
        expect(storeDraft.status).toBe(404)
        expect(storeDraft.json).toEqual({ type: "not_found", message: `Invoice with id: ${draft.id} was not found` })
        const adminDraft = await getPdf(`/admin/billing/invoices/${draft.id}/pdf`, admin.headers)
        expectPdfHeaders(adminDraft, `${await numberOf(draft.id)}.pdf`)
        const draftText = await readPdf(adminDraft.body)
        expectShown(draftText, ["$12.34"])
        expect(allText(draftText)).toContain("DRAFT")
        const adminUsd = await getPdf(`/admin/billing/invoices/${usd.id}/pdf`, admin.headers)
        expectShown(await readPdf(adminUsd.body), ["$225.20", card.data.payment.transaction_id])

        // a second customer: every invoice of Jane's is a 404, exactly like one that does not exist
        for (const id of [usd.id, jpy.id, kwd.id, draft.id, "inv_does_not_exist"]) {
          const res = await getPdf(`/store/billing/invoices/${id}/pdf`, other.headers)
          expect({ id, status: res.status, json: res.json }).toEqual({
            id,
            status: 404,
            json: { type: "not_found", message: `Invoice with id: ${id} was not found` },
          })
        }
        expect((await getPdf(`/store/billing/invoices/${usd.id}/pdf?download=1`, jane.headers)).status).toBe(400)
        expect((await getPdf(`/store/billing/invoices/${usd.id}/pdf`, { "x-publishable-api-key": jane.headers["x-publishable-api-key"] })).status).toBe(401)
        expect((await getPdf(`/admin/billing/invoices/inv_nope/pdf`, admin.headers)).status).toBe(404)
      })

      it("receipt PDFs: transaction id, 'Visa •••• 4242', each invoice and amount, the credit; a settling ACH debit; 404 for anyone else and for payments that did not go through", async () => {
        const older = await invoice(jane.id, "usd", [{ title: "Repair", quantity: "1", unit_price: "120.00" }], { issued: daysAgo(30), due: daysAgo(5) })
        const newer = await invoice(jane.id, "usd", [{ title: "Service", quantity: "1", unit_price: "49.99" }], { issued: daysAgo(5), due: daysAgo(-25) })
        const paid = (await pay({ mode: "fixed_amount", currency_code: "usd", amount: "200.00", payment_method: CARD_OK })).data.payment
        const res = await getPdf(`/store/billing/payments/${paid.id}/receipt`, jane.headers)
        expectPdfHeaders(res, `receipt-${paid.transaction_id}.pdf`)
        const text = await readPdf(res.body)
        expectShown(text, [
          paid.transaction_id,
          "Visa •••• 4242",
          `Invoice ${await numberOf(older.id)}`,
          `Invoice ${await numberOf(newer.id)}`,
          "$200.00",
          "$120.00",
          "$49.99",
          "$30.01", // credit created
        ])
        expect(allText(text)).toContain("Paid")

        const kwdInvoice = await invoice(jane.id, "kwd", [{ title: "Part", quantity: "1", unit_price: "3.500" }], { issued: daysAgo(2), due: daysAgo(-20) })
        const ach = (await pay({ mode: "selected_invoices", currency_code: "kwd", invoice_ids: [kwdInvoice.id], payment_method: ACH_OK })).data.payment
        expect(ach.status).toBe("processing")
        expect(ach.method_details).toEqual({ bank_name: "SANDBOX TEST BANK", last4: "6789" })
        const achText = await readPdf((await getPdf(`/store/billing/payments/${ach.id}/receipt`, jane.headers)).body)
        expectShown(achText, ["SANDBOX TEST BANK •••• 6789", formatMoney("3.500", "kwd"), `Invoice ${await numberOf(kwdInvoice.id)}`])
        expect(allText(achText)).toContain("Pending until the bank settles")

        const unpaid = await invoice(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "75.00" }], { issued: daysAgo(1), due: daysAgo(-29) })
        const declined = (await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [unpaid.id], payment_method: CARD_DECLINED })).data.payment
        expect(declined.status).toBe("failed")
        for (const [who, id, message] of [
          [other, paid.id, `Payment with id: ${paid.id} was not found`],
          [other, ach.id, `Payment with id: ${ach.id} was not found`],
          [other, "cpay_nope", "Payment with id: cpay_nope was not found"],
          [jane, declined.id, `Payment ${declined.id} has no receipt: it did not go through (failed)`],
        ] as const) {
          const answer = await getPdf(`/store/billing/payments/${id}/receipt`, who.headers)
          expect({ id, status: answer.status, json: answer.json }).toEqual({ id, status: 404, json: { type: "not_found", message } })
        }

        const adminReceipt = await getPdf(`/admin/billing/payments/${paid.id}/receipt`, admin.headers)
        expectPdfHeaders(adminReceipt, `receipt-${paid.transaction_id}.pdf`)
        expect((await getPdf(`/admin/billing/payments/${declined.id}/receipt`, admin.headers)).status).toBe(404)
        // the serialized payment shows how it was made, never a number
        const listed = await api.get(`/store/billing/payments/${paid.id}`, { headers: jane.headers })
        expect(listed.data.payment.method_details).toEqual({ brand: "visa", last4: "4242" })
        expect(JSON.stringify(listed.data)).not.toContain("4242424242424242")
        const adminList = await api.get(`/admin/billing/payments?customer_id=${jane.id}`, admin)
        expect(adminList.data.payments.find((p: any) => p.id === ach.id).method_details).toEqual({ bank_name: "SANDBOX TEST BANK", last4: "6789" })
      })

      it("receipt PDFs of a refunded payment: 'Partially refunded' / 'Refunded', never 'Paid'; what it pays now, the refund and the net agree with the ledger", async () => {
        const older = await invoice(jane.id, "usd", [{ title: "Repair", quantity: "1", unit_price: "120.00" }], { issued: daysAgo(30), due: daysAgo(5) })
        const newer = await invoice(jane.id, "usd", [{ title: "Service", quantity: "1", unit_price: "49.99" }], { issued: daysAgo(5), due: daysAgo(-25) })
        const paid = (await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [older.id, newer.id], payment_method: CARD_OK })).data.payment
        const refund = (amount: string | null, key: string) =>
          api.post(`/admin/billing/payments/${paid.id}/refund`, amount ? { amount } : {}, { headers: { ...admin.headers, "idempotency-key": key } })
        // 20.00 back: out of the most recently due invoice, which is owed again
        expect((await refund("20.00", "receipt-refund-1")).status).toBe(200)
        expect((await invoicing.retrieveInvoice(newer.id)).amount_due).toBe(20)
        const partial = await readPdf((await getPdf(`/store/billing/payments/${paid.id}/receipt`, jane.headers)).body)
        expectShown(partial, [
          "Partially refunded",
          `Invoice ${await numberOf(older.id)}`,
          "$120.00",
          `Invoice ${await numberOf(newer.id)}`,
          "$29.99",
          "Refunded",
          "$20.00",
          "Total paid",
          "$169.99",
          "Net paid",
          "$149.99",
        ])
        expect(partial.strings).not.toContain("Paid")

        // the rest back: nothing of it is paid any more, and the receipt says so
        expect((await refund(null, "receipt-refund-2")).status).toBe(200)
        const full = await readPdf((await getPdf(`/store/billing/payments/${paid.id}/receipt`, jane.headers)).body)
        expectShown(full, ["Refunded", "$169.99", "Net paid", "$0.00"])
        expect(full.strings).not.toContain("Paid")
        expect(full.strings).not.toContain("Partially refunded")
        const ledger = await invoicing.listLedgerEntries({ customer_id: jane.id, type: ["payment", "refund"] } as any, { order: { sequence: "ASC" } })
        expect(ledger.map((e: any) => [e.type, Number(e.amount)])).toEqual([["payment", -169.99], ["refund", 20], ["refund", 149.99]])
      })

      it("receipt PDF of a payment partly refunded, then disputed: what it had paid, the refund, and what the reversal took back (the ledger's payment_reversal), never counted twice", async () => {
        const older = await invoice(jane.id, "usd", [{ title: "Repair", quantity: "1", unit_price: "120.00" }], { issued: daysAgo(30), due: daysAgo(5) })
        const newer = await invoice(jane.id, "usd", [{ title: "Service", quantity: "1", unit_price: "49.99" }], { issued: daysAgo(5), due: daysAgo(-25) })
        const paid = (await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [older.id, newer.id], payment_method: CARD_OK })).data.payment
        const refunded = await api.post(`/admin/billing/payments/${paid.id}/refund`, { amount: "20.00" }, { headers: { ...admin.headers, "idempotency-key": "refund-then-dispute" } })
        expect(refunded.status).toBe(200)
        await recordReversal(getContainer(), paid.id, { reason: "dispute lost", occurred_at: new Date() })
        const ledger = await invoicing.listLedgerEntries({ customer_id: jane.id, type: ["payment", "refund", "payment_reversal"] } as any, { order: { sequence: "ASC" } })
        expect(ledger.map((e: any) => [e.type, Number(e.amount)])).toEqual([["payment", -169.99], ["refund", 20], ["payment_reversal", 149.99]])

        const text = await readPdf((await getPdf(`/store/billing/payments/${paid.id}/receipt`, jane.headers)).body)
        expectShown(text, [
          "Returned / reversed",
          "What this payment had paid",
          `Invoice ${await numberOf(older.id)}`,
          "$120.00",
          `Invoice ${await numberOf(newer.id)}`,
          "$49.99",
          "Refunded",
          "$20.00",
          "Reversed",
          "$149.99",
          "Payment amount",
          "$169.99",
        ])
        // the invoices' 169.99 is the payment, of which 20.00 came back as a refund and 149.99 by the dispute
        expect(allText(text)).not.toContain("Where this payment went")
        expect(allText(text)).toContain("$149.99 (all that was not refunded) is owed again on the invoices above")
        const account = await api.get("/store/billing/account", { headers: jane.headers })
        expect(account.data.account.balances[0].total_balance).toBe(169.99)
      })

      it("statement PDFs: every entry and running balance, closing = the ledger's balance_after at the end of the range; always the caller's; 403 with History off; 400s naming the field", async () => {
        const a = await invoice(jane.id, "usd", [{ title: "Install", quantity: "1", unit_price: "100.00" }], { issued: daysAgo(90), due: daysAgo(60) })
        await recordCheck(a.id, "100.00", "1001", daysAgo(80))
        const b = await invoice(jane.id, "usd", [{ title: "Repair", quantity: "2.5", unit_price: "150.10" }], { issued: daysAgo(50), due: daysAgo(35) })
        await recordCheck(b.id, "50.00", "1002", daysAgo(40))
        const c = await invoice(jane.id, "usd", [{ title: "Service", quantity: "1", unit_price: "49.99" }], { issued: daysAgo(20), due: daysAgo(5) })
        const card = (await pay({ mode: "fixed_amount", currency_code: "usd", amount: "100.00", payment_method: CARD_OK })).data.payment

        // all time (Jane has one currency so far: it is the default)
        const all = await getPdf("/store/billing/statement", jane.headers)
        expect(all.status).toBe(200)
        expect(all.headers["content-disposition"]).toMatch(/^attachment; filename="statement-USD-all-to-\d{4}-\d{2}-\d{2}\.pdf"$/)
        expectPdfHeaders(all, all.headers["content-disposition"].match(/filename="(.+)"/)![1])
        const allPdf = await readPdf(all.body)
        const closing = fixed2(await ledgerBalanceAt(jane.id, "usd", new Date()))
        expect(closing).toBe("275.24")
        expectShown(allPdf, [
          "$0.00", // opening
          "$100.00",
          "-$100.00",
          "$375.25",
          "-$50.00",
          "$325.25",
          "$49.99",
          "$375.24",
          "$275.24", // closing = the ledger's last balance_after
          "$225.25", // aging 31–60 (B, due 35 days ago)
        ])
        const allWords = allText(allPdf)
        for (const phrase of [`Invoice ${await numberOf(a.id)}`, "Check #1001", `Invoice ${await numberOf(c.id)}`, card.transaction_id]) {
          expect(allWords).toContain(phrase)
        }

        // a range that cuts history, given as bare dates: from the first to the last day
        const from = daysAgo(45).toISOString().slice(0, 10)
        const to = daysAgo(15).toISOString().slice(0, 10)
        const cut = await getPdf(`/store/billing/statement?from=${from}&to=${to}&currency_code=USD`, jane.headers)
        expectPdfHeaders(cut, `statement-USD-${from}-to-${to}.pdf`)
        const cutPdf = await readPdf(cut.body)
        const endOfTo = new Date(`${to}T23:59:59.999Z`)
        expect(fixed2(await ledgerBalanceAt(jane.id, "usd", endOfTo))).toBe("375.24")
        expect(fixed2(await ledgerBalanceAt(jane.id, "usd", new Date(Date.parse(`${from}T00:00:00.000Z`) - 1)))).toBe("375.25")
        expectShown(cutPdf, ["$375.25", "-$50.00", "$325.25", "$49.99", "$375.24"])
        expect(allText(cutPdf)).not.toContain(card.transaction_id)
        expect(allText(cutPdf)).not.toContain("Check #1001")

        const sinceZero = await readPdf((await getPdf("/store/billing/statement?period=since_zero", jane.headers)).body)
        expect(allText(sinceZero)).not.toContain("Check #1001")
        expect(allText(sinceZero)).toContain(`Invoice ${await numberOf(b.id)}`)
        expectShown(sinceZero, ["$275.24"])

        // the admin's statement of Jane is the same ledger
        const adminAll = await getPdf(`/admin/billing/customers/${jane.id}/statement?period=all_time`, admin.headers)
        expectPdfHeaders(adminAll, all.headers["content-disposition"].match(/filename="(.+)"/)![1])
        expectShown(await readPdf(adminAll.body), ["$275.24", "-$50.00"])
        expect((await getPdf(`/admin/billing/customers/cus_nope/statement`, admin.headers)).json).toEqual({
          type: "not_found",
          message: "Customer with id: cus_nope was not found",
        })

        // always the caller's own: the other customer's statement shows none of Jane's activity and cannot name her
        const theirs = await getPdf("/store/billing/statement", other.headers)
        expect(theirs.status).toBe(200)
        const theirText = allText(await readPdf(theirs.body))
        expect(theirText).not.toContain(card.transaction_id)
        expect(theirText).not.toContain(await numberOf(a.id))
        expect(theirText).toContain("No activity in this period")
        const naming = await getPdf(`/store/billing/statement?customer_id=${jane.id}`, other.headers)
        expect(naming.status).toBe(400)
        expect(naming.json.message).toContain("customer_id")

        // several currencies: the request must say which
        await invoice(jane.id, "jpy", [{ title: "Inspection", quantity: "1", unit_price: "1500" }], { issued: daysAgo(3), due: daysAgo(-27) })
        const ambiguous = await getPdf("/store/billing/statement", jane.headers)
        expect(ambiguous.status).toBe(400)
        expect(ambiguous.json).toEqual({ type: "invalid_data", message: "currency_code is required: this account has balances in JPY, USD" })
        expectShown(await readPdf((await getPdf("/store/billing/statement?currency_code=jpy", jane.headers)).body), ["¥1,500"])

        for (const [query, message] of [
          ["from=2026-02-30", "from must be an ISO 8601 date (YYYY-MM-DD or date-time)"],
          ["to=yesterday", "to must be an ISO 8601 date (YYYY-MM-DD or date-time)"],
          ["from=2026-03-01&to=2026-02-01", "from must not be after to"],
          ["period=weekly", "period must be one of: range, all_time, since_zero"],
          ["period=range", "from is required for a statement of a date range (period=range)"],
          ["period=all_time&from=2026-01-01", "from cannot be given with period=all_time: that period finds its own start"],
          ["currency_code=US", "currency_code must be a 3-letter ISO code"],
          ["currency_code=XYZ", "currency_code: XYZ is not a currency of this store"],
        ]) {
          for (const [url, headers] of [
            [`/store/billing/statement?${query}`, jane.headers],
            [`/admin/billing/customers/${jane.id}/statement?${query}`, admin.headers],
          ] as const) {
            const res = await getPdf(url, headers)
            expect({ url, status: res.status, message: res.json?.message }).toEqual({ url, status: 400, message: expect.stringContaining(message) })
          }
        }

        // the History tab off closes the statement (403, the gate's message); the admin's stays open
        await api.post("/admin/billing/settings", { tabs: { history: false } }, admin)
        const closed = await getPdf("/store/billing/statement?currency_code=usd", jane.headers)
        expect(closed.status).toBe(403)
        expect(closed.json).toEqual({ type: "not_allowed", message: HISTORY_OFF_MESSAGE })
        expect((await getPdf(`/admin/billing/customers/${jane.id}/statement?currency_code=usd`, admin.headers)).status).toBe(200)
      })
    })
  },
})
