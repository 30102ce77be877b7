/**
 * `medusa-billing-portal/client` against the real routes: a storefront's
 * Medusa JS SDK pointed at the test server, a customer logged in through
 * it with real auth, and every client function called. Each answer's keys
 * are compared with the keys the client's types declare (`keysOf<T>()`
 * must list every key of T, or typecheck fails), so a serializer that gains
 * or loses a field fails here until src/client/types.ts follows.
 */
import Medusa from "@medusajs/js-sdk"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  BillingApiError,
  createBillingClient,
  type AccountBalance,
  type AutopayEnrollment,
  type AutopayNone,
  type AutopayTerms,
  type BillingAccount,
  type BillingClient,
  type CancelAutopayResult,
  type CreatePaymentMethodResult,
  type CreatePaymentResult,
  type DeletedPaymentMethod,
  type HistoryEntry,
  type HistoryList,
  type Invitation,
  type Invoice,
  type InvoiceAllocation,
  type InvoiceDetail,
  type InvoiceLine,
  type InvoiceList,
  type Payment,
  type PaymentAllocation,
  type PaymentList,
  type PaymentMethodList,
  type PaymentPreview,
  type PayLink,
  type PayLinkBusiness,
  type PayLinkInvoice,
  type PayPayLinkResult,
  type PreviewAllocation,
  type PublicPortalSettings,
  type SavedPaymentMethod,
  type ServiceRequest,
  type ServiceRequestList,
} from "../../src/client"
import { keysOf } from "../../src/client/__tests__/exhaustive"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies } from "../helpers"

jest.setTimeout(180_000)

const DAY = 24 * 60 * 60 * 1000
const PASSWORD = "customer-password-1" // createLoggedInCustomer's
const CARD_OK = { type: "card" as const, data: { number: "4242424242424242" } }
const CARD_3DS = { type: "card" as const, data: { number: "4000002500003155" } }
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

