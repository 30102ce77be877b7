import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { DAY_MS, PAY_LINK_NOT_FOUND } from "../../src/domain/pay-links"
import { hashSecretToken } from "../../src/modules/portal/tokens"
import { getBillingOptions } from "../../src/utils/options"
import { sendInvoiceEmailStep } from "../../src/workflows/invoices/steps/send-invoice-email"
import { markPayLinkUsedStep } from "../../src/workflows/pay-links/steps/mark-pay-link-used"
import { sendNewPayLinkStep } from "../../src/workflows/pay-links/steps/send-new-pay-link"
import { PAY_LINK_RESEND_REQUESTED } from "../../src/workflows/pay-links/workflows/request-pay-link-resend"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

type Who = { id: string; headers: Record<string, string> }

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const CARD_DECLINED = { type: "card", data: { number: "4000000000000002" } }
const CARD_3DS = { type: "card", data: { number: "4000002500003155" } }
const ACH_OK = { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "110000000" } }
const TOKEN = /^[A-Za-z0-9_-]{43}$/
const NOT_FOUND = { type: "not_found", message: PAY_LINK_NOT_FOUND }

// Every request comes from 127.0.0.1: generous per-address limits for the
// suite; the rate-limit test sets its own. Restored after the suite.
const ORIGINAL_OPTIONS = process.env.BILLING_PORTAL_OPTIONS
const withOptions = (options: Record<string, unknown> = {}) => {
  process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
    ...options,
    rateLimits: {
      payments: { perIp: { windowMs: 60_000, max: 100_000 } },
      payLinks: { perIp: { windowMs: 900_000, max: 100_000 }, perToken: { windowMs: 900_000, max: 100_000 } },
      ...((options.rateLimits as object) ?? {}),
    },
  })
}
withOptions()
afterAll(() => {
  if (ORIGINAL_OPTIONS === undefined) delete process.env.BILLING_PORTAL_OPTIONS
  else process.env.BILLING_PORTAL_OPTIONS = ORIGINAL_OPTIONS
})

