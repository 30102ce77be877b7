import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import {
  loadInvoiceDocumentWorkflow,
  loadReceiptDocumentWorkflow,
  loadStatementDocumentWorkflow,
} from "../../src/workflows/documents"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const daysAgo = (n: number) => new Date(Date.now() - n * DAY)
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const CARD_DECLINED = { type: "card", data: { number: "4000000000000002" } }
const CARD_3DS = { type: "card", data: { number: "4000002500003155" } }

type Who = { id: string; headers: Record<string, string> }

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
      const { errors } = await workflow(getContainer()).run({ input, throwOnError: false })
      expect(errors).toHaveLength(1)
      return errors[0].error as { type: string; message: string }
    }

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
        expect(doc.business).toEqual({ name: "Acme Heating", support_email: "billing@acme.test", portal_url: expect.stringMatching(/^http/) })
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
          expect.objectContaining({ transaction_id: "J-77", method_label: "Bank transfer · J-77", amount: "1234" }),
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
    })
  },
})
