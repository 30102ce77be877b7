import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import billingInvoiceIssued from "../../src/subscribers/billing-invoice-issued"
import { documentRenderers } from "../../src/utils/document-attachments"
import { getBillingOptions } from "../../src/utils/options"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { extractText, getDocumentProxy } = require("unpdf")

jest.setTimeout(180_000)

type Who = { id: string; headers: Record<string, string> }
const TEMPLATE = "billing.invoice_issued"
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const ACH_OK = { type: "us_bank_account", data: { account_number: "000123456789", routing_number: "110000000" } }

/**
 * The one attachment of a stored notification, as a provider would get it:
 * base64 that decodes to a PDF which a real PDF reader parses; its text.
 */
async function attachedPdf(notification: any) {
  const attachments = notification.data.attachments
  expect(attachments).toEqual([
    { content: expect.any(String), filename: expect.stringMatching(/\.pdf$/), content_type: "application/pdf", disposition: "attachment" },
  ])
  const bytes = Buffer.from(attachments[0].content, "base64")
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-")
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const { text } = await extractText(pdf, { mergePages: true })
  return { filename: attachments[0].filename as string, text: String(text).replace(/\s+/g, " "), pages: pdf.numPages as number }
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jane: Who
    let other: Who
    let portalUrl: string
    let publishableKey: string

    beforeEach(async () => {
      const container = getContainer()
      await setStoreCurrencies(container, ["usd", "jpy", "kwd"])
      admin = await createAdmin(container, api)
      const key = await createPublishableKey(container)
      publishableKey = key
      jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, key, "other@test.dev", "Other")
      portalUrl = getBillingOptions(container).portalUrl
    })

    const emails = async (filter: Record<string, unknown> = {}) =>
      (await getContainer()
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ template: TEMPLATE, ...filter } as any, { order: { created_at: "ASC" } } as any)) as any[]

    const draft = async (customerId: string, currency: string, lines: Record<string, unknown>[], extra: Record<string, unknown> = {}) => {
      const res = await settle(
        api.post(
          "/admin/billing/invoices",
          { customer_id: customerId, currency_code: currency, due_at: "2030-04-02T00:00:00.000Z", lines, ...extra },
          admin
        )
      )
      expect(res.status).toBe(201)
      return res.data.invoice
    }

    /** Issues through the API and waits until the subscribers of `billing.invoice.issued` have run. */
    const issue = async (invoiceId: string) => {
      const handled = TestEventUtils.waitSubscribersExecution("billing.invoice.issued", getContainer().resolve(Modules.EVENT_BUS))
      const res = await settle(api.post(`/admin/billing/invoices/${invoiceId}/issue`, { issued_at: "2026-03-03T10:00:00.000Z" }, admin))
      expect(res.status).toBe(200)
      await handled
      return res.data.invoice
    }

    const send = (invoiceId: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      settle(api.post(`/admin/billing/invoices/${invoiceId}/send`, body, { headers: { ...admin.headers, ...headers } }))

    let payKey = 0
    const pay = (body: Record<string, unknown>, who: Who = jane) =>
      settle(api.post("/store/billing/payments", body, { headers: { ...who.headers, "idempotency-key": `pay-${++payKey}` } }))

    const saveSettings = async (body: Record<string, unknown>) =>
      expect((await settle(api.post("/admin/billing/settings", body, admin))).status).toBe(200)

    describe("on issue", () => {
      it("emails the invoice once, with exact amounts, its lines, the invoice URL and the View and pay link", async () => {
        await saveSettings({ business_name: "Greenleaf & Sons" })
        const invoice = await draft(
          jane.id,
          "usd",
          [
            { title: "Spring clean-up", quantity: "1", unit_price: "155.50" },
            { title: "Mowing", quantity: "2", unit_price: "45.00", description: "front and back" },
          ],
          { notes: "Gate code <1234>" }
        )
        expect(await emails()).toEqual([])
        await issue(invoice.id)

        const sent = await emails()
        expect(sent).toHaveLength(1)
        const url = `${portalUrl}/invoices/${invoice.id}`
        expect(sent[0]).toMatchObject({
          to: "jane@test.dev",
          channel: "email",
          template: TEMPLATE,
          idempotency_key: `${TEMPLATE}:${invoice.id}`,
          resource_type: "invoice",
          resource_id: invoice.id,
          receiver_id: jane.id,
          trigger_type: "billing.invoice.issued",
        })
        const data = sent[0].data
        expect(data.subject).toBe(`Invoice ${invoice.number} from Greenleaf & Sons — 245.50 USD due April 2, 2030`)
        expect(data.invoice).toEqual({
          id: invoice.id,
          number: invoice.number,
          total: "245.50",
          amount_paid: "0.00",
          amount_due: "245.50",
          currency: "USD",
          issued_date: "March 3, 2026",
          due_date: "April 2, 2030",
          lines: ["Spring clean-up — 1 × 155.50 = 155.50 USD", "Mowing — 2 × 45.00 = 90.00 USD"],
          notes: "Gate code <1234>",
        })
        // "View and pay" opens the invoice's pay link: the hosted portal's pay page, the token in the fragment
        expect(data.invoice_url).toBe(url)
        const payUrl = data.payment_url as string
        expect(payUrl).toMatch(new RegExp(`^${new URL(portalUrl).origin}/billing/pay#token=[A-Za-z0-9_-]{43}$`))
        expect(data.html).toContain(`Greenleaf &amp; Sons sent you invoice <strong>${invoice.number}</strong>, issued March 3, 2026.`)
        expect(data.html).toContain("Amount due: <strong>245.50 USD</strong> by April 2, 2030")
        expect(data.html).toContain("<li>Mowing — 2 × 45.00 = 90.00 USD</li>")
        expect(data.html).toContain("<p>Gate code &lt;1234&gt;</p>")
        expect(data.html).toContain(`<a href="${payUrl}"`)
        expect(data.html).toMatch(/<a href="[^"]+\/billing\/pay#token=[^"]+"[^>]*>View and pay<\/a>/)
        expect(data.html).toContain(`<a href="${url}">see it in the billing portal</a>`)
        expect(data.text).toContain(`View and pay: ${payUrl}\n`)
        expect(data.text).toContain("- Spring clean-up — 1 × 155.50 = 155.50 USD\n- Mowing — 2 × 45.00 = 90.00 USD")

        // the invoice PDF is attached, and says what the email says
        const pdf = await attachedPdf(sent[0])
        expect(pdf.filename).toBe(`${invoice.number}.pdf`)
        expect(pdf.text).toContain(invoice.number)
        expect(pdf.text).toContain("Greenleaf & Sons")
        for (const amount of ["$155.50", "$90.00", "$245.50"]) expect(pdf.text).toContain(amount)
        expect(pdf.text).toMatch(/Amount due \$245\.50/)

        // a redelivered event sends nothing more…
        await billingInvoiceIssued({
          event: { name: "billing.invoice.issued", data: { id: invoice.id } },
          container: getContainer(),
        } as any)
        // …nor does an attempt to issue it again (refused)
        const again = await settle(api.post(`/admin/billing/invoices/${invoice.id}/issue`, {}, admin))
        expect(again.status).toBe(400)
        expect(await emails()).toHaveLength(1)
        // the other customer got nothing
        expect(await emails({ to: "other@test.dev" })).toEqual([])
      })

      it("formats JPY (no decimals) and KWD (three decimals) exactly", async () => {
        const yen = await draft(jane.id, "jpy", [
          { title: "Consulting", quantity: "2.5", unit_price: "4939" },
          { title: "Travel", quantity: "1", unit_price: "1000" },
        ])
        await issue(yen.id)
        const dinar = await draft(jane.id, "kwd", [{ title: "Maintenance", quantity: "3", unit_price: "4.115" }])
        await issue(dinar.id)

        const [jpy] = await emails({ resource_id: yen.id })
        expect(jpy.data.subject).toBe(`Invoice ${yen.number} from  — 13348 JPY due April 2, 2030`)
        expect(jpy.data.invoice).toMatchObject({
          total: "13348",
          amount_due: "13348",
          currency: "JPY",
          // 2.5 × 4939 = 12347.5, rounded half away from zero once
          lines: ["Consulting — 2.5 × 4939 = 12348 JPY", "Travel — 1 × 1000 = 1000 JPY"],
        })
        const [kwd] = await emails({ resource_id: dinar.id })
        expect(kwd.data.invoice).toMatchObject({
          total: "12.345",
          amount_due: "12.345",
          currency: "KWD",
          lines: ["Maintenance — 3 × 4.115 = 12.345 KWD"],
        })
        expect(kwd.data.text).toContain("Amount due: 12.345 KWD by April 2, 2030")

        const yenPdf = await attachedPdf(jpy)
        expect(yenPdf.text).toContain(yen.number)
        expect(yenPdf.text).toMatch(/Amount due ¥13,348/)
        expect(yenPdf.text).toContain("¥12,348")
        const dinarPdf = await attachedPdf(kwd)
        expect(dinarPdf.text).toContain(dinar.number)
        expect(dinarPdf.text).toMatch(/Amount due KWD\s?12\.345/)
      })

      it("credit applied on issue shows as paid and lowers the amount due", async () => {
        await saveSettings({ allow_prepayment: true })
        const first = await draft(jane.id, "usd", [{ title: "Deposit", quantity: "1", unit_price: "10.00" }])
        await issue(first.id)
        // paying 40.00 against 10.00 owed leaves 30.00 of credit
        const paid = await pay({ mode: "fixed_amount", currency_code: "usd", amount: "40.00", payment_method: CARD_OK })
        expect(paid.data.payment).toMatchObject({ status: "succeeded", unapplied_amount: 30 })
        const second = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "100.00" }])
        await issue(second.id)
        const [email] = await emails({ resource_id: second.id })
        expect(email.data.invoice).toMatchObject({ total: "100.00", amount_paid: "30.00", amount_due: "70.00" })
        expect(email.data.subject).toBe(`Invoice ${second.number} from  — 70.00 USD due April 2, 2030`)
      })

      it("email_on_issue off: issuing sends nothing, send still works; a customer without email gets nothing", async () => {
        await saveSettings({ email_on_issue: false })
        const invoice = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        await issue(invoice.id)
        expect(await emails()).toEqual([])

        const res = await send(invoice.id)
        expect(res.status).toBe(200)
        expect(await emails()).toHaveLength(1)

        // on again: a customer without an email is skipped, and the issue stands
        await saveSettings({ email_on_issue: true })
        const customers = getContainer().resolve(Modules.CUSTOMER)
        const [nobody] = await customers.createCustomers([{ first_name: "No", last_name: "Email" }])
        const silent = await draft(nobody.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        const issued = await issue(silent.id)
        expect(issued.status).toBe("open")
        expect(await emails({ resource_id: silent.id })).toEqual([])
      })
    })

    describe("receipts", () => {
      const receipts = async (template: string) =>
        (await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ template } as any)) as any[]
      const settledEmail = async (template: string, paymentId: string) => {
        const [email] = (await receipts(template)).filter((n) => n.resource_id === paymentId)
        return email
      }

      it("a card payment's receipt email carries the receipt PDF with the transaction id and what it paid", async () => {
        const invoice = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "120.00" }])
        await issue(invoice.id)
        const handled = TestEventUtils.waitSubscribersExecution(
          "billing.payment.succeeded",
          getContainer().resolve(Modules.EVENT_BUS)
        )
        const paid = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice.id], payment_method: CARD_OK })
        expect(paid.data.payment).toMatchObject({ status: "succeeded", transaction_id: expect.stringMatching(/^pi_sandbox_/) })
        await handled
        const email = await settledEmail("billing.payment_receipt", paid.data.payment.id)
        expect(email.data.subject).toBe("Payment received — 120.00 USD")
        const pdf = await attachedPdf(email)
        expect(pdf.filename).toBe(`receipt-${paid.data.payment.transaction_id}.pdf`)
        expect(pdf.text).toContain(paid.data.payment.transaction_id)
        expect(pdf.text).toContain(invoice.number)
        expect(pdf.text).toContain("$120.00")
        // the other customer has no receipt
        expect((await receipts("billing.payment_receipt")).filter((n) => n.to === "other@test.dev")).toEqual([])
      })

      it("an ACH debit's pending email carries the receipt PDF, marked pending", async () => {
        const invoice = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "75.25" }])
        await issue(invoice.id)
        const handled = TestEventUtils.waitSubscribersExecution(
          "billing.payment.processing",
          getContainer().resolve(Modules.EVENT_BUS)
        )
        const paid = await pay({ mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice.id], payment_method: ACH_OK })
        expect(paid.data.payment).toMatchObject({ status: "processing", method: "us_bank_account" })
        await handled
        const email = await settledEmail("billing.ach_pending", paid.data.payment.id)
        const pdf = await attachedPdf(email)
        expect(pdf.text).toContain(paid.data.payment.transaction_id)
        expect(pdf.text).toContain("$75.25")
        expect(pdf.text).toMatch(/pending/i)
      })
    })

    describe("when a PDF cannot be made", () => {
      it("the email still goes out, without the attachment, and a warning is logged", async () => {
        const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER)
        const warn = jest.spyOn(logger, "warn")
        const failing = jest.spyOn(documentRenderers, "invoice").mockRejectedValue(new Error("drawing failed (test)"))
        try {
          const invoice = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
          await issue(invoice.id)
          const [onIssue] = await emails({ resource_id: invoice.id })
          expect(onIssue.data.subject).toBe(`Invoice ${invoice.number} from  — 80.00 USD due April 2, 2030`)
          expect(onIssue.data.attachments).toBeUndefined()
          const sent = await send(invoice.id)
          expect(sent.status).toBe(200)
          expect((await emails({ id: sent.data.notification.id }))[0].data.attachments).toBeUndefined()
          expect(failing).toHaveBeenCalledTimes(2)
          expect(warn).toHaveBeenCalledWith(
            `billing: the invoice ${invoice.id} PDF could not be made, the email goes without it: drawing failed (test)`
          )
        } finally {
          failing.mockRestore()
          warn.mockRestore()
        }
        // drawn again once it works
        const next = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        await issue(next.id)
        expect((await attachedPdf((await emails({ resource_id: next.id }))[0])).text).toContain(next.number)
      })
    })

    describe("the template", () => {
      it("is editable like the others and the test email renders it with sample data", async () => {
        await saveSettings({
          business_name: "Greenleaf",
          email_templates: { [TEMPLATE]: { subject: "{{invoice.number}}: {{invoice.amount_due}} {{invoice.currency}} by {{invoice.due_date}}" } },
        })
        const bad = await settle(
          api.post("/admin/billing/settings", { email_templates: { [TEMPLATE]: { text: "{{payment.amount}}" } } }, admin)
        )
        expect(bad.status).toBe(400)
        expect(bad.data.message).toBe(`Invalid request: email_templates.${TEMPLATE}.text: unknown placeholder {{payment.amount}}`)

        const res = await settle(api.post("/admin/billing/settings/test-email", { template: TEMPLATE, to: "owner@greenleaf.example" }, admin))
        expect(res.status).toBe(200)
        const [sample] = await emails()
        expect(sample.to).toBe("owner@greenleaf.example")
        expect(sample.data.subject).toBe("INV-000123: 245.50 USD by April 2, 2026")
        expect(sample.data.html).toContain("Greenleaf sent you invoice <strong>INV-000123</strong>")
        expect(sample.data.html).toContain("<li>Mowing — 2 × 45.00 = 90.00 USD</li>")
        expect(sample.data.html).not.toMatch(/\{\{/)
        // with the sample invoice PDF a customer would get
        const samplePdf = await attachedPdf(sample)
        expect(samplePdf.filename).toBe("INV-000123.pdf")
        expect(samplePdf.text).toContain("Greenleaf")
        expect(samplePdf.text).toMatch(/Amount due \$245\.50/)
        // a receipt template's test email carries the sample receipt; a failure's carries none
        await settle(api.post("/admin/billing/settings/test-email", { template: "billing.ach_pending", to: "owner@greenleaf.example" }, admin))
        await settle(api.post("/admin/billing/settings/test-email", { template: "billing.ach_failed", to: "owner@greenleaf.example" }, admin))
        const notifications = getContainer().resolve(Modules.NOTIFICATION)
        const [achPending] = await notifications.listNotifications({ template: "billing.ach_pending" } as any)
        const receipt = await attachedPdf(achPending)
        expect(receipt.filename).toBe("receipt-txn_3QK8Z2EXAMPLE.pdf")
        expect(receipt.text).toContain("txn_3QK8Z2EXAMPLE")
        expect(receipt.text).toMatch(/pending until the bank settles/i)
        const [achFailed] = await notifications.listNotifications({ template: "billing.ach_failed" } as any)
        expect(achFailed.data!.attachments).toBeUndefined()

        // the saved subject is what a real invoice gets
        const invoice = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        await issue(invoice.id)
        const [real] = await emails({ resource_id: invoice.id })
        expect(real.data.subject).toBe(`${invoice.number}: 80.00 USD by April 2, 2030`)
      })
    })

    describe("POST /admin/billing/invoices/:id/send", () => {
      it("sends a new email on each call and answers the invoice and the notification; emits billing.invoice.sent", async () => {
        await saveSettings({ email_on_issue: false })
        const invoice = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        await issue(invoice.id)

        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const emitted = TestEventUtils.waitSubscribersExecution("billing.invoice.sent", eventBus)
        const first = await send(invoice.id)
        expect(first.status).toBe(200)
        expect(first.data.invoice).toMatchObject({ id: invoice.id, status: "open", amount_due: 80, number: invoice.number })
        expect(first.data.notification).toEqual({ id: expect.stringMatching(/^noti_/), to: "jane@test.dev", template: TEMPLATE })
        const [event] = (await emitted) as any[]
        expect(event).toMatchObject({ name: "billing.invoice.sent", data: { id: invoice.id, notification_id: first.data.notification.id } })

        const second = await send(invoice.id, {})
        expect(second.status).toBe(200)
        expect(second.data.notification.id).not.toBe(first.data.notification.id)
        const sent = await emails()
        expect(sent.map((n) => n.id).sort()).toEqual([first.data.notification.id, second.data.notification.id].sort())
        expect(sent[0].data.subject).toBe(`Invoice ${invoice.number} from  — 80.00 USD due April 2, 2030`)
        expect(sent[0].trigger_type).toBe("billing.invoice.sent")
        // every send carries the invoice PDF
        for (const email of sent) {
          const pdf = await attachedPdf(email)
          expect(pdf.filename).toBe(`${invoice.number}.pdf`)
          expect(pdf.text).toMatch(/Amount due \$80\.00/)
        }

        // to another address
        const copy = await send(invoice.id, { to: "ap@acme.example" })
        expect(copy.status).toBe(200)
        expect(copy.data.notification.to).toBe("ap@acme.example")
        expect((await emails({ to: "ap@acme.example" }))[0].data.invoice.amount_due).toBe("80.00")
      })

      it("an Idempotency-Key replay sends once and answers the same notification; another address under it is a 409", async () => {
        const invoice = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        await issue(invoice.id)
        const before = (await emails()).length

        const first = await send(invoice.id, {}, { "idempotency-key": "send-click-1" })
        const replay = await send(invoice.id, {}, { "idempotency-key": "send-click-1" })
        expect([first.status, replay.status]).toEqual([200, 200])
        expect(replay.data.notification).toEqual(first.data.notification)
        expect(await emails()).toHaveLength(before + 1)

        const conflict = await send(invoice.id, { to: "ap@acme.example" }, { "idempotency-key": "send-click-1" })
        expect(conflict.status).toBe(409)
        expect(conflict.data.message).toBe("Idempotency-Key was already used with a different request body")
        // a new key sends again
        expect((await send(invoice.id, {}, { "idempotency-key": "send-click-2" })).status).toBe(200)
        expect(await emails()).toHaveLength(before + 2)
      })

      it("a send the email provider failed is sent by a retry with the same key, once, with a link that works", async () => {
        const invoice = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        await issue(invoice.id)
        const notifications = getContainer().resolve(Modules.NOTIFICATION) as any
        // the email provider is down for one send (Medusa keeps a failed notification under its key)
        const providerSend = jest
          .spyOn(notifications.notificationProviderService_, "send")
          .mockRejectedValueOnce(new Error("SMTP is down (test)"))
        try {
          const failed = await send(invoice.id, {}, { "idempotency-key": "send-after-failure" })
          expect(failed.status).toBeGreaterThanOrEqual(500)
          const retry = await send(invoice.id, {}, { "idempotency-key": "send-after-failure" })
          expect(retry.status).toBe(200)
          expect(retry.data.notification).toMatchObject({ id: expect.any(String), to: "jane@test.dev" })
          // a replay answers that email, and sends nothing more
          const replay = await send(invoice.id, {}, { "idempotency-key": "send-after-failure" })
          expect([replay.status, replay.data.notification]).toEqual([200, retry.data.notification])
          expect(providerSend).toHaveBeenCalledTimes(2)
        } finally {
          providerSend.mockRestore()
        }
        const delivered = (await emails({ trigger_type: "billing.invoice.sent" })).filter((e: any) => e.status === "success")
        expect(delivered).toHaveLength(1)
        // its link opens the invoice (it was not taken back)
        const token = new URLSearchParams(new URL(delivered[0].data.payment_url).hash.slice(1)).get("token")!
        const link = await settle(
          api.get("/store/billing/pay-link", { headers: { "x-publishable-api-key": publishableKey, "x-pay-link-token": token } })
        )
        expect(link.status).toBe(200)
      })

      it("refuses a draft, a void invoice, a customer without email (400), an unknown id (404) and bad bodies, sending nothing", async () => {
        const container = getContainer()
        const pending = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        const voided = await draft(jane.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        await issue(voided.id)
        expect((await settle(api.post(`/admin/billing/invoices/${voided.id}/void`, {}, admin))).status).toBe(200)
        const [nobody] = await container.resolve(Modules.CUSTOMER).createCustomers([{ first_name: "No", last_name: "Email" }])
        const noEmail = await draft(nobody.id, "usd", [{ title: "Visit", quantity: "1", unit_price: "80.00" }])
        await issue(noEmail.id)
        const before = (await emails()).length

        const cases: [string, unknown, number, string][] = [
          [pending.id, {}, 400, `Issue the invoice before sending it: ${pending.number} is a draft`],
          [voided.id, {}, 400, `Invoice ${voided.number} is void; a void invoice cannot be sent`],
          [
            noEmail.id,
            {},
            400,
            `The customer of invoice ${noEmail.number} has no email address: add one to the customer, or give "to"`,
          ],
          ["inv_doesnotexist", {}, 404, "Invoice with id: inv_doesnotexist was not found"],
          [voided.id, { to: "not-an-email" }, 400, "Invalid request: to must be a valid email address"],
          [voided.id, { cc: "x@y.io" }, 400, "Invalid request: Unrecognized fields: 'cc'"],
        ]
        for (const [id, body, status, message] of cases) {
          const res = await send(id, body)
          expect({ id, status: res.status, message: res.data.message }).toEqual({ id, status, message })
        }
        expect(await emails()).toHaveLength(before)

        // with an address given, the customer without email can be sent to
        const given = await send(noEmail.id, { to: "books@nobody.example" })
        expect(given.status).toBe(200)
        // admin only
        expect((await settle(api.post(`/admin/billing/invoices/${noEmail.id}/send`, {}, { headers: jane.headers }))).status).toBe(401)
        expect((await settle(api.post(`/admin/billing/invoices/${noEmail.id}/send`, {}))).status).toBe(401)
      })
    })
  },
})