// ---- the keys each type declares (the compiler holds these lists to the types)
const SHAPES = {
  account: keysOf<BillingAccount>()(["customer_id", "balances", "autopay", "settings"]),
  balance: keysOf<AccountBalance>()(["currency_code", "total_balance", "current_charges", "past_due", "not_yet_due", "pending", "credit"]),
  settings: keysOf<PublicPortalSettings>()([
    "business_name",
    "support_email",
    "logins_enabled",
    "tabs",
    "payment_methods",
    "allow_partial_payments",
    "allow_prepayment",
    "minimum_payment",
    "autopay",
    "history",
    "theme",
    "home_content",
    "payment_terms_text",
  ]),
  autopayNone: keysOf<AutopayNone>()([
    "status",
    "payment_method_id",
    "consented_at",
    "terms_version",
    "max_amount",
    "max_amount_currency_code",
    "current_terms",
  ]),
  autopayEnrollment: keysOf<AutopayEnrollment>()([
    "id",
    "status",
    "payment_method_id",
    "payment_method_type",
    "payment_method_label",
    "max_amount",
    "max_amount_currency_code",
    "consented_at",
    "terms_version",
    "terms_text",
    "paused_at",
    "pause_reason",
    "canceled_at",
    "created_at",
    "current_terms",
  ]),
  autopayTerms: keysOf<AutopayTerms>()(["allowed", "terms_version", "terms_text"]),
  cancelAutopay: keysOf<CancelAutopayResult>()(["autopay", "deleted"]),
  invoiceList: keysOf<InvoiceList>()(["invoices", "count", "offset", "limit"]),
  invoice: keysOf<Invoice>()([
    "id",
    "display_id",
    "number",
    "customer_id",
    "currency_code",
    "status",
    "is_overdue",
    "issued_at",
    "due_at",
    "subtotal",
    "tax_total",
    "total",
    "amount_paid",
    "amount_pending",
    "amount_due",
    "order_id",
    "notes",
    "created_at",
    "updated_at",
  ]),
  invoiceDetail: keysOf<InvoiceDetail>()([
    "id",
    "display_id",
    "number",
    "customer_id",
    "currency_code",
    "status",
    "is_overdue",
    "issued_at",
    "due_at",
    "subtotal",
    "tax_total",
    "total",
    "amount_paid",
    "amount_pending",
    "amount_due",
    "order_id",
    "notes",
    "created_at",
    "updated_at",
    "lines",
    "allocations",
  ]),
  line: keysOf<InvoiceLine>()(["id", "title", "description", "quantity", "unit_price", "total", "service_date"]),
  invoiceAllocation: keysOf<InvoiceAllocation>()(["id", "customer_payment_id", "amount", "status", "created_at"]),
  historyList: keysOf<HistoryList>()(["history", "count", "offset", "limit"]),
  historyEntry: keysOf<HistoryEntry>()([
    "id",
    "type",
    "currency_code",
    "amount",
    "balance_after",
    "reference_type",
    "reference_id",
    "description",
    "occurred_at",
  ]),
  preview: keysOf<PaymentPreview>()(["mode", "amount", "currency_code", "allocations", "allocation_count", "credit_allocations", "unapplied_amount"]),
  previewAllocation: keysOf<PreviewAllocation>()(["invoice_id", "display_id", "number", "amount"]),
  createPayment: keysOf<CreatePaymentResult>()(["payment", "saved_payment_method", "idempotency_key"]),
  payment: keysOf<Payment>()([
    "id",
    "status",
    "mode",
    "method",
    "source",
    "currency_code",
    "amount",
    "unapplied_amount",
    "refunded_amount",
    "transaction_id",
    "method_details",
    "failure_reason",
    "note",
    "completed_at",
    "created_at",
    "allocations",
    "allocation_count",
    "next_action",
  ]),
  paymentAllocation: keysOf<PaymentAllocation>()(["id", "invoice_id", "amount", "status"]),
  paymentList: keysOf<PaymentList>()(["payments", "count", "offset", "limit"]),
  savedMethod: keysOf<SavedPaymentMethod>()(["id", "type", "last4", "brand", "bank_name", "provider_id", "expires"]),
  createMethod: keysOf<CreatePaymentMethodResult>()(["payment_method", "idempotency_key"]),
  methodList: keysOf<PaymentMethodList>()(["payment_methods", "count"]),
  deletedMethod: keysOf<DeletedPaymentMethod>()(["id", "object", "deleted"]),
  serviceRequest: keysOf<ServiceRequest>()([
    "id",
    "kind",
    "subject",
    "message",
    "preferred_date",
    "invoice_id",
    "invoice_number",
    "status",
    "admin_reply",
    "replied_at",
    "closed_at",
    "created_at",
    "updated_at",
  ]),
  serviceRequestList: keysOf<ServiceRequestList>()(["service_requests", "count", "offset", "limit"]),
  invitation: keysOf<Invitation>()(["email", "first_name", "expires_at"]),
  payLink: keysOf<PayLink>()([
    "business",
    "currency_code",
    "invoices",
    "amount_due",
    "amount_pending",
    "amount_payable",
    "expires_at",
    "payment_methods_offered",
    "allow_partial_payments",
    "minimum_payment",
    "payment_terms_text",
  ]),
  payLinkBusiness: keysOf<PayLinkBusiness>()(["name", "support_email", "theme"]),
  payLinkInvoice: keysOf<PayLinkInvoice>()([
    "id",
    "display_id",
    "number",
    "status",
    "is_overdue",
    "issued_at",
    "due_at",
    "total",
    "amount_paid",
    "amount_pending",
    "amount_due",
    "lines",
  ]),
  payPayLink: keysOf<PayPayLinkResult>()(["payment", "idempotency_key"]),
}

/**
 * `value` has every declared key that is not optional and no key the type
 * does not declare. Named, so a failure says which shape drifted.
 */
function expectShape(name: string, value: unknown, declared: readonly string[], optional: readonly string[] = []) {
  expect(value).toBeTruthy()
  const actual = Object.keys(value as object)
  expect({
    name,
    missing: declared.filter((k) => !optional.includes(k) && !actual.includes(k)),
    undeclared: actual.filter((k) => !declared.includes(k)),
  }).toEqual({ name, missing: [], undeclared: [] })
}

