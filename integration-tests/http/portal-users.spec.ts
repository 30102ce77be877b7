import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import type AutopayModuleService from "../../src/modules/autopay/service"
import { createAdmin, createLoggedInCustomer, createPublishableKey, eventually, settle } from "../helpers"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jane: { id: string; headers: Record<string, string> }
    const ids: Record<string, string> = {}

    const sql = async (query: string, params: unknown[] = []) => {
      const pg = getContainer().resolve("__pg_connection__") as any
      return (await pg.raw(query, params)).rows as any[]
    }
    const list = async (query = "") => (await api.get(`/admin/billing/portal-users${query}`, admin)).data
    const byId = (users: any[]) => Object.fromEntries(users.map((u) => [u.customer_id, u]))

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdmin(container, api)
      const pk = await createPublishableKey(container)
      jane = await createLoggedInCustomer(api, pk, "jane@test.dev", "Jane")
      ids.jane = jane.id
      const customers = container.resolve(Modules.CUSTOMER)
      // Created one by one so created_at (the list order, newest first) is distinct.
      for (const [key, data] of [
        ["sam", { email: "sam@test.dev", first_name: "Sam", last_name: "Lee", company_name: "Lee Plumbing" }],
        ["expired", { email: "ed@test.dev", first_name: "Ed", last_name: "Old", company_name: "Acme Field Service" }],
        ["revoked", { email: "rita@test.dev", first_name: "Rita", last_name: "Gone" }],
        ["never", { email: "nora@test.dev", first_name: "Nora", last_name: "Never", company_name: "Acme Roofing" }],
        ["noEmail", { first_name: "Nemo", last_name: "Mail" }],
      ] as const) {
        ids[key] = ((await customers.createCustomers(data as any)) as any).id
      }
      const invited = await api.post(
        "/admin/billing/portal-users/invite",
        { customer_ids: [ids.sam, ids.expired, ids.revoked] },
        admin
      )
      expect(invited.data.invited).toHaveLength(3)
      await sql("UPDATE portal_invitation SET expires_at = now() - interval '1 hour' WHERE customer_id = ?", [ids.expired])
      await api.post("/admin/billing/portal-users/revoke", { customer_ids: [ids.revoked] }, admin)
    })

    it("lists customers with their portal status, newest first", async () => {
      // Jane has autopay on (recorded directly: the enrollment rules are the autopay suite's business)
      await getContainer().resolve<AutopayModuleService>(AUTOPAY_MODULE).enroll({
        customer_id: jane.id,
        payment_method_id: "pm_sandbox_card_ok_4242_x",
        payment_method_type: "card",
        provider_id: "pp_billing-sandbox_sandbox",
        max_amount: null,
        terms_version: "1",
        terms_text: "terms",
        now: new Date(),
      })
      const page = await list()
      expect(page.count).toBe(6)
      expect(page.offset).toBe(0)
      expect(page.limit).toBe(20)
      expect(page.portal_users.map((u: any) => u.customer_id)).toEqual([
        ids.noEmail,
        ids.never,
        ids.revoked,
        ids.expired,
        ids.sam,
        ids.jane,
      ])
      const users = byId(page.portal_users)
      expect(Object.fromEntries(Object.entries(users).map(([id, u]: any) => [id, u.portal_status]))).toEqual({
        [ids.jane]: "active",
        [ids.sam]: "invited",
        [ids.expired]: "invitation_expired",
        [ids.revoked]: "none",
        [ids.never]: "none",
        [ids.noEmail]: "none",
      })
      expect(users[ids.sam]).toEqual({
        customer_id: ids.sam,
        email: "sam@test.dev",
        first_name: "Sam",
        last_name: "Lee",
        company_name: "Lee Plumbing",
        portal_status: "invited",
        invited_at: expect.any(String),
        invitation_expires_at: expect.any(String),
        last_login_at: null,
        autopay_status: "none",
      })
      expect(users[ids.jane].autopay_status).toBe("active")
      expect(new Date(users[ids.sam].invitation_expires_at).getTime()).toBeGreaterThan(Date.now())
      expect(new Date(users[ids.expired].invitation_expires_at).getTime()).toBeLessThan(Date.now())
      expect(users[ids.revoked].invited_at).toEqual(expect.any(String))
      expect(users[ids.revoked].invitation_expires_at).toBeNull()
      expect(users[ids.never].invited_at).toBeNull()
      expect(users[ids.jane].email).toBe("jane@test.dev")
    })

    it("filters by status and by 'without an account', searches, paginates", async () => {
      const only = async (query: string) => (await list(query)).portal_users.map((u: any) => u.customer_id)
      expect(await only("?status=active")).toEqual([ids.jane])
      expect(await only("?status=invited")).toEqual([ids.sam])
      expect(await only("?status=invitation_expired")).toEqual([ids.expired])
      expect(await only("?status=none")).toEqual([ids.noEmail, ids.never, ids.revoked])
      expect(await only("?without_account=true")).toEqual([ids.noEmail, ids.never, ids.revoked, ids.expired, ids.sam])
      expect(await only("?without_account=true&status=active")).toEqual([])
      expect(await only("?without_account=false")).toHaveLength(6)

      expect(await only("?q=acme")).toEqual([ids.never, ids.expired]) // company
      expect(await only("?q=SAM@test")).toEqual([ids.sam]) // email, any case
      expect(await only("?q=Never")).toEqual([ids.never]) // last name
      expect(await only("?q=acme&status=invitation_expired")).toEqual([ids.expired])

      const first = await list("?limit=2")
      const second = await list("?limit=2&offset=2")
      const last = await list("?limit=2&offset=4")
      expect([first.count, second.count, last.count]).toEqual([6, 6, 6])
      expect([...first.portal_users, ...second.portal_users, ...last.portal_users].map((u: any) => u.customer_id)).toEqual(
        (await list()).portal_users.map((u: any) => u.customer_id)
      )
      expect(second).toEqual(expect.objectContaining({ offset: 2, limit: 2 }))

      for (const [query, message] of [
        ["?status=bogus", "status must be one of: active, invited, invitation_expired, none"],
        ["?without_account=maybe", "without_account"],
        ["?limit=0", "limit"],
        ["?foo=1", "foo"],
      ]) {
        const res = await settle(api.get(`/admin/billing/portal-users${query}`, admin))
        expect({ query, status: res.status }).toEqual({ query, status: 400 })
        expect(res.data.message).toContain(message)
      }
    })

    it("looks one customer up by customer_id (the customer page's widget), with the other filters", async () => {
      const one = async (query: string) => (await list(query)).portal_users.map((u: any) => [u.customer_id, u.portal_status])
      expect(await one(`?customer_id=${ids.sam}`)).toEqual([[ids.sam, "invited"]])
      expect(await one(`?customer_id=${ids.jane}`)).toEqual([[ids.jane, "active"]])
      expect(await one(`?customer_id=${ids.expired}`)).toEqual([[ids.expired, "invitation_expired"]])
      expect(await one(`?customer_id=${ids.never}`)).toEqual([[ids.never, "none"]])
      expect((await list(`?customer_id=${ids.sam}`)).count).toBe(1)
      // combined with a status, a search or the account filter: the customer only if they match
      expect(await one(`?customer_id=${ids.sam}&status=invited`)).toEqual([[ids.sam, "invited"]])
      expect(await one(`?customer_id=${ids.sam}&status=none`)).toEqual([])
      expect(await one(`?customer_id=${ids.never}&status=none`)).toEqual([[ids.never, "none"]])
      expect(await one(`?customer_id=${ids.jane}&without_account=true`)).toEqual([])
      expect(await one(`?customer_id=${ids.jane}&status=active`)).toEqual([[ids.jane, "active"]])
      expect(await one(`?customer_id=${ids.sam}&q=acme`)).toEqual([])
      expect(await one("?customer_id=cus_does_not_exist")).toEqual([])

      const res = await settle(api.get("/admin/billing/portal-users?customer_id=", admin))
      expect({ status: res.status, message: res.data.message }).toEqual({
        status: 400,
        message: expect.stringContaining("customer_id must not be empty"),
      })
    })

    it("an invitation counts only for the address it was sent to: after the customer's email changes the status is 'none' (invite again); a change of case only keeps it", async () => {
      // Sam's invitation went to sam@test.dev; the admin changes his email
      await api.post(`/admin/customers/${ids.sam}`, { email: "samuel@test.dev" }, admin)
      // Ed's expired invitation and Nora's new one went to addresses that change in case only
      await api.post("/admin/billing/portal-users/invite", { customer_ids: [ids.never] }, admin)
      await api.post(`/admin/customers/${ids.never}`, { email: "Nora@Test.dev" }, admin)
      await api.post(`/admin/customers/${ids.expired}`, { email: "ED@test.dev" }, admin)

      const one = async (query: string) => (await list(query)).portal_users.map((u: any) => [u.customer_id, u.portal_status])
      expect(await one(`?customer_id=${ids.sam}`)).toEqual([[ids.sam, "none"]])
      const sam = (await list(`?customer_id=${ids.sam}`)).portal_users[0]
      expect({ email: sam.email, invitation_expires_at: sam.invitation_expires_at }).toEqual({ email: "samuel@test.dev", invitation_expires_at: null })
      expect(await one(`?customer_id=${ids.never}`)).toEqual([[ids.never, "invited"]])
      expect(await one(`?customer_id=${ids.expired}`)).toEqual([[ids.expired, "invitation_expired"]])
      // the status filters agree with the statuses shown
      const only = async (query: string) => (await list(query)).portal_users.map((u: any) => u.customer_id)
      expect(await only("?status=invited")).toEqual([ids.never])
      expect(await only("?status=invitation_expired")).toEqual([ids.expired])
      expect(await only("?status=none")).toEqual([ids.noEmail, ids.revoked, ids.sam])
      expect(await one(`?customer_id=${ids.sam}&status=none`)).toEqual([[ids.sam, "none"]])
      expect(await one(`?customer_id=${ids.sam}&status=invited`)).toEqual([])

      // inviting again sends to the new address, and Sam is invited once more
      const again = await api.post("/admin/billing/portal-users/invite", { customer_ids: [ids.sam] }, admin)
      expect(again.data.invited).toEqual([expect.objectContaining({ customer_id: ids.sam, email: "samuel@test.dev" })])
      expect(await one(`?customer_id=${ids.sam}`)).toEqual([[ids.sam, "invited"]])
    })

    it("bulk invite and bulk password reset answer who was done and who was skipped, and why", async () => {
      const invited = await api.post(
        "/admin/billing/portal-users/invite",
        { customer_ids: [ids.never, ids.jane, ids.noEmail, "cus_missing", ids.sam] },
        admin
      )
      expect(invited.data.invited.map((i: any) => i.customer_id).sort()).toEqual([ids.never, ids.sam].sort())
      expect(invited.data.skipped).toEqual([
        { customer_id: ids.jane, reason: "has_account" },
        { customer_id: ids.noEmail, reason: "no_email" },
        { customer_id: "cus_missing", reason: "not_found" },
      ])
      // Sam's earlier invitation was replaced: still exactly one open invitation each.
      const open = await sql(
        "SELECT customer_id, count(*)::int AS n FROM portal_invitation WHERE accepted_at IS NULL AND revoked_at IS NULL GROUP BY customer_id ORDER BY customer_id"
      )
      expect(open).toEqual(
        [ids.expired, ids.never, ids.sam].sort().map((customer_id) => ({ customer_id, n: 1 }))
      )
      expect((await list("?status=invited")).portal_users.map((u: any) => u.customer_id).sort()).toEqual(
        [ids.never, ids.sam].sort()
      )

      const reset = await api.post(
        "/admin/billing/portal-users/reset-password",
        { customer_ids: [ids.jane, ids.sam, "cus_missing"] },
        admin
      )
      expect(reset.data).toEqual({
        sent: [{ customer_id: ids.jane, email: "jane@test.dev" }],
        skipped: [
          { customer_id: ids.sam, reason: "no_account" },
          { customer_id: "cus_missing", reason: "not_found" },
        ],
      })
      const emails = await eventually(
        () =>
          getContainer()
            .resolve(Modules.NOTIFICATION)
            .listNotifications({ to: "jane@test.dev", template: "billing.password_reset" } as any),
        (n) => n.length > 0,
        15_000
      )
      expect(emails).toHaveLength(1)
      expect((emails[0].data as any).reset_url).toMatch(/\/reset-password#token=[^&]+&email=jane%40test\.dev$/)
    })

    it("the admin turns a customer's portal access off: every signed-in route answers 401, nothing is sent to them; on again, the login works", async () => {
      const account = () => settle(api.get("/store/billing/account", { headers: jane.headers }))
      expect((await account()).status).toBe(200)

      const off = await api.post("/admin/billing/portal-users/disable", { customer_ids: [jane.id, ids.sam, "cus_missing"] }, admin)
      expect(off.data).toEqual({
        disabled: [jane.id, ids.sam],
        skipped: [{ customer_id: "cus_missing", reason: "not_found" }],
      })
      // again: nothing more to do
      expect((await api.post("/admin/billing/portal-users/disable", { customer_ids: [jane.id] }, admin)).data).toEqual({
        disabled: [],
        skipped: [{ customer_id: jane.id, reason: "access_off" }],
      })

      // Jane's token still verifies, but the portal is closed to her
      for (const request of [
        account,
        () => settle(api.get("/store/billing/invoices", { headers: jane.headers })),
        () => settle(api.get("/store/billing/autopay", { headers: jane.headers })),
        () =>
          settle(
            api.post(
              "/store/billing/payments",
              { mode: "fixed_amount", currency_code: "usd", amount: "5.00", payment_method: { type: "card", data: { number: "4242424242424242" } } },
              { headers: { ...jane.headers, "Idempotency-Key": "off-1" } }
            )
          ),
      ]) {
        const res = await request()
        expect({ status: res.status, message: res.data.message }).toEqual({
          status: 401,
          message: "Your access to this billing portal has been turned off",
        })
      }
      // Sam's open invitation was revoked with it, and nothing new goes out to either
      expect(await sql("SELECT count(*)::int AS n FROM portal_invitation WHERE customer_id = ? AND revoked_at IS NULL", [ids.sam])).toEqual([{ n: 0 }])
      expect((await api.post("/admin/billing/portal-users/invite", { customer_ids: [ids.sam] }, admin)).data).toEqual({
        invited: [],
        skipped: [{ customer_id: ids.sam, reason: "access_off" }],
        failed: [],
      })
      expect((await api.post("/admin/billing/portal-users/reset-password", { customer_ids: [jane.id] }, admin)).data).toEqual({
        sent: [],
        skipped: [{ customer_id: jane.id, reason: "access_off" }],
      })
      // nor does the portal's own "Forgot password" email her a link (Medusa's route answers as always)
      const handled = TestEventUtils.waitSubscribersExecution("auth.password_reset", getContainer().resolve(Modules.EVENT_BUS))
      expect((await api.post("/auth/customer/emailpass/reset-password", { identifier: "jane@test.dev" })).status).toBe(201)
      await handled
      expect(
        await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ to: "jane@test.dev", template: "billing.password_reset" } as any)
      ).toEqual([])

      // the list: its own status, its own filter, left out of the others
      expect(byId((await list()).portal_users)[jane.id].portal_status).toBe("disabled")
      expect((await list("?status=disabled")).portal_users.map((u: any) => u.customer_id).sort()).toEqual([jane.id, ids.sam].sort())
      expect((await list("?status=active")).portal_users).toEqual([])
      expect((await list("?status=invited")).portal_users).toEqual([])
      expect((await list(`?customer_id=${jane.id}`)).portal_users[0].portal_status).toBe("disabled")
      // with the other filters: Sam has no login (his invitation was revoked), Jane has one
      expect((await list("?status=disabled&without_account=true")).portal_users.map((u: any) => u.customer_id)).toEqual([ids.sam])
      expect((await list("?status=disabled&q=sam")).portal_users.map((u: any) => u.customer_id)).toEqual([ids.sam])
      expect((await list(`?status=active&customer_id=${jane.id}`)).portal_users).toEqual([])
      expect((await list(`?status=disabled&customer_id=${ids.never}`)).portal_users).toEqual([])
      const none = (await list("?status=none")).portal_users.map((u: any) => u.customer_id)
      expect(none).toEqual(expect.arrayContaining([ids.never, ids.revoked]))
      expect(none).not.toContain(ids.sam)
      const count = (await list("?status=none")).count
      expect(count).toBe(none.length)

      // on again: Jane's token works, Sam can be invited again
      expect((await api.post("/admin/billing/portal-users/enable", { customer_ids: [jane.id, ids.never] }, admin)).data).toEqual({
        enabled: [jane.id],
        skipped: [{ customer_id: ids.never, reason: "access_on" }],
      })
      expect((await account()).status).toBe(200)
      expect(byId((await list()).portal_users)[jane.id].portal_status).toBe("active")
      await api.post("/admin/billing/portal-users/enable", { customer_ids: [ids.sam] }, admin)
      expect((await api.post("/admin/billing/portal-users/invite", { customer_ids: [ids.sam] }, admin)).data.invited).toHaveLength(1)
    })

    it("validates the bulk body", async () => {
      const cases: [unknown, string][] = [
        [{ customer_ids: [] }, "customer_ids must contain at least one customer id"],
        [{ customer_ids: Array.from({ length: 501 }, (_, i) => `cus_${i}`) }, "customer_ids must contain at most 500 customer ids"],
        [{ customer_ids: [""] }, "customer_ids must not contain empty ids"],
        [{}, "Field 'customer_ids' is required"],
        [{ customer_ids: [ids.sam], extra: true }, "Unrecognized fields: 'extra'"],
      ]
      for (const path of ["invite", "resend", "revoke", "reset-password", "disable", "enable"]) {
        for (const [body, message] of cases) {
          const res = await settle(api.post(`/admin/billing/portal-users/${path}`, body, admin))
          expect({ path, status: res.status, message: res.data.message }).toEqual({
            path,
            status: 400,
            message: expect.stringContaining(message),
          })
        }
      }
    })

    it("answers 401 to anyone but an admin", async () => {
      const requests = [
        () => api.get("/admin/billing/portal-users"),
        () => api.get("/admin/billing/portal-users", { headers: jane.headers }),
        () => api.post("/admin/billing/portal-users/invite", { customer_ids: [ids.never] }, { headers: jane.headers }),
        () => api.post("/admin/billing/portal-users/revoke", { customer_ids: [ids.sam] }),
        () => api.post("/admin/billing/portal-users/resend", { customer_ids: [ids.sam] }),
        () => api.post("/admin/billing/portal-users/reset-password", { customer_ids: [ids.jane] }, { headers: jane.headers }),
        () => api.post("/admin/billing/portal-users/disable", { customer_ids: [ids.jane] }, { headers: jane.headers }),
        () => api.post("/admin/billing/portal-users/enable", { customer_ids: [ids.jane] }),
      ]
      for (const request of requests) expect((await settle(request())).status).toBe(401)
      // Nothing happened.
      expect((await list("?status=invited")).portal_users.map((u: any) => u.customer_id)).toEqual([ids.sam])
    })
  },
})
