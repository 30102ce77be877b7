import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { DEFAULT_PORTAL_SETTINGS } from "../../src/domain/portal-settings"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { Migration20261201120000 } from "../../src/modules/portal/migrations/Migration20261201120000"
import { createAdmin, createLoggedInCustomer, createPublishableKey, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(180_000)

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const PROTOTYPE_KEYS = ["toString", "constructor", "valueOf", "hasOwnProperty", "isPrototypeOf", "__proto__"]

// Black-box probe findings 9–12, 14 and 15: hostile or extreme input is a 400
// (or 415) naming what is wrong, never a 500 and never silently accepted.
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jane: { id: string; headers: Record<string, string> }
    let other: { id: string; headers: Record<string, string> }
    let invoicing: InvoicingModuleService
    let publishableKey: string

    beforeEach(async () => {
      const container = getContainer()
      invoicing = container.resolve(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd", "kwd"])
      admin = await createAdmin(container, api)
      publishableKey = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, publishableKey, "jane@test.dev", "Jane")
      other = await createLoggedInCustomer(api, publishableKey, "other@test.dev", "Other")
    })

    const invalid = (message: string) => ({ status: 400, data: { type: "invalid_data", message } })
    const answer = (res: any) => ({ status: res.status, data: res.data })
    const invoiceBody = (overrides: Record<string, unknown> = {}) => ({
      customer_id: jane.id,
      currency_code: "usd",
      due_at: "2030-01-31",
      lines: [{ title: "Service", quantity: "1", unit_price: "10.00" }],
      ...overrides,
    })
    const createInvoice = (body: Record<string, unknown>) => settle(api.post("/admin/billing/invoices", body, admin))

    describe("dates (9)", () => {
      it("refuses dates PostgreSQL cannot store and non-dates with 400 naming the field, on every route", async () => {
        const get = (url: string, headers: Record<string, string>) => settle(api.get(url, { headers }))
        const cases: [Promise<any>, string][] = [
          [get("/store/billing/invoices?due_at[gte]=10000-01-01", jane.headers), "due_at[gte]"],
          [get("/store/billing/invoices?issued_at[lt]=1899-12-31", jane.headers), "issued_at[lt]"],
          [get("/store/billing/history?occurred_at[lt]=10000-01-01", jane.headers), "occurred_at[lt]"],
          [get("/admin/billing/reports/aging?as_of=-271821-04-20", admin.headers), "as_of"],
          [get("/admin/billing/invoices?created_at[gt]=2026-02-30", admin.headers), "created_at[gt]"],
          [get("/admin/billing/payments?created_at[gte]=0", admin.headers), "created_at[gte]"],
          [createInvoice(invoiceBody({ due_at: "10000-01-01" })), "due_at"],
          [createInvoice(invoiceBody({ due_at: "0" })), "due_at"],
          [createInvoice(invoiceBody({ due_at: "' OR '1'='1" })), "due_at"],
          [createInvoice(invoiceBody({ due_at: "\r\nX: 1" })), "due_at"],
          [createInvoice(invoiceBody({ due_at: 1767225600000 })), "due_at"],
          [createInvoice(invoiceBody({ due_at: "2030-01-31", issued_at: "2030-13-01" })), "issued_at"],
          [
            createInvoice(invoiceBody({ lines: [{ title: "x", quantity: "1", unit_price: "1", service_date: "1899-12-31T23:59:59Z" }] })),
            "lines.0.service_date",
          ],
        ]
        for (const [request, field] of cases) {
          const res = await request
          expect({ field, status: res.status, type: res.data.type }).toEqual({ field, status: 400, type: "invalid_data" })
          expect(res.data.message).toContain(field.replace(/^lines\.0\./, ""))
          expect(res.data.message).toMatch(/must be an ISO 8601 date \(YYYY-MM-DD or date-time\) in the years 1900 to 9999/)
        }
        // exact wording once, for the store route of the probe
        expect(answer(await get("/store/billing/invoices?due_at[gte]=10000-01-01", jane.headers))).toEqual(
          invalid("Invalid request: due_at[gte] must be an ISO 8601 date (YYYY-MM-DD or date-time) in the years 1900 to 9999")
        )
        expect(answer(await settle(api.post(
          "/store/billing/service-requests",
          { kind: "request", subject: "Visit", message: "Please", preferred_date: "10000-01-01" },
          { headers: jane.headers }
        )))).toEqual(invalid("Invalid request: preferred_date must be a date in the form YYYY-MM-DD"))
        expect(await invoicing.listInvoices({ customer_id: jane.id })).toHaveLength(0)

        // the bounds themselves and the usual forms still work
        for (const due_at of ["1900-01-01", "9999-12-31", "2030-01-31T10:00:00Z", "2030-01-31T10:00:00.123+02:00", "2030-01-31T10:00"]) {
          const ok = await createInvoice(invoiceBody({ due_at }))
          expect({ due_at, status: ok.status }).toEqual({ due_at, status: 201 })
        }
        const list = await get("/store/billing/invoices?due_at[gte]=1900-01-01&due_at[lte]=9999-12-31T23:59:59.999Z", jane.headers)
        expect(list.status).toBe(200)
        expect((await get("/admin/billing/reports/aging?as_of=9999-12-31", admin.headers)).status).toBe(200)
      })
    })

    describe("amounts (10)", () => {
      it("bounds every amount to < 10^15 minor units (400 naming the field) and answers exactly up to the bound", async () => {
        const line = (quantity: string, unit_price: string) => invoiceBody({ lines: [{ title: "Big", quantity, unit_price }] })
        expect(answer(await createInvoice(line("1", "99999999999999999999.99")))).toEqual(
          invalid("Invalid request: lines[0].unit_price must be at most 9999999999999.99 USD")
        )
        expect(answer(await createInvoice(line("100000000000000000000", "1")))).toEqual(
          invalid("Invalid request: lines[0].quantity must be less than 100000000000")
        )
        expect(answer(await createInvoice(line("1", "10000000000000.00")))).toEqual(
          invalid("Invalid request: lines[0].unit_price must be at most 9999999999999.99 USD")
        )
        expect(answer(await createInvoice(line("1", "90071992547409.93")))).toEqual(
          invalid("Invalid request: lines[0].unit_price must be at most 9999999999999.99 USD")
        )
        expect(answer(await createInvoice(line("2", "5000000000000.00")))).toEqual(
          invalid("Invalid request: lines[0].total must be at most 9999999999999.99 USD")
        )
        expect(answer(await createInvoice(invoiceBody({
          lines: [
            { title: "a", quantity: "1", unit_price: "9999999999999.99" },
            { title: "b", quantity: "1", unit_price: "0.01" },
          ],
        })))).toEqual(invalid("Invalid request: total must be at most 9999999999999.99 USD"))
        expect(answer(await createInvoice(invoiceBody({
          currency_code: "kwd",
          lines: [{ title: "a", quantity: "1", unit_price: "1000000000000.000" }],
        })))).toEqual(invalid("Invalid request: lines[0].unit_price must be at most 999999999999.999 KWD"))

        // at the bound: stored and answered to the last digit
        const atBound = await createInvoice(line("1", "9999999999999.99"))
        expect(atBound.status).toBe(201)
        expect(atBound.data.invoice).toMatchObject({ subtotal: 9999999999999.99, total: 9999999999999.99 })
        expect(atBound.data.invoice.lines[0]).toMatchObject({ unit_price: 9999999999999.99, total: 9999999999999.99 })
        expect(JSON.stringify(atBound.data.invoice.lines[0])).toContain('"total":9999999999999.99')
        const kwd = await createInvoice(invoiceBody({ currency_code: "kwd", lines: [{ title: "a", quantity: "1", unit_price: "999999999999.999" }] }))
        expect(kwd.status).toBe(201)
        expect(kwd.data.invoice.total).toBe(999999999999.999)

        // editing a draft is bounded the same way (the currency comes from the stored invoice)
        expect(answer(await settle(api.post(
          `/admin/billing/invoices/${atBound.data.invoice.id}`,
          { lines: [{ title: "x", quantity: "1", unit_price: "10000000000000" }] },
          admin
        )))).toEqual(invalid("lines[0].unit_price must be at most 9999999999999.99 USD"))

        // payments and recorded payments
        const issued = await api.post(`/admin/billing/invoices/${atBound.data.invoice.id}/issue`, {}, admin)
        expect(issued.data.invoice.amount_due).toBe(9999999999999.99)
        expect(answer(await settle(api.post(
          `/admin/billing/invoices/${atBound.data.invoice.id}/payments`,
          { amount: "10000000000000" },
          admin
        )))).toEqual(invalid("amount must be at most 9999999999999.99 USD"))
        const pay = (body: Record<string, unknown>, key: string) =>
          settle(api.post("/store/billing/payments", body, { headers: { ...jane.headers, "idempotency-key": key } }))
        expect(answer(await pay({ mode: "fixed_amount", currency_code: "usd", amount: "99999999999999999999.99", payment_method: CARD_OK }, "big-1"))).toEqual(
          invalid("Invalid request: amount must be at most 9999999999999.99 USD")
        )
        expect(answer(await pay({
          mode: "selected_invoices",
          currency_code: "usd",
          invoice_ids: [atBound.data.invoice.id],
          amounts: { [atBound.data.invoice.id]: "10000000000000" },
          payment_method: CARD_OK,
        }, "big-2"))).toEqual(invalid(`Invalid request: amounts.${atBound.data.invoice.id} must be at most 9999999999999.99 USD`))
        expect(answer(await settle(api.put(
          "/store/billing/autopay",
          { payment_method_id: "pm_x", consent: true, max_amount: "10000000000000" },
          { headers: jane.headers }
        )))).toEqual(invalid("Invalid request: max_amount must be at most 9999999999999.99"))
      })
    })

    describe("settings keys named after Object.prototype methods (11)", () => {
      it("are refused under every section, with 400 naming the key, and nothing is stored", async () => {
        for (const section of ["tabs", "autopay", "history", "theme", "recipients"]) {
          for (const key of PROTOTYPE_KEYS) {
            // sent as raw JSON: axios drops a `constructor` key from objects it serializes
            const res = await settle(api.post("/admin/billing/settings", `{"${section}":{"${key}":true}}`, {
              headers: { ...admin.headers, "content-type": "application/json" },
              transformRequest: [(d: unknown) => d],
            }))
            expect({ section, key, ...answer(res) }).toEqual({ section, key, ...invalid(`Invalid request: ${section}.${key} is not a setting`) })
          }
        }
        expect(answer(await settle(api.post("/admin/billing/settings", { tabs: { hasOwnProperty: { x: 1 } } }, admin)))).toEqual(
          invalid("Invalid request: tabs.hasOwnProperty is not a setting")
        )
        expect((await api.get("/admin/billing/settings", admin)).data.settings).toEqual(DEFAULT_PORTAL_SETTINGS)
      })

      it("already stored, are ignored when read and removed by the migration", async () => {
        const pg = getContainer().resolve("__pg_connection__") as any
        const polluted = {
          business_name: "Acme",
          toString: "x",
          tabs: { invoices: false, toString: true, hasOwnProperty: { x: 1 } },
          autopay: { constructor: { prototype: 1 }, allowed: false },
          history: { valueOf: 1 },
          theme: { isPrototypeOf: "#fff", primary_color: "#000000" },
          recipients: { toString: ["a@b.io"] },
          email_templates: { toString: { subject: "x" } },
        }
        await pg.raw(
          `INSERT INTO portal_settings (id, key, settings) VALUES ('psett_polluted', 'default', ?::jsonb)
             ON CONFLICT DO NOTHING`,
          [JSON.stringify(polluted)]
        )
        await pg.raw(`UPDATE portal_settings SET settings = ?::jsonb WHERE key = 'default'`, [JSON.stringify(polluted)])

        const account = await api.get("/store/billing/account", { headers: jane.headers })
        const publicSettings = account.data.account.settings
        expect(publicSettings.business_name).toBe("Acme")
        expect(publicSettings.tabs).toEqual({ ...DEFAULT_PORTAL_SETTINGS.tabs, invoices: false })
        expect(Object.keys(publicSettings.autopay)).not.toContain("constructor")
        expect(Object.keys(publicSettings.history)).toEqual(["show_charges", "show_payments"])
        expect(publicSettings.theme).toEqual({ ...DEFAULT_PORTAL_SETTINGS.theme, primary_color: "#000000" })
        expect(JSON.stringify(account.data)).not.toMatch(/toString|hasOwnProperty|constructor|valueOf|isPrototypeOf/)
        const adminRead = await api.get("/admin/billing/settings", admin)
        expect(JSON.stringify(adminRead.data)).not.toMatch(/toString|hasOwnProperty|constructor|valueOf|isPrototypeOf/)
        // and the document can still be saved over
        expect((await api.post("/admin/billing/settings", { tabs: { history: false } }, admin)).status).toBe(200)

        await pg.raw(`UPDATE portal_settings SET settings = ?::jsonb WHERE key = 'default'`, [JSON.stringify(polluted)])
        const migration = new Migration20261201120000({} as any, {} as any)
        await migration.up()
        for (const query of migration.getQueries()) await pg.raw(typeof query === "string" ? query : (query as any).sql)
        const { rows } = await pg.raw(`SELECT settings FROM portal_settings WHERE key = 'default'`)
        expect(rows[0].settings).toEqual({
          business_name: "Acme",
          tabs: { invoices: false },
          autopay: { allowed: false },
          history: {},
          theme: { primary_color: "#000000" },
          recipients: {},
          email_templates: {},
        })
      })
    })

    describe("bodies that are not JSON (12)", () => {
      it("answers 415 to a mutating billing request whose body is not JSON, and runs nothing", async () => {
        const message = "Request body must be JSON (Content-Type: application/json)"
        const send = (url: string, body: string, contentType: string | undefined, headers: Record<string, string>) =>
          settle(api.post(url, body, { headers: { ...headers, "content-type": contentType as any }, transformRequest: [(d: any) => d] }))
        const xml = await send("/admin/billing/autopay/run", "<run><customer_id>x</customer_id></run>", "application/xml", admin.headers)
        expect(answer(xml)).toEqual({ status: 415, data: { type: "invalid_data", message } })
        const multipart = await send(
          "/admin/billing/autopay/run",
          '--b\r\nContent-Disposition: form-data; name="customer_id"\r\n\r\nx\r\n--b--\r\n',
          "multipart/form-data; boundary=b",
          admin.headers
        )
        expect(answer(multipart)).toEqual({ status: 415, data: { type: "invalid_data", message } })
        const form = await send("/admin/billing/settings", "logins_enabled=false", "application/x-www-form-urlencoded", admin.headers)
        expect(answer(form)).toEqual({ status: 415, data: { type: "invalid_data", message } })
        const text = await send("/store/billing/service-requests", "hello", "text/plain", jane.headers)
        expect(answer(text)).toEqual({ status: 415, data: { type: "invalid_data", message } })
        const put = await settle(api.put("/store/billing/autopay", "<x/>", { headers: { ...jane.headers, "content-type": "text/xml" } }))
        expect(answer(put)).toEqual({ status: 415, data: { type: "invalid_data", message } })
        const autopay = getContainer().resolve("autopay") as any
        expect(await autopay.listAutopayRuns({})).toHaveLength(0)

        // JSON (with a charset) and body-less actions still work
        const json = await api.post("/admin/billing/autopay/run", { customer_id: other.id }, {
          headers: { ...admin.headers, "content-type": "application/json; charset=utf-8" },
        })
        expect(json.status).toBe(200)
        const created = await createInvoice(invoiceBody())
        const noBody = await api.post(`/admin/billing/invoices/${created.data.invoice.id}/issue`, undefined, {
          headers: admin.headers,
          transformRequest: [() => undefined],
        })
        expect(noBody.status).toBe(200)
        // hooks keep their raw bodies
        const hook = await settle(api.post("/hooks/billing/stripe", "raw", { headers: { "content-type": "text/plain" } }))
        expect(hook.status).not.toBe(415)
      })
    })

    describe("Idempotency-Key request identity (14)", () => {
      it("treats equal amounts and reordered ids as the same request, and a different body as a conflict", async () => {
        await api.post("/admin/billing/settings", { allow_partial_payments: true }, admin)
        const a = await createInvoice(invoiceBody())
        const b = await createInvoice(invoiceBody())
        for (const inv of [a, b]) await api.post(`/admin/billing/invoices/${inv.data.invoice.id}/issue`, {}, admin)
        const pay = (body: Record<string, unknown>, key: string) =>
          settle(api.post("/store/billing/payments", body, { headers: { ...jane.headers, "idempotency-key": key } }))

        const first = await pay({ mode: "fixed_amount", currency_code: "usd", amount: 1.5, payment_method: CARD_OK }, "same-1")
        expect(first.status).toBe(201)
        const again = await pay({ mode: "fixed_amount", currency_code: "USD", amount: "1.50", payment_method: CARD_OK }, "same-1")
        expect(again.status).toBe(200)
        expect(again.data.payment.id).toBe(first.data.payment.id)
        const different = await pay({ mode: "fixed_amount", currency_code: "usd", amount: "1.51", payment_method: CARD_OK }, "same-1")
        expect(answer(different)).toEqual({
          status: 409,
          data: { type: "conflict", message: "Idempotency-Key was already used with a different request body" },
        })

        const [idA, idB] = [a.data.invoice.id, b.data.invoice.id]
        const selected = await pay({
          mode: "selected_invoices",
          currency_code: "usd",
          invoice_ids: [idA, idB],
          amounts: { [idA]: 1, [idB]: "2.5" },
          payment_method: CARD_OK,
        }, "same-2")
        expect(selected.status).toBe(201)
        const reordered = await pay({
          mode: "selected_invoices",
          currency_code: "usd",
          invoice_ids: [idB, idA],
          amounts: { [idB]: 2.5, [idA]: "1.00" },
          payment_method: CARD_OK,
        }, "same-2")
        expect(reordered.status).toBe(200)
        expect(reordered.data.payment.id).toBe(selected.data.payment.id)
        const otherAmounts = await pay({
          mode: "selected_invoices",
          currency_code: "usd",
          invoice_ids: [idA, idB],
          amounts: { [idA]: "2.5", [idB]: "1" },
          payment_method: CARD_OK,
        }, "same-2")
        expect(otherAmounts.status).toBe(409)
        expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toHaveLength(2)
      })
    })

    describe("NUL bytes and malformed URLs (15)", () => {
      it("refuses a NUL byte in a query, a body or a path id with 400 naming the field", async () => {
        const get = (url: string, headers: Record<string, string>) => settle(api.get(url, { headers }))
        expect(answer(await get("/store/billing/invoices?q=a%00b", jane.headers))).toEqual(
          invalid("q must not contain NUL characters")
        )
        expect(answer(await get("/admin/billing/invoices?customer_id=cus%00", admin.headers))).toEqual(
          invalid("customer_id must not contain NUL characters")
        )
        expect(answer(await get("/store/billing/invoices/inv_%00x", jane.headers))).toEqual(
          invalid("id must not contain NUL characters")
        )
        expect(answer(await get("/admin/billing/invoices/inv_%00x", admin.headers))).toEqual(
          invalid("id must not contain NUL characters")
        )
        expect(answer(await settle(api.post("/admin/billing/invoices", invoiceBody({ customer_id: "cus\u0000" }), admin)))).toEqual(
          invalid("customer_id must not contain NUL characters")
        )
        expect(answer(await settle(api.post(
          "/admin/billing/invoices",
          invoiceBody({ lines: [{ title: "a\u0000", quantity: "1", unit_price: "1" }] }),
          admin
        )))).toEqual(invalid("lines[0].title must not contain NUL characters"))
        // before any authentication: a route without a login answers the same
        expect(answer(await get("/store/billing/invoices/inv_%00x", { "x-publishable-api-key": publishableKey }))).toEqual(
          invalid("id must not contain NUL characters")
        )
      })

      it("answers 400, not 500, to a body nested 10,000 deep", async () => {
        const deep = `{"customer_id":"${jane.id}","currency_code":"usd","due_at":"2030-01-01","lines":[{"title":"a","quantity":"1","unit_price":"1"}],"metadata":{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}}`
        const res = await settle(api.post("/admin/billing/invoices", deep, {
          headers: { ...admin.headers, "content-type": "application/json" },
          transformRequest: [(d: unknown) => d],
        }))
        expect(answer(res)).toEqual(invalid("Request body is nested too deeply (at most 32 levels)"))
        const store = await settle(api.post("/store/billing/service-requests", `{"kind":"note","subject":"s","message":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, {
          headers: { ...jane.headers, "content-type": "application/json" },
          transformRequest: [(d: unknown) => d],
        }))
        expect(answer(store)).toEqual(invalid("Request body is nested too deeply (at most 32 levels)"))
        // a query nested as deep as a URL can carry is a 400 too (qs stops at 5 levels)
        const query = await settle(api.get(`/store/billing/invoices?q${"[0]".repeat(2_000)}=1`, { headers: jane.headers }))
        expect(query.status).toBe(400)
        expect(await invoicing.listInvoices({ customer_id: jane.id })).toHaveLength(0)
      })

      it("answers 400, not 500, to malformed percent-encoding in a billing path", async () => {
        const res = await settle(api.get("/store/billing/invoices/%E0%A4%A", { headers: jane.headers }))
        expect(answer(res)).toEqual(invalid("The URL path is not valid percent-encoding"))
      })
    })

    describe("a customer the admin deleted", () => {
      it("is refused on every billing route with the login it still holds (401), and nothing is charged or written", async () => {
        const draft = await invoicing.createDraftInvoice({
          customer_id: jane.id,
          currency_code: "usd",
          due_at: new Date(Date.now() + 10 * 24 * 60 * 60 * 1000),
          lines: [{ title: "Service", quantity: "1", unit_price: "25.00" }],
        })
        await invoicing.issueInvoice(draft.id, { now: new Date() })
        expect((await api.get("/store/billing/account", { headers: jane.headers })).status).toBe(200)
        expect((await api.delete(`/admin/customers/${jane.id}`, admin)).status).toBe(200)

        const h = { headers: jane.headers }
        const keyed = (key: string) => ({ headers: { ...jane.headers, "idempotency-key": key } })
        const pay = { mode: "total_balance", currency_code: "usd", payment_method: CARD_OK }
        const requests: [string, () => Promise<any>][] = [
          ["account", () => api.get("/store/billing/account", h)],
          ["invoices", () => api.get("/store/billing/invoices", h)],
          ["invoice", () => api.get(`/store/billing/invoices/${draft.id}`, h)],
          ["invoice pdf", () => api.get(`/store/billing/invoices/${draft.id}/pdf`, h)],
          ["history", () => api.get("/store/billing/history", h)],
          ["statement", () => api.get("/store/billing/statement", h)],
          ["payments", () => api.get("/store/billing/payments", h)],
          ["preview", () => api.post("/store/billing/payments/preview", pay, h)],
          ["pay", () => api.post("/store/billing/payments", pay, keyed("deleted-1"))],
          ["payment methods", () => api.get("/store/billing/payment-methods", h)],
          ["save a method", () => api.post("/store/billing/payment-methods", CARD_OK, keyed("deleted-2"))],
          ["autopay", () => api.get("/store/billing/autopay", h)],
          ["service requests", () => api.get("/store/billing/service-requests", h)],
          ["new service request", () => api.post("/store/billing/service-requests", { kind: "note", subject: "s", message: "m" }, h)],
        ]
        for (const [what, request] of requests) {
          const res = await settle(request())
          expect([what, res.status, res.data?.message]).toEqual([what, 401, "This customer account no longer exists"])
        }
        expect(await invoicing.listCustomerPayments({ customer_id: jane.id })).toEqual([])
        expect((await invoicing.retrieveInvoice(draft.id)).status).toBe("open")
        // the other customer is unaffected
        expect((await api.get("/store/billing/account", { headers: other.headers })).status).toBe(200)
      })
    })
  },
})