const isPdf = async (blob: Blob) => {
  expect(blob).toBeInstanceOf(Blob)
  expect(blob.type).toBe("application/pdf")
  expect(Buffer.from(await blob.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-")
}

/** The rejection of `promise`, which must be a BillingApiError. */
async function apiError(promise: Promise<unknown>): Promise<BillingApiError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail")
    },
    (e) => e
  )
  expect(error).toBeInstanceOf(BillingApiError)
  return error
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let baseUrl: string
    let pk: string
    let admin: { headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let jane: { id: string; headers: Record<string, string> }
    let other: { id: string; headers: Record<string, string> }
    /** Jane's open USD invoices, oldest due first */
    let janes: Array<{ id: string }>
    let othersInvoice: { id: string }

    const issue = async (customerId: string, unitPrice: string, dueInDays: number, notes = "Monthly service") => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customerId,
        currency_code: "usd",
        due_at: new Date(Date.now() + dueInDays * DAY),
        notes,
        lines: [{ title: "Service visit", quantity: "2", unit_price: unitPrice }],
      })
      return await invoicing.issueInvoice(draft.id, { now: new Date() })
    }

    /** A storefront's sdk, logged in as `email` through Medusa's own emailpass login. */
    const loggedInClient = async (email: string): Promise<{ billing: BillingClient; sdk: Medusa }> => {
      const sdk = new Medusa({ baseUrl, publishableKey: pk, auth: { type: "jwt", jwtTokenStorageMethod: "memory" } })
      const token = await sdk.auth.login("customer", "emailpass", { email, password: PASSWORD })
      expect(typeof token).toBe("string")
      return { billing: createBillingClient({ sdk }), sdk }
    }

    beforeEach(async () => {
      const container = getContainer()
      baseUrl = (api as any).defaults.baseURL
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      admin = await createAdmin(container, api)
      pk = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, pk, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, pk, "other@test.dev", "Other")
      await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({
        business_name: "Acme Heating",
        autopay: { allowed: true },
      })
      janes = [await issue(jane.id, "40.00", -5), await issue(jane.id, "25.50", 10), await issue(jane.id, "100.00", 20, "Boiler repair")]
      othersInvoice = await issue(other.id, "60.00", 10)
    })

    it("account, invoices, preview, pay selected by card with the generated key, replay, history, receipts and documents", async () => {
      const { billing } = await loggedInClient("jane@test.dev")

      const account = await billing.getAccount()
      expectShape("account", account, SHAPES.account)
      expectShape("balance", account.balances[0], SHAPES.balance)
      expectShape("settings", account.settings, SHAPES.settings)
      expectShape("autopay (none)", account.autopay, SHAPES.autopayNone)
      expectShape("autopay terms", account.autopay.current_terms, SHAPES.autopayTerms)
      expect(account.customer_id).toBe(jane.id)
      expect(account.balances).toEqual([
        { currency_code: "usd", total_balance: 331, current_charges: 200, past_due: 80, not_yet_due: 251, pending: 0, credit: 0 },
      ])
      expect(account.settings.business_name).toBe("Acme Heating")

      const list = await billing.listInvoices({ status: ["open"], order: "due_at" })
      expectShape("invoice list", list, SHAPES.invoiceList)
      for (const invoice of list.invoices) expectShape("invoice", invoice, SHAPES.invoice)
      expect(list.invoices.map((i) => [i.id, i.amount_due, i.is_overdue])).toEqual([
        [janes[0].id, 80, true],
        [janes[1].id, 51, false],
        [janes[2].id, 200, false],
      ])
      expect([list.count, list.offset, list.limit]).toEqual([3, 0, 20])
      // filters go out the way the server reads them
      expect((await billing.listInvoices({ q: "boiler" })).invoices.map((i) => i.id)).toEqual([janes[2].id])
      const dueSoon = await billing.listInvoices({ due_at: { lte: new Date(Date.now() + 15 * DAY) }, order: "-due_at" })
      expect(dueSoon.invoices.map((i) => i.id)).toEqual([janes[1].id, janes[0].id])
      expect((await billing.listInvoices({ limit: 1, offset: 1, order: "due_at" })).invoices.map((i) => i.id)).toEqual([janes[1].id])

      const detail = await billing.getInvoice(janes[0].id)
      expectShape("invoice detail", detail, SHAPES.invoiceDetail)
      expectShape("invoice line", detail.lines[0], SHAPES.line)
      expect(detail.lines[0]).toMatchObject({ title: "Service visit", quantity: "2", unit_price: 40, total: 80 })
      expect(detail.allocations).toEqual([])

      const selected = { mode: "selected_invoices" as const, currency_code: "usd", invoice_ids: [janes[0].id, janes[1].id] }
      const preview = await billing.previewPayment(selected)
      expectShape("preview", preview, SHAPES.preview)
      for (const a of preview.allocations) expectShape("preview allocation", a, SHAPES.previewAllocation)
      expect(preview).toMatchObject({ amount: 131, currency_code: "usd", unapplied_amount: 0, credit_allocations: [] })
      expect(preview.allocations.map((a) => [a.invoice_id, a.amount])).toEqual([
        [janes[0].id, 80],
        [janes[1].id, 51],
      ])

      const paid = await billing.createPayment({ ...selected, payment_method: CARD_OK, note: "Paid from the storefront" })
      expectShape("create payment", paid, SHAPES.createPayment, ["saved_payment_method"])
      expectShape("payment", paid.payment, SHAPES.payment, ["next_action"])
      for (const a of paid.payment.allocations) expectShape("payment allocation", a, SHAPES.paymentAllocation)
      expect(paid.idempotency_key).toMatch(UUID_V4)
      expect(paid.payment).toMatchObject({
        status: "succeeded",
        mode: "selected_invoices",
        method: "card",
        source: "portal",
        amount: 131,
        note: "Paid from the storefront",
        method_details: { last4: "4242" },
        transaction_id: expect.any(String),
      })
      expect(paid.payment.allocations.map((a) => [a.invoice_id, a.amount, a.status])).toEqual([
        [janes[0].id, 80, "applied"],
        [janes[1].id, 51, "applied"],
      ])

      // a retry of the same attempt (same key, same body) is the same payment, charged once
      const replay = await billing.createPayment(
        { ...selected, payment_method: CARD_OK, note: "Paid from the storefront" },
        { idempotencyKey: paid.idempotency_key }
      )
      expect(replay.payment.id).toBe(paid.payment.id)
      expect(replay.idempotency_key).toBe(paid.idempotency_key)
      expect((await billing.listPayments()).count).toBe(1)
      // the same key for another payment is refused with the server's words
      const reused = await apiError(
        billing.createPayment(
          { mode: "selected_invoices", currency_code: "usd", invoice_ids: [janes[2].id], payment_method: CARD_OK },
          { idempotencyKey: paid.idempotency_key }
        )
      )
      expect(reused).toMatchObject({ status: 409, type: "conflict", idempotencyKey: paid.idempotency_key })
      expect(reused.message).toMatch(/Idempotency-Key/)

      const paidInvoice = await billing.getInvoice(janes[0].id)
      expect(paidInvoice).toMatchObject({ status: "paid", amount_due: 0 })
      expectShape("invoice allocation", paidInvoice.allocations[0], SHAPES.invoiceAllocation)
      expect((await billing.getAccount()).balances[0]).toMatchObject({ total_balance: 200, past_due: 0 })

      const history = await billing.getHistory({ currency_code: "usd" })
      expectShape("history", history, SHAPES.historyList)
      for (const entry of history.history) expectShape("history entry", entry, SHAPES.historyEntry)
      expect(history.history.map((e) => [e.type, e.amount, e.balance_after])).toEqual([
        ["payment", -131, 200],
        ["invoice", 200, 331],
        ["invoice", 51, 131],
        ["invoice", 80, 80],
      ])
      expect((await billing.getHistory({ type: ["payment"] })).history.map((e) => e.reference_id)).toEqual([paid.payment.id])

      const payments = await billing.listPayments({ status: ["succeeded"] })
      expectShape("payment list", payments, SHAPES.paymentList)
      expect(payments.payments.map((p) => p.id)).toEqual([paid.payment.id])
      const receipt = await billing.getPayment(paid.payment.id)
      expectShape("payment (receipt)", receipt, SHAPES.payment, ["next_action", "allocation_count"])
      expect(receipt.transaction_id).toBe(paid.payment.transaction_id)

      await isPdf(await billing.downloadInvoicePdf(janes[0].id))
      await isPdf(await billing.downloadReceipt(paid.payment.id))
      await isPdf(await billing.downloadStatement({ period: "all_time", currency_code: "usd" }))
      await isPdf(
        await billing.downloadStatement({ from: new Date(Date.now() - 30 * DAY), to: new Date(), currency_code: "usd" })
      )
    })

    it("3-D Secure: next_action, then completePayment; saved methods and autopay", async () => {
      const { billing } = await loggedInClient("jane@test.dev")

      const pending = await billing.createPayment({
        mode: "selected_invoices",
        currency_code: "usd",
        invoice_ids: [janes[2].id],
        payment_method: CARD_3DS,
      })
      expectShape("payment awaiting the customer", pending.payment, SHAPES.payment)
      expect(pending.payment.status).toBe("pending")
      expect(pending.payment.next_action).toMatchObject({ type: "confirm", client_secret: expect.any(String) })
      const completed = await billing.completePayment(pending.payment.id, { provider_data: { confirmed: true } })
      expectShape("completed payment", completed, SHAPES.payment, ["next_action", "allocation_count"])
      expect(completed).toMatchObject({ id: pending.payment.id, status: "succeeded", amount: 200 })

      const created = await billing.createPaymentMethod(CARD_OK)
      expectShape("create method", created, SHAPES.createMethod)
      expectShape("saved method", created.payment_method, SHAPES.savedMethod, ["bank_name", "expires"])
      expect(created.idempotency_key).toMatch(UUID_V4)
      expect(created.payment_method).toMatchObject({ type: "card", last4: "4242" })
      const methods = await billing.listPaymentMethods()
      expectShape("method list", methods, SHAPES.methodList)
      expect(methods.payment_methods.map((m) => m.id)).toEqual([created.payment_method.id])

      const enrolled = await billing.updateAutopay({
        payment_method_id: created.payment_method.id,
        consent: true,
        max_amount: "500.00",
        max_amount_currency_code: "usd",
      })
      expectShape("autopay enrollment", enrolled, SHAPES.autopayEnrollment)
      expect(enrolled).toMatchObject({
        status: "active",
        payment_method_id: created.payment_method.id,
        max_amount: 500,
        max_amount_currency_code: "usd",
        terms_version: "1",
      })
      expect(await billing.getAutopay()).toEqual(enrolled)
      expectShape("account autopay", (await billing.getAccount()).autopay, SHAPES.autopayEnrollment)

      const canceled = await billing.cancelAutopay()
      expectShape("cancel autopay", canceled, SHAPES.cancelAutopay)
      expect(canceled).toMatchObject({ deleted: true, autopay: { status: "canceled" } })
      expect((await billing.getAutopay()).status).toBe("none")

      const deleted = await billing.deletePaymentMethod(created.payment_method.id)
      expectShape("deleted method", deleted, SHAPES.deletedMethod)
      expect(deleted).toEqual({ id: created.payment_method.id, object: "payment_method", deleted: true })
      expect((await billing.listPaymentMethods()).payment_methods).toEqual([])
    })

    it("service notes and requests, and an invitation accepted through the client signs the customer in", async () => {
      const { billing } = await loggedInClient("jane@test.dev")
      const preferred = new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10)
      const request = await billing.createServiceRequest({
        kind: "request",
        subject: "Boiler check",
        message: "The boiler makes a noise.",
        preferred_date: preferred,
        invoice_id: janes[2].id,
      })
      expectShape("service request", request, SHAPES.serviceRequest)
      expect(request).toMatchObject({ kind: "request", status: "open", preferred_date: preferred, invoice_id: janes[2].id })
      expect(request.invoice_number).toMatch(/^INV-\d{6}$/)
      const note = await billing.createServiceRequest({ kind: "note", subject: "Gate code", message: "It is 1234." })
      const listed = await billing.listServiceRequests()
      expectShape("service request list", listed, SHAPES.serviceRequestList)
      expect(listed.service_requests.map((r) => r.id)).toEqual([note.id, request.id])
      expect((await billing.listServiceRequests({ kind: "note" })).service_requests.map((r) => r.id)).toEqual([note.id])
      expect(await billing.getServiceRequest(request.id)).toEqual(request)

      // Sam has no login yet: the admin invites him, the email carries the token
      const sam = await getContainer().resolve(Modules.CUSTOMER).createCustomers({ email: "sam@test.dev", first_name: "Sam" })
      await issue(sam.id, "12.00", 10)
      await api.post("/admin/billing/portal-users/invite", { customer_ids: [sam.id] }, admin)
      const [email] = await getContainer()
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ to: "sam@test.dev", template: "billing.invitation" } as any)
      const link = new URL((email.data as any).activation_url)
      // the link carries the token in its fragment (#invitation=), never in the query
      expect(link.search).toBe("")
      const token = new URLSearchParams(link.hash.slice(1)).get("invitation")
      expect(token).toBeTruthy()

      const anonymous = createBillingClient({ baseUrl, publishableKey: pk })
      const invitation = await anonymous.getInvitation(token!)
      expectShape("invitation", invitation, SHAPES.invitation)
      expect(invitation).toMatchObject({ email: "sam@test.dev", first_name: "Sam" })
      const short = await apiError(anonymous.acceptInvitation(token!, "short"))
      expect(short).toMatchObject({ status: 400, type: "invalid_data" })
      expect(short.message).toContain("password must be at least 8 characters")
      const jwt = await anonymous.acceptInvitation(token!, "sam-portal-pass-1")
      expect(jwt).toEqual(expect.any(String))

      // the new login works: on a client whose token comes from the caller (a Next.js cookie, say)
      const asSam = createBillingClient({ baseUrl, publishableKey: pk, getToken: async () => jwt })
      expect((await asSam.getAccount()).customer_id).toBe(sam.id)
      expect((await asSam.listInvoices()).count).toBe(1)
      expect((await apiError(anonymous.getInvitation(token!))).status).toBe(404)
    })

    it("pay links without a login: the link, its preview, a 3-D Secure payment completed through it, then the 404; resend answers alike", async () => {
      // the product's way: the admin sends the invoice, the email carries the link
      expect((await api.post(`/admin/billing/invoices/${janes[1].id}/send`, {}, admin)).status).toBe(200)
      const [email] = await getContainer()
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ template: "billing.invoice_issued", resource_id: janes[1].id } as any)
      const token = new URLSearchParams(new URL((email.data as any).payment_url).hash.slice(1)).get("token")!
      expect(token).toBeTruthy()

      const anonymous = createBillingClient({ baseUrl, publishableKey: pk })
      const link = await anonymous.getPayLink(token)
      expectShape("pay link", link, SHAPES.payLink)
      expectShape("pay link business", link.business, SHAPES.payLinkBusiness)
      for (const invoice of link.invoices) expectShape("pay link invoice", invoice, SHAPES.payLinkInvoice)
      expect(link).toMatchObject({ currency_code: "usd", amount_due: 51, amount_pending: 0, amount_payable: 51 })
      expect(link.business.name).toBe("Acme Heating")
      expect(link.invoices.map((i) => [i.id, i.amount_due])).toEqual([[janes[1].id, 51]])

      const body = { mode: "selected_invoices" as const, currency_code: "usd", invoice_ids: [janes[1].id] }
      const preview = await anonymous.previewPayLink(token, body)
      expectShape("pay link preview", preview, SHAPES.preview)
      expect(preview.allocations.map((a) => [a.invoice_id, a.amount])).toEqual([[janes[1].id, 51]])

      const started = await anonymous.payPayLink(token, { ...body, payment_method: CARD_3DS })
      expectShape("pay through a link", started, SHAPES.payPayLink)
      expectShape("pay-link payment", started.payment, SHAPES.payment)
      expect(started.idempotency_key).toMatch(UUID_V4)
      expect(started.payment).toMatchObject({ status: "pending", source: "pay_link", amount: 51 })
      const replay = await anonymous.payPayLink(token, { ...body, payment_method: CARD_3DS }, { idempotencyKey: started.idempotency_key })
      expect(replay.payment.id).toBe(started.payment.id)
      const done = await anonymous.completePayLinkPayment(token, started.payment.id, { provider_data: { confirmed: true } })
      expectShape("completed pay-link payment", done, SHAPES.payment, ["next_action", "allocation_count"])
      expect(done).toMatchObject({ id: started.payment.id, status: "succeeded", source: "pay_link" })

      // paid: the link is spent, and says so the way an unknown one does
      const spent = await apiError(anonymous.getPayLink(token))
      expect(spent).toMatchObject({ status: 404, type: "not_found", message: "This payment link is no longer valid" })
      await expect(anonymous.resendPayLink(token)).resolves.toBeUndefined()
      await expect(anonymous.resendPayLink("not-a-token")).resolves.toBeUndefined()
    })

    it("another customer's ids are 404s, bad bodies are 400s with the server's message, no login is a 401", async () => {
      const { billing } = await loggedInClient("jane@test.dev")
      const { billing: others } = await loggedInClient("other@test.dev")
      const theirPayment = await others.createPayment({
        mode: "selected_invoices",
        currency_code: "usd",
        invoice_ids: [othersInvoice.id],
        payment_method: CARD_OK,
      })

      const invoice404 = await apiError(billing.getInvoice(othersInvoice.id))
      expect(invoice404).toMatchObject({ status: 404, type: "not_found", message: `Invoice with id: ${othersInvoice.id} was not found` })
      expect((await apiError(billing.downloadInvoicePdf(othersInvoice.id))).status).toBe(404)
      const payment404 = await apiError(billing.getPayment(theirPayment.payment.id))
      expect(payment404).toMatchObject({ status: 404, message: `Payment with id: ${theirPayment.payment.id} was not found` })
      expect((await apiError(billing.downloadReceipt(theirPayment.payment.id))).status).toBe(404)
      const foreign = await apiError(
        billing.previewPayment({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [othersInvoice.id] })
      )
      expect(foreign.status).toBe(400)
      // Jane's own lists do not show the other customer's things
      expect((await billing.listInvoices()).invoices.map((i) => i.id)).not.toContain(othersInvoice.id)
      expect((await billing.listPayments()).count).toBe(0)

      const badMode = await apiError(billing.previewPayment({ mode: "everything" as any, currency_code: "usd" }))
      expect(badMode).toMatchObject({
        status: 400,
        type: "invalid_data",
        message: "Invalid request: mode must be one of: selected_invoices, total_balance, current_charges, fixed_amount",
      })
      const noMethod = await apiError(
        billing.createPayment({ mode: "total_balance", currency_code: "usd" } as any, { idempotencyKey: "attempt-1" })
      )
      expect(noMethod).toMatchObject({ status: 400, message: "payment_method is required", idempotencyKey: "attempt-1" })
      const badAmount = await apiError(
        billing.previewPayment({ mode: "fixed_amount", currency_code: "usd", amount: "10.001" })
      )
      expect(badAmount.status).toBe(400)
      expect(badAmount.message).toMatch(/amount/)

      const noLogin = createBillingClient({ baseUrl, publishableKey: pk })
      expect(await apiError(noLogin.getAccount())).toMatchObject({ status: 401, type: "unauthorized" })
      const noKey = createBillingClient({ baseUrl, publishableKey: "pk_wrong", getToken: () => jane.headers.authorization.slice(7) })
      expect((await apiError(noKey.getAccount())).status).toBe(400)
    })
  },
})