const failingStep = createStep("billing-test-pay-link-failing-step", async () => {
  throw new Error("forced failure after the steps under test")
})
const sendThenFail = createWorkflow("billing-test-send-invoice-then-fail", (input: { invoice_id: string; to: string; notification_key: string }) => {
  const sent = sendInvoiceEmailStep(input)
  failingStep()
  return new WorkflowResponse(sent)
})
const markThenFail = createWorkflow("billing-test-mark-pay-link-then-fail", (input: { pay_link_id: string }) => {
  markPayLinkUsedStep(input)
  failingStep()
  return new WorkflowResponse(input)
})
const resendThenFail = createWorkflow(
  "billing-test-resend-pay-link-then-fail",
  (input: { customer_id: string; currency_code: string; invoice_ids: string[]; to: string; replaces: string }) => {
    const sent = sendNewPayLinkStep(input)
    failingStep()
    return new WorkflowResponse(sent)
  }
)

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let key: string
    let jane: Who
    let other: Who
    let portalUrl: string

    beforeEach(async () => {
      withOptions()
      const container = getContainer()
      await setStoreCurrencies(container, ["usd", "eur"])
      admin = await createAdmin(container, api)
      key = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      portalUrl = getBillingOptions(container).portalUrl
      await saveSettings({ business_name: "Greenleaf Lawn Care", support_email: "billing@greenleaf.example" })
    })

    const sql = async (query: string, params: unknown[] = []) => {
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      return (await pg.raw(query, params)).rows as any[]
    }
    const saveSettings = async (body: Record<string, unknown>) =>
      expect((await settle(api.post("/admin/billing/settings", body, admin))).status).toBe(200)

    const eventBus = () => getContainer().resolve(Modules.EVENT_BUS)

    /** A draft through the admin API, due `dueInDays` from now. */
    const draft = async (
      who: Who,
      price: string,
      dueInDays = 10,
      currency = "usd",
      lines: Array<Record<string, unknown>> = [{ title: "Lawn care", quantity: "1", unit_price: price }]
    ) => {
      const res = await settle(
        api.post(
          "/admin/billing/invoices",
          {
            customer_id: who.id,
            currency_code: currency,
            due_at: new Date(Date.now() + dueInDays * DAY_MS).toISOString(),
            lines,
          },
          admin
        )
      )
      expect(res.status).toBe(201)
      return res.data.invoice
    }
    /** Issues through the API and waits for the issue email's subscriber. */
    const issue = async (invoiceId: string) => {
      const handled = TestEventUtils.waitSubscribersExecution("billing.invoice.issued", eventBus())
      const res = await settle(api.post(`/admin/billing/invoices/${invoiceId}/issue`, {}, admin))
      expect(res.status).toBe(200)
      await handled
      return res.data.invoice
    }
    const notifications = async (filter: Record<string, unknown>) =>
      (await getContainer()
        .resolve(Modules.NOTIFICATION)
        .listNotifications(filter as any, { order: { created_at: "ASC" } } as any)) as any[]
    /** The stored issue email of an invoice. */
    const issuedEmail = async (invoiceId: string) => {
      const [email] = await notifications({ template: "billing.invoice_issued", resource_id: invoiceId })
      return email
    }
    /** The token in a pay URL, checking it sits in the fragment of the hosted portal's pay page. */
    const tokenIn = (url: string) => {
      const parsed = new URL(url)
      expect(`${parsed.origin}${parsed.pathname}`).toBe(`${new URL(portalUrl).origin}/billing/pay`)
      expect(parsed.search).toBe("")
      const token = new URLSearchParams(parsed.hash.slice(1)).get("token")!
      expect(token).toMatch(TOKEN)
      return token
    }
    /** Issues an invoice and answers the pay-link token its email carries. */
    const issueWithLink = async (invoiceId: string) => {
      const invoice = await issue(invoiceId)
      const email = await issuedEmail(invoiceId)
      return { invoice, token: tokenIn(email.data.payment_url) }
    }

    const linkHeaders = (token: string | null, extra: Record<string, string> = {}) => ({
      headers: { "x-publishable-api-key": key, ...(token === null ? {} : { "x-pay-link-token": token }), ...extra },
    })
    const getLink = (token: string | null) => settle(api.get("/store/billing/pay-link", linkHeaders(token)))
    const preview = (token: string, body: Record<string, unknown>) =>
      settle(api.post("/store/billing/pay-link/preview", body, linkHeaders(token)))
    let payKey = 0
    const pay = (token: string, body: Record<string, unknown>, idempotencyKey: string | null = `link-pay-${++payKey}`) =>
      settle(
        api.post(
          "/store/billing/pay-link/pay",
          body,
          linkHeaders(token, idempotencyKey === null ? {} : { "idempotency-key": idempotencyKey })
        )
      )
    const complete = (token: string, paymentId: string) =>
      settle(
        api.post(`/store/billing/pay-link/payments/${paymentId}/complete`, { provider_data: { confirmed: true } }, linkHeaders(token))
      )
    /**
     * Asks for a new link and, when the request is to be handled (a well-formed
     * token, an accepted body), waits until it has been (the answer comes first).
     */
    const resend = async (
      token: string | null,
      body: Record<string, unknown> = {},
      handledAfter = !!token && TOKEN.test(token) && Object.keys(body).length === 0
    ) => {
      const handled = handledAfter ? TestEventUtils.waitSubscribersExecution(PAY_LINK_RESEND_REQUESTED, eventBus()) : null
      const res = await settle(api.post("/store/billing/pay-link/resend", body, linkHeaders(token)))
      if (handled) await handled
      return res
    }
    const adminInvoice = async (id: string) => (await api.get(`/admin/billing/invoices/${id}`, admin)).data.invoice
    const payLinkRows = () => sql("SELECT * FROM pay_link ORDER BY created_at, id")
    const linkRow = async (token: string) => (await sql("SELECT * FROM pay_link WHERE token_hash = ?", [hashSecretToken(token)]))[0]
    const paymentsOf = (who: Who) => sql("SELECT * FROM customer_payment WHERE customer_id = ? ORDER BY created_at", [who.id])
    const expectHealthy = async () => {
      const health = await api.get("/admin/billing/health", admin)
      expect(health.data).toEqual({ ok: true, violations: [] })
    }
    /** Every row of the pay-link and billing tables, for "nothing changed". */
    const snapshot = async () => {
      const tables = ["pay_link", "invoice", "invoice_line", "customer_payment", "payment_allocation", "ledger_entry", "customer_payment_refund", "portal_settings"]
      const out: Record<string, unknown> = {}
      for (const table of tables) out[table] = await sql(`SELECT * FROM ${table} ORDER BY id`)
      out.notification = (await sql("SELECT count(*)::int AS n FROM notification"))[0].n
      return JSON.parse(JSON.stringify(out))
    }

    it("issue → the email's View and pay is a pay link (token only in the fragment, only its hash stored); GET shows the link's invoices and changes nothing", async () => {
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER)
      const logged: string[] = []
      const spies = (["log", "info", "warn", "error", "debug", "http"] as const)
        .filter((m) => typeof (logger as any)[m] === "function")
        .map((m) => jest.spyOn(logger as any, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))))
      try {
        // what the invoice is for, as its page and PDF show it: in the invoice's order
        const owed = await draft(jane, "245.50", 10, "usd", [
          { title: "Spring clean-up", description: "Front and back yard", quantity: "1", unit_price: "180.00" },
          { title: "Mowing", quantity: "2.5", unit_price: "26.20" },
        ])
        const notOnLink = await draft(jane, "80.00", 5)
        const others = await draft(other, "300.00", 10)
        await issue(notOnLink.id)
        await issue(others.id)
        const { invoice, token } = await issueWithLink(owed.id)

        const email = await issuedEmail(owed.id)
        expect(email).toMatchObject({ to: "jane@test.dev", template: "billing.invoice_issued" })
        expect(email.data.invoice_url).toBe(`${portalUrl}/invoices/${owed.id}`)
        expect(email.data.text).toContain(`View and pay: ${email.data.payment_url}\n`)
        expect(email.data.html).toContain(`<a href="${email.data.payment_url}"`)

        // only the hash is stored: not in the link, not in the workflow engine's table
        const rows = await payLinkRows()
        expect(rows.map((r) => r.invoice_ids)).toEqual([[notOnLink.id], [others.id], [owed.id]])
        const row = await linkRow(token)
        expect(row).toMatchObject({ customer_id: jane.id, currency_code: "usd", invoice_ids: [owed.id], revoked_at: null, last_used_at: null })
        expect(JSON.stringify(rows)).not.toContain(token)
        const leaked = await sql("SELECT count(*)::int AS n FROM workflow_execution WHERE execution::text LIKE ? OR context::text LIKE ?", [
          `%${token}%`,
          `%${token}%`,
        ])
        expect(leaked[0].n).toBe(0)
        // 30 days after the due date
        expect(new Date(row.expires_at).getTime()).toBe(new Date(invoice.due_at).getTime() + 30 * DAY_MS)

        const before = await snapshot()
        const res = await getLink(token)
        expect(res.status).toBe(200)
        expect(res.headers["cache-control"]).toBe("no-store")
        expect(res.data).toEqual({
          pay_link: {
            business: {
              name: "Greenleaf Lawn Care",
              support_email: "billing@greenleaf.example",
              theme: { primary_color: "#2563eb", background_color: "#ffffff", header_image_url: null },
            },
            currency_code: "usd",
            invoices: [
              {
                id: owed.id,
                display_id: invoice.display_id,
                number: invoice.number,
                status: "open",
                is_overdue: false,
                issued_at: invoice.issued_at,
                due_at: invoice.due_at,
                total: 245.5,
                amount_paid: 0,
                amount_pending: 0,
                amount_due: 245.5,
                lines: [
                  {
                    id: invoice.lines[0].id,
                    title: "Spring clean-up",
                    description: "Front and back yard",
                    quantity: "1",
                    unit_price: 180,
                    total: 180,
                    service_date: null,
                  },
                  { id: invoice.lines[1].id, title: "Mowing", description: null, quantity: "2.5", unit_price: 26.2, total: 65.5, service_date: null },
                ],
              },
            ],
            amount_due: 245.5,
            amount_pending: 0,
            amount_payable: 245.5,
            expires_at: new Date(row.expires_at).toISOString(),
            payment_methods_offered: ["card", "us_bank_account"],
            allow_partial_payments: false,
            minimum_payment: "0",
            payment_terms_text: "",
          },
        })
        // mail scanners open links: reading and previewing change nothing, last_used_at included
        await getLink(token)
        const previewed = await preview(token, { mode: "total_balance", currency_code: "usd" })
        expect(previewed.status).toBe(200)
        expect(previewed.data.preview).toEqual({
          mode: "total_balance",
          amount: 245.5,
          currency_code: "usd",
          allocations: [{ invoice_id: owed.id, display_id: invoice.display_id, number: invoice.number, amount: 245.5 }],
          allocation_count: 1,
          credit_allocations: [],
          unapplied_amount: 0,
        })
        expect(await snapshot()).toEqual(before)

        // no token, a malformed one, an unknown one: the same 404; a token in the path is not a route
        for (const t of [null, "short", `${token.slice(0, 42)}!`, token.split("").reverse().join("")]) {
          const miss = await getLink(t)
          expect({ t, status: miss.status, data: miss.data }).toEqual({ t, status: 404, data: NOT_FOUND })
        }
        expect((await settle(api.get(`/store/billing/pay-links/${token}`, linkHeaders(null)))).status).toBe(404)
        // the publishable key is still required
        expect((await settle(api.get("/store/billing/pay-link", { headers: { "x-pay-link-token": token } }))).status).toBe(400)
        expect(await snapshot()).toEqual(before)

        // Nothing the plugin logs carries the token. Two things do, neither ours: Medusa's router
        // writes a request's path to its logs (debug here; morgan writes every URL at the default
        // `http` level in a running server) — the path probe above shows it, and it is why the token
        // travels in a header — and the local notification provider (dev and tests only) logs every
        // email it is given; real providers deliver mail instead.
        const leaks = logged.filter((line) => line.includes(token))
        const fromPathProbe = leaks.filter((line) => line.includes(`/store/billing/pay-links/${token}`))
        expect(fromPathProbe.length).toBeGreaterThan(0)
        expect(leaks.filter((line) => !fromPathProbe.includes(line) && !line.startsWith("Attempting to send a notification"))).toEqual([])
      } finally {
        spies.forEach((s) => s.mockRestore())
      }
    })

    it("pays selected invoices by sandbox card: source pay_link, invoice paid, receipt to the email on file; replays answer one payment; then the link answers 404", async () => {
      const owed = await draft(jane, "120.00", 10)
      const { invoice, token } = await issueWithLink(owed.id)
      const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: [owed.id], payment_method: CARD_OK }

      const receipt = TestEventUtils.waitSubscribersExecution("billing.payment.succeeded", eventBus())
      const paid = await pay(token, body, "pay-once")
      expect(paid.status).toBe(201)
      expect(paid.data.payment).toMatchObject({
        status: "succeeded",
        source: "pay_link",
        mode: "selected_invoices",
        method: "card",
        currency_code: "usd",
        amount: 120,
        unapplied_amount: 0,
        note: null,
        transaction_id: expect.stringMatching(/^pi_sandbox_/),
        allocations: [expect.objectContaining({ invoice_id: owed.id, amount: 120, status: "applied" })],
      })
      expect(paid.data.payment.next_action).toBeUndefined()
      await receipt
      expect(await adminInvoice(owed.id)).toMatchObject({ status: "paid", amount_due: 0, amount_paid: 120 })
      const [payment] = await paymentsOf(jane)
      expect(payment).toMatchObject({ source: "pay_link", metadata: { pay_link_id: (await linkRow(token)).id } })
      expect((await linkRow(token)).last_used_at).not.toBeNull()

      // the receipt went to the email on file
      const receipts = await notifications({ template: "billing.payment_receipt" })
      expect(receipts.map((n) => [n.to, n.resource_id])).toEqual([["jane@test.dev", paid.data.payment.id]])
      expect(receipts[0].data.subject).toBe("Payment received — 120.00 USD")
      expect(receipts[0].data.payment.allocations).toEqual([`${invoice.number}: 120.00 USD`])

      // a lost answer retried: the same payment, nothing charged again; another body under the key: 409
      const replay = await pay(token, body, "pay-once")
      expect(replay.status).toBe(200)
      expect(replay.data.payment.id).toBe(paid.data.payment.id)
      const conflict = await pay(token, { ...body, mode: "total_balance", invoice_ids: undefined }, "pay-once")
      expect(conflict.status).toBe(409)
      expect(conflict.data.message).toBe("Idempotency-Key was already used with a different request body")
      expect(await paymentsOf(jane)).toHaveLength(1)

      // paid: the link is spent for everything else
      expect(await getLink(token)).toMatchObject({ status: 404, data: NOT_FOUND })
      expect(await pay(token, body)).toMatchObject({ status: 404, data: NOT_FOUND })
      expect(await preview(token, { mode: "total_balance", currency_code: "usd" })).toMatchObject({ status: 404, data: NOT_FOUND })
      expect(await paymentsOf(jane)).toHaveLength(1)
      await expectHealthy()
    })

    it("a declined card does not spend the link; total_balance pays the link's invoices only; 3-D Secure completes through that link only", async () => {
      const owed = await draft(jane, "75.25", 10)
      const elsewhere = await draft(jane, "40.00", 3)
      const { token } = await issueWithLink(owed.id)
      const { token: otherToken } = await issueWithLink(elsewhere.id)

      const declined = await pay(token, { mode: "selected_invoices", currency_code: "usd", invoice_ids: [owed.id], payment_method: CARD_DECLINED })
      expect(declined.status).toBe(201)
      expect(declined.data.payment).toMatchObject({ status: "failed", source: "pay_link", amount: 75.25 })
      expect(await adminInvoice(owed.id)).toMatchObject({ status: "open", amount_pending: 0, amount_due: 75.25 })
      expect((await getLink(token)).status).toBe(200)
      expect((await linkRow(token)).last_used_at).not.toBeNull()

      // total_balance through the link: this link's invoice, not the customer's other one
      const started = await pay(token, { mode: "total_balance", currency_code: "usd", payment_method: CARD_3DS })
      expect(started.status).toBe(201)
      expect(started.data.payment).toMatchObject({ status: "pending", mode: "total_balance", amount: 75.25, source: "pay_link" })
      expect(started.data.payment.next_action).toMatchObject({ type: "confirm" })
      const id = started.data.payment.id

      // only through the link it was made with: not another link, not an unknown payment, not without a token
      expect(await complete(otherToken, id)).toMatchObject({ status: 404, data: { message: `Payment with id: ${id} was not found` } })
      expect((await complete(token, "cpay_unknown")).status).toBe(404)
      expect(
        (await settle(api.post(`/store/billing/pay-link/payments/${id}/complete`, { provider_data: { confirmed: true } }, linkHeaders(null))))
          .data
      ).toEqual(NOT_FOUND)
      expect(await adminInvoice(owed.id)).toMatchObject({ status: "open", amount_pending: 75.25 })

      const done = await complete(token, id)
      expect(done.status).toBe(200)
      expect(done.data.payment).toMatchObject({ id, status: "succeeded", source: "pay_link" })
      expect(await adminInvoice(owed.id)).toMatchObject({ status: "paid" })
      expect(await adminInvoice(elsewhere.id)).toMatchObject({ status: "open", amount_due: 40 })
      // repeating it is harmless
      expect((await complete(token, id)).data.payment).toMatchObject({ id, status: "succeeded" })
      expect((await getLink(token)).status).toBe(404)
      expect((await getLink(otherToken)).status).toBe(200)
      await expectHealthy()
    })

    /** A $60 invoice of Jane's with its link, beside one of hers not on it ($30) and one of another customer's ($300). */
    const linkBesideOtherInvoices = async () => {
      const owed = await draft(jane, "60.00", 10)
      const mine = await draft(jane, "30.00", 10)
      const others = await draft(other, "300.00", 10)
      await issue(mine.id)
      await issue(others.id)
      const { invoice, token } = await issueWithLink(owed.id)
      return { owed, mine, others, invoice, token }
    }

    it("refuses what the link does not allow — other invoices, saved methods, autopay, other modes, a missing key — charging nothing", async () => {
      const { owed, mine, others, token } = await linkBesideOtherInvoices()
      const base = { mode: "selected_invoices", currency_code: "usd", invoice_ids: [owed.id], payment_method: CARD_OK }
      const cases: [string, Record<string, unknown>, number, string][] = [
        ["another customer's invoice", { ...base, invoice_ids: [owed.id, others.id] }, 400, `invoice_ids: ${others.id} is not one of this payment link's invoices`],
        ["the customer's invoice not on the link", { ...base, invoice_ids: [mine.id] }, 400, `invoice_ids: ${mine.id} is not one of this payment link's invoices`],
        ["a saved method", { ...base, payment_method: { type: "card", saved_method_id: "pm_saved" } }, 400, "payment_method.saved_method_id: saved payment methods need a login; pay with a card or bank account here, or sign in to the portal"],
        ["saving for autopay", { ...base, payment_method: { ...CARD_OK, save_for_autopay: true } }, 400, "payment_method.save_for_autopay: saving a payment method for autopay needs a login; sign in to the portal"],
        // a link holder's words would be printed on the receipt mailed to the customer
        ["a note", { ...base, note: "Your account is locked: call 555-0100" }, 400, "note: a note can be added to a payment only when signed in to the portal"],
        ["a fixed amount", { mode: "fixed_amount", currency_code: "usd", amount: "10.00", payment_method: CARD_OK }, 400, "mode: a payment link pays selected_invoices or total_balance"],
        ["current charges", { mode: "current_charges", currency_code: "usd", payment_method: CARD_OK }, 400, "mode: a payment link pays selected_invoices or total_balance"],
        ["an amount with the balance", { mode: "total_balance", currency_code: "usd", amount: "70.00", payment_method: CARD_OK }, 400, "amount: a payment link pays its invoices, not a chosen amount"],
        ["another currency", { ...base, currency_code: "eur" }, 400, "currency_code: this payment link is for USD invoices"],
        ["a partial amount (not allowed by the settings)", { ...base, amounts: { [owed.id]: "10.00" } }, 400, expect.stringMatching(/^amounts/) as any],
        ["no payment method", { mode: "total_balance", currency_code: "usd" }, 400, "payment_method is required"],
      ]
      for (const [what, body, status, message] of cases) {
        const res = await pay(token, body)
        expect({ what, status: res.status, message: res.data.message }).toEqual({ what, status, message })
        if (what === "a partial amount (not allowed by the settings)") {
          // refused by the allocation, after the attempt was noted: the compensation put last_used_at back
          expect((await linkRow(token)).last_used_at).toBeNull()
        }
      }
      const noKey = await pay(token, base, null)
      expect([noKey.status, noKey.data.message]).toEqual([400, "Idempotency-Key header is required"])
      // the preview takes the same limits
      expect(await preview(token, { ...base, invoice_ids: [others.id] })).toMatchObject({
        status: 400,
        data: { message: `invoice_ids: ${others.id} is not one of this payment link's invoices` },
      })
      // a method the portal does not offer
      await saveSettings({ payment_methods: ["card"] })
      const ach = await pay(token, { ...base, payment_method: ACH_OK })
      expect([ach.status, ach.data.message]).toEqual([400, "payment_method.type: us_bank_account payments are not offered"])
      expect((await getLink(token)).data.pay_link.payment_methods_offered).toEqual(["card"])

      expect(await paymentsOf(jane)).toEqual([])
      expect(await paymentsOf(other)).toEqual([])
      expect((await linkRow(token)).last_used_at).toBeNull()
      expect(await adminInvoice(others.id)).toMatchObject({ status: "open", amount_pending: 0 })
      await expectHealthy()
    })

    it("the link's invoices as PDFs (no sign-in): only the link's own, only while the link is usable; reading one changes nothing", async () => {
      const { owed, mine, others, token, invoice } = await linkBesideOtherInvoices()
      const pdf = (id: string, t: string | null = token) =>
        settle(api.get(`/store/billing/pay-link/invoices/${id}/pdf`, { ...linkHeaders(t), responseType: "arraybuffer" }))
      const before = await snapshot()
      const ok = await pdf(owed.id)
      expect([ok.status, ok.headers["content-type"], ok.headers["cache-control"]]).toEqual([200, "application/pdf", "private, no-store"])
      expect(ok.headers["content-disposition"]).toBe(`attachment; filename="${invoice.number}.pdf"`)
      expect(Buffer.from(ok.data).subarray(0, 4).toString()).toBe("%PDF")
      // the customer's own invoice not on the link, another customer's, a made-up id: 404
      for (const id of [mine.id, others.id, "inv_nope"]) expect((await pdf(id)).status).toBe(404)
      // no token, a wrong one: the pay-link 404
      for (const t of [null, token.split("").reverse().join("")]) expect((await pdf(owed.id, t)).status).toBe(404)
      expect(await snapshot()).toEqual(before)
      // a link that is no longer usable (revoked by a newer one): 404
      const sent = await settle(api.post(`/admin/billing/invoices/${owed.id}/send`, {}, { headers: { ...admin.headers, "idempotency-key": "send-pdf-1" } }))
      expect(sent.status).toBe(200)
      expect((await pdf(owed.id)).status).toBe(404)
    })

    it("expired → 404; resend → 202 and a new email whose token works; again at once, an unknown token, a valid link: 202 and no email", async () => {
      const owed = await draft(jane, "99.99", 10)
      const { invoice, token } = await issueWithLink(owed.id)
      const newLinkEmails = () => notifications({ template: "billing.pay_link" })

      // still valid (made weeks ago, so no cool-down is involved): nothing is sent
      await sql("UPDATE pay_link SET created_at = now() - interval '20 days' WHERE token_hash = ?", [hashSecretToken(token)])
      expect(await resend(token)).toMatchObject({ status: 202, data: {} })
      expect(await newLinkEmails()).toEqual([])

      // expired (made long ago)
      await sql("UPDATE pay_link SET expires_at = now() - interval '1 day', created_at = now() - interval '100 days' WHERE token_hash = ?", [
        hashSecretToken(token),
      ])
      expect(await getLink(token)).toMatchObject({ status: 404, data: NOT_FOUND })
      expect(await pay(token, { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK })).toMatchObject({ status: 404 })

      const answer = await resend(token)
      expect(answer).toMatchObject({ status: 202, data: {} })
      const sent = await newLinkEmails()
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({ to: "jane@test.dev", resource_type: "pay_link", receiver_id: jane.id })
      expect(sent[0].data.subject).toBe("Your new payment link from Greenleaf Lawn Care — 99.99 USD")
      expect(sent[0].data.pay_link.invoices).toEqual([expect.stringMatching(new RegExp(`^${invoice.number}: 99\\.99 USD due [A-Z][a-z]+ \\d{1,2}, \\d{4}$`))])
      const fresh = tokenIn(sent[0].data.payment_url)
      expect(fresh).not.toBe(token)
      // "The link works until …": the day of the new link's last millisecond
      const [freshRow] = await sql("SELECT expires_at FROM pay_link WHERE token_hash = ?", [hashSecretToken(fresh)])
      const lastDay = new Date(new Date(freshRow.expires_at).getTime() - 1)
      expect(sent[0].data.pay_link.expires_date).toBe(lastDay.toLocaleDateString("en-US", { dateStyle: "long", timeZone: "UTC" }))
      expect(sent[0].data.text).toContain(`View and pay: ${sent[0].data.payment_url}`)
      const link = await getLink(fresh)
      expect(link.status).toBe(200)
      expect(link.data.pay_link.invoices.map((i: any) => i.id)).toEqual([owed.id])
      expect(await getLink(token)).toMatchObject({ status: 404 })

      // the same answer, and no email: at once again, an unknown token, a malformed one, the new (valid) link
      for (const t of [token, token.split("").reverse().join(""), "not-a-token", fresh]) {
        expect(await resend(t)).toMatchObject({ status: 202, data: {} })
      }
      expect(await newLinkEmails()).toHaveLength(1)
      // never to an address from the request
      const steer = await resend(token, { email: "attacker@evil.example" })
      expect(steer.status).toBe(400)
      expect(await notifications({ to: "attacker@evil.example" })).toEqual([])

      // the new link pays
      const paid = await pay(fresh, { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK })
      expect(paid.data.payment).toMatchObject({ status: "succeeded", source: "pay_link", amount: 99.99 })
      // paid: asking again sends nothing
      await sql("UPDATE pay_link SET expires_at = now() - interval '1 day', created_at = now() - interval '100 days'")
      expect(await resend(fresh)).toMatchObject({ status: 202 })
      expect(await newLinkEmails()).toHaveLength(1)
      await expectHealthy()
    })

    it("a deleted customer's links answer the pay-link 404 on every route: nothing is read or charged through them, nor a started payment finished", async () => {
      const owed = await draft(jane, "60.00", 10)
      const started3ds = await draft(jane, "40.00", 10)
      const { token } = await issueWithLink(owed.id)
      const { token: pendingToken } = await issueWithLink(started3ds.id)
      const started = await pay(pendingToken, { mode: "total_balance", currency_code: "usd", payment_method: CARD_3DS })
      expect(started.data.payment).toMatchObject({ status: "pending", source: "pay_link" })
      expect((await getLink(token)).status).toBe(200)

      expect((await settle(api.delete(`/admin/customers/${jane.id}`, admin))).status).toBe(200)
      const answers: Record<string, any> = {
        link: await getLink(token),
        preview: await preview(token, { mode: "total_balance", currency_code: "usd" }),
        pay: await pay(token, { mode: "selected_invoices", currency_code: "usd", invoice_ids: [owed.id], payment_method: CARD_OK }),
        pdf: await settle(api.get(`/store/billing/pay-link/invoices/${owed.id}/pdf`, linkHeaders(token))),
        complete: await complete(pendingToken, started.data.payment.id),
      }
      for (const [what, res] of Object.entries(answers)) {
        expect({ what, status: res.status, data: res.data }).toEqual({ what, status: 404, data: NOT_FOUND })
      }
      expect((await paymentsOf(jane)).map((p) => [p.id, p.status])).toEqual([[started.data.payment.id, "pending"]])
      expect(await adminInvoice(owed.id)).toMatchObject({ status: "open", amount_paid: 0, amount_pending: 0 })
      // the other customer's links are unaffected
      const { token: othersToken } = await issueWithLink((await draft(other, "15.00", 10)).id)
      expect((await getLink(othersToken)).status).toBe(200)
    })

    it("concurrent requests for a new link in place of one expired link mail one new link, the only one open", async () => {
      const owed = await draft(jane, "99.99", 10)
      const { token } = await issueWithLink(owed.id)
      await sql("UPDATE pay_link SET expires_at = now() - interval '1 day', created_at = now() - interval '100 days' WHERE token_hash = ?", [
        hashSecretToken(token),
      ])
      const n = 6
      const handled = TestEventUtils.waitSubscribersExecution(PAY_LINK_RESEND_REQUESTED, eventBus(), { triggerCount: n })
      const answers = await Promise.all(Array.from({ length: n }, () => settle(api.post("/store/billing/pay-link/resend", {}, linkHeaders(token)))))
      expect(answers.map((a) => [a.status, a.data])).toEqual(Array(n).fill([202, {}]))
      await handled

      const sent = await notifications({ template: "billing.pay_link" })
      expect(sent.map((n) => n.to)).toEqual(["jane@test.dev"])
      const fresh = tokenIn(sent[0].data.payment_url)
      expect((await getLink(fresh)).status).toBe(200)
      expect((await payLinkRows()).filter((r) => !r.revoked_at).map((r) => r.id)).toEqual([(await linkRow(fresh)).id])
    })

    it("a second send revokes the first link and answers the new one (never its token); a replayed send makes no new link; voided invoices spend it", async () => {
      const owed = await draft(jane, "50.00", 10)
      const { token: first } = await issueWithLink(owed.id)

      const sent = await settle(api.post(`/admin/billing/invoices/${owed.id}/send`, {}, { headers: { ...admin.headers, "idempotency-key": "send-1" } }))
      expect(sent.status).toBe(200)
      const [email] = await notifications({ id: sent.data.notification.id })
      const second = tokenIn(email.data.payment_url)
      const secondRow = await linkRow(second)
      expect(sent.data.pay_link).toEqual({ id: secondRow.id, expires_at: new Date(secondRow.expires_at).toISOString(), invoice_ids: [owed.id] })
      expect(JSON.stringify(sent.data)).not.toContain(second)
      expect(await getLink(first)).toMatchObject({ status: 404, data: NOT_FOUND })
      expect((await linkRow(first)).revoked_at).not.toBeNull()
      expect((await getLink(second)).status).toBe(200)

      // a retried click: the same email and link, nothing new
      const replay = await settle(api.post(`/admin/billing/invoices/${owed.id}/send`, {}, { headers: { ...admin.headers, "idempotency-key": "send-1" } }))
      expect(replay.data.notification).toEqual(sent.data.notification)
      expect(replay.data.pay_link).toEqual(sent.data.pay_link)
      expect(await payLinkRows()).toHaveLength(2)
      expect((await getLink(second)).status).toBe(200)

      // to another address (an accounts-payable inbox): a new link there, the customer's one replaced
      const copy = await settle(api.post(`/admin/billing/invoices/${owed.id}/send`, { to: "ap@acme.example" }, admin))
      const [apEmail] = await notifications({ id: copy.data.notification.id })
      const third = tokenIn(apEmail.data.payment_url)
      expect((await getLink(second)).status).toBe(404)
      expect((await getLink(third)).status).toBe(200)

      // voided: nothing left to pay
      expect((await settle(api.post(`/admin/billing/invoices/${owed.id}/void`, {}, admin))).status).toBe(200)
      expect(await getLink(third)).toMatchObject({ status: 404, data: NOT_FOUND })
    })

    it("links off (setting, then option): emails carry the invoice page, links answer 404, resend sends nothing; on again, unexpired links work", async () => {
      const owed = await draft(jane, "45.00", 10)
      const { token } = await issueWithLink(owed.id)
      const rowsBefore = (await payLinkRows()).length

      await saveSettings({ pay_links_allowed: false })
      expect(await getLink(token)).toMatchObject({ status: 404, data: NOT_FOUND })
      expect(await preview(token, { mode: "total_balance", currency_code: "usd" })).toMatchObject({ status: 404 })
      expect(await pay(token, { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK })).toMatchObject({ status: 404 })
      const later = await draft(jane, "20.00", 10)
      await issue(later.id)
      expect((await issuedEmail(later.id)).data.payment_url).toBe(`${portalUrl}/invoices/${later.id}`)
      const sent = await settle(api.post(`/admin/billing/invoices/${owed.id}/send`, {}, admin))
      expect(sent.data.pay_link).toBeNull()
      expect((await notifications({ id: sent.data.notification.id }))[0].data.payment_url).toBe(`${portalUrl}/invoices/${owed.id}`)
      await sql("UPDATE pay_link SET expires_at = now() - interval '1 day', created_at = now() - interval '100 days'")
      expect(await resend(token)).toMatchObject({ status: 202 })
      expect(await notifications({ template: "billing.pay_link" })).toEqual([])
      expect(await payLinkRows()).toHaveLength(rowsBefore)
      await sql("UPDATE pay_link SET expires_at = now() + interval '10 days'")

      // on again: the link was never revoked
      await saveSettings({ pay_links_allowed: true })
      expect((await getLink(token)).status).toBe(200)

      // off by the plugin option, whatever the setting says
      withOptions({ payLinks: { enabled: false } })
      expect(await getLink(token)).toMatchObject({ status: 404, data: NOT_FOUND })
      const third = await draft(jane, "10.00", 10)
      await issue(third.id)
      expect((await issuedEmail(third.id)).data.payment_url).toBe(`${portalUrl}/invoices/${third.id}`)
      withOptions()
      expect((await getLink(token)).status).toBe(200)
      expect(await paymentsOf(jane)).toEqual([])
    })

    it("rate limits requests per token and per address (429 with Retry-After)", async () => {
      const owed = await draft(jane, "45.00", 10)
      const { token } = await issueWithLink(owed.id)
      withOptions({ rateLimits: { payLinks: { perToken: { windowMs: 900_000, max: 3 }, perIp: { windowMs: 900_000, max: 100_000 } } } })
      for (let i = 0; i < 3; i++) expect((await getLink(token)).status).toBe(200)
      const limited = await getLink(token)
      expect(limited.status).toBe(429)
      expect(limited.headers["retry-after"]).toMatch(/^\d+$/)
      expect(limited.data.message).toMatch(/^Too many requests with this payment link; try again in \d+ seconds?$/)
      expect((await preview(token, { mode: "total_balance", currency_code: "usd" })).status).toBe(429)
      // another token is counted on its own
      expect((await getLink("x".repeat(43))).status).toBe(404)

      withOptions({ rateLimits: { payLinks: { perToken: { windowMs: 900_000, max: 100_000 }, perIp: { windowMs: 900_000, max: 2 } } } })
      expect((await getLink(token)).status).toBe(200)
      expect((await getLink("y".repeat(43))).status).toBe(404)
      expect((await resend("z".repeat(43), {}, false)).status).toBe(429)
    })

    it("compensations: a failure after a link was made takes it back (the one it replaced works again); a failed attempt puts last_used_at back", async () => {
      const owed = await draft(jane, "33.00", 10)
      const { token } = await issueWithLink(owed.id)
      const rows = (await payLinkRows()).length

      // the send step: email out, then a later step fails — the new link goes, the replaced one is back
      const failedSend = await sendThenFail(getContainer()).run({
        input: { invoice_id: owed.id, to: "jane@test.dev", notification_key: "test-send-then-fail" },
        throwOnError: false,
      })
      expect(failedSend.errors.map((e: any) => e.error?.message)).toEqual(["forced failure after the steps under test"])
      // the email did go (it cannot be taken back), with a link that no longer works
      const [goneEmail] = await notifications({ idempotency_key: "test-send-then-fail" })
      expect((await getLink(tokenIn(goneEmail.data.payment_url))).status).toBe(404)
      expect(await payLinkRows()).toHaveLength(rows)
      expect((await getLink(token)).status).toBe(200)

      // the new-link step of a resend, likewise
      const failedResend = await resendThenFail(getContainer()).run({
        input: { customer_id: jane.id, currency_code: "usd", invoice_ids: [owed.id], to: "jane@test.dev", replaces: (await linkRow(token)).id },
        throwOnError: false,
      })
      expect(failedResend.errors.map((e: any) => e.error?.message)).toEqual(["forced failure after the steps under test"])
      expect(await payLinkRows()).toHaveLength(rows)
      expect((await getLink(token)).status).toBe(200)

      // last_used_at
      const id = (await linkRow(token)).id
      const failedMark = await markThenFail(getContainer()).run({ input: { pay_link_id: id }, throwOnError: false })
      expect(failedMark.errors.map((e: any) => e.error?.message)).toEqual(["forced failure after the steps under test"])
      expect((await linkRow(token)).last_used_at).toBeNull()
    })
  },
})
