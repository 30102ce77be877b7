import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { hashInvitationToken } from "../../src/modules/portal/service"
import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { setAuthAppMetadataStep } from "@medusajs/medusa/core-flows"
import {
  claimPortalInvitationStep,
  createCustomerLoginStep,
  createPortalInvitationsStep,
  setCustomerHasAccountStep,
} from "../../src/workflows/portal/steps"
import billingPasswordReset from "../../src/subscribers/billing-password-reset"
import { getBillingOptions } from "../../src/utils/options"
import { createAdmin, createLoggedInCustomer, createPublishableKey, eventually, settle } from "../helpers"

jest.setTimeout(120_000)

// Every step of activation and invitation, then a step that always fails: the
// compensations must leave everything as it was.
const failingStep = createStep("billing-test-portal-failing-step", async () => {
  throw new Error("forced failure after the steps under test")
})
const acceptThenFail = createWorkflow("billing-test-accept-then-fail", (input: { token_hash: string }) => {
  const claimed = claimPortalInvitationStep(input)
  const login = createCustomerLoginStep({ email: claimed.email })
  setAuthAppMetadataStep({ authIdentityId: login.auth_identity_id, actorType: "customer", value: claimed.customer_id })
  setCustomerHasAccountStep({ customer_id: claimed.customer_id, has_account: true })
  failingStep()
  return new WorkflowResponse(claimed)
})
const inviteThenFail = createWorkflow("billing-test-invite-then-fail", (input: { targets: any[] }) => {
  const invited = createPortalInvitationsStep({ targets: input.targets })
  failingStep()
  return new WorkflowResponse(invited)
})

const NOT_FOUND = "Invitation not found or no longer valid"
const ACCOUNT_EXISTS = "A portal login already exists for this invitation; sign in or reset the password instead"
const PASSWORD = "sam-portal-pass-1"

// Generous per-IP limit for the suite (every request comes from 127.0.0.1);
// the rate-limit test sets its own. Restored after the suite.
const ORIGINAL_OPTIONS = process.env.BILLING_PORTAL_OPTIONS
const withOptions = (options: Record<string, unknown>) => {
  process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({
    rateLimits: { invitations: { perIp: { windowMs: 900_000, max: 100_000 } } },
    ...options,
  })
}
withOptions({})
afterAll(() => {
  if (ORIGINAL_OPTIONS === undefined) delete process.env.BILLING_PORTAL_OPTIONS
  else process.env.BILLING_PORTAL_OPTIONS = ORIGINAL_OPTIONS
})

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let pk: string
    let store: { headers: Record<string, string> }
    let jane: { id: string; headers: Record<string, string> }
    let sam: { id: string; email: string }
    let portal: PortalModuleService

    const sql = async (query: string, params: unknown[] = []) => {
      const pg = getContainer().resolve("__pg_connection__") as any
      return (await pg.raw(query, params)).rows as any[]
    }
    const createCustomer = async (email: string | null, first_name = "Sam", last_name = "Lee") => {
      const customers = getContainer().resolve(Modules.CUSTOMER)
      const c = await customers.createCustomers({ email: email as any, first_name, last_name })
      return { id: c.id, email: email as string }
    }
    const invite = (customer_ids: string[]) => api.post("/admin/billing/portal-users/invite", { customer_ids }, admin)
    /** The token in the newest invitation email to `email` (from the notification module). */
    const tokenFromEmail = async (email: string) => {
      const notifications = await getContainer()
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ to: email, template: "billing.invitation" } as any, { order: { created_at: "DESC" } } as any)
      const url = new URL((notifications[0]?.data as any)?.activation_url)
      return new URLSearchParams(url.hash.slice(1)).get("invitation")!
    }
    /** The token travels in its header (never in a URL, which access logs keep). */
    const withToken = (token: string) => ({ headers: { ...store.headers, "x-invitation-token": token } })
    const getInvitation = (token: string) => settle(api.get("/store/billing/invitation", withToken(token)))
    const accept = (token: string, body: unknown = { password: PASSWORD }) =>
      settle(api.post("/store/billing/invitation/accept", body, withToken(token)))
    /** What Medusa's logger was given (at any level, debug included) while `run` ran. */
    const loggedDuring = async (run: () => Promise<unknown>) => {
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER) as any
      const lines: string[] = []
      const spies = ["log", "info", "warn", "error", "debug", "http", "activity", "progress"]
        .filter((level) => typeof logger[level] === "function")
        .map((level) =>
          jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
            lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "))
          })
        )
      try {
        await run()
      } finally {
        for (const spy of spies) spy.mockRestore()
      }
      return lines
    }

    beforeEach(async () => {
      const container = getContainer()
      portal = container.resolve(PORTAL_MODULE)
      admin = await createAdmin(container, api)
      pk = await createPublishableKey(container)
      store = { headers: { "x-publishable-api-key": pk } }
      jane = await createLoggedInCustomer(api, pk, "jane@test.dev", "Jane")
      sam = await createCustomer("sam@test.dev")
    })

    it("portal access turned off while an invitation is on its way: no invitation is created after the block, and one created before cannot be accepted", async () => {
      // an invitation made before the admin turned access off, which the turn-off did not revoke (the race's other order)
      const [before] = await portal.createInvitations([{ customer_id: sam.id, email: "sam@test.dev" }], { now: new Date(), ttl_ms: 3_600_000 })
      const pg = getContainer().resolve("__pg_connection__") as any
      await pg.raw("INSERT INTO portal_access_block (id, customer_id) VALUES (?, ?)", [`pablk_race_${Date.now()}`, sam.id])
      expect([(await accept(before.token)).status, (await accept(before.token)).data.message]).toEqual([404, "Invitation not found or no longer valid"])
      expect((await pg.raw("SELECT has_account FROM customer WHERE id = ?", [sam.id])).rows).toEqual([{ has_account: false }])
      // an invite that passed its check before the block, creating after it: nothing created, nothing sent
      expect(await portal.createInvitations([{ customer_id: sam.id, email: "sam@test.dev" }], { now: new Date(), ttl_ms: 3_600_000 })).toEqual([])
      const invited = await invite([sam.id])
      expect(invited.data).toEqual({ invited: [], skipped: [{ customer_id: sam.id, reason: "access_off" }], failed: [] })
    })

    it("the whole journey: invite → email → look up → accept → token and login work on the billing routes", async () => {
      const noEmail = await createCustomer(null, "No", "Email")
      const invited = await invite([sam.id, jane.id, "cus_missing", noEmail.id, sam.id])
      expect(invited.status).toBe(200)
      expect(invited.data.invited).toEqual([
        { customer_id: sam.id, email: "sam@test.dev", invitation_id: expect.stringMatching(/^pinv_/), expires_at: expect.any(String) },
      ])
      expect(invited.data.skipped).toEqual([
        { customer_id: jane.id, reason: "has_account" },
        { customer_id: "cus_missing", reason: "not_found" },
        { customer_id: noEmail.id, reason: "no_email" },
      ])
      const expiresAt = new Date(invited.data.invited[0].expires_at).getTime()
      expect(Math.abs(expiresAt - (Date.now() + 72 * 3600_000))).toBeLessThan(60_000)

      // The email, as stored by the Notification Module.
      const [email] = await getContainer()
        .resolve(Modules.NOTIFICATION)
        .listNotifications({ to: "sam@test.dev", template: "billing.invitation" } as any)
      expect(email.channel).toBe("email")
      const data = email.data as any
      // the hosted portal's activation page (portalUrl's default), the token in the fragment
      expect(data.activation_url).toMatch(/^http:\/\/localhost:\d+\/billing\/activate#invitation=[A-Za-z0-9_-]{43}$/)
      expect(data.activation_url.startsWith(`${getBillingOptions(getContainer()).portalUrl}/activate#`)).toBe(true)
      expect(data.customer).toEqual(expect.objectContaining({ first_name: "Sam", last_name: "Lee", email: "sam@test.dev" }))
      expect(data.text).toContain(data.activation_url)
      expect(data.expires_at).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M UTC$/)
      const token = new URLSearchParams(new URL(data.activation_url).hash.slice(1)).get("invitation")!

      // The database holds no plaintext token: not the invitation, not the workflow engine's table.
      const rows = await sql("SELECT * FROM portal_invitation")
      expect(rows).toHaveLength(1)
      expect(rows[0].token_hash).toBe(hashInvitationToken(token))
      expect(JSON.stringify(rows)).not.toContain(token)
      const leaked = await sql("SELECT count(*)::int AS n FROM workflow_execution WHERE execution::text LIKE ? OR context::text LIKE ?", [
        `%${token}%`,
        `%${token}%`,
      ])
      expect(leaked[0].n).toBe(0)

      // The publishable key is still required.
      expect((await settle(api.get("/store/billing/invitation", { headers: { "x-invitation-token": token } }))).status).toBe(400)

      // Nothing Medusa logs while the invitation is looked at and accepted holds the token (its
      // request logger writes every URL, its debug log every authenticated route)
      let looked: any
      let accepted: any
      const logged = await loggedDuring(async () => {
        looked = await getInvitation(token)
        accepted = await accept(token)
      })
      expect(logged.length).toBeGreaterThan(0)
      expect(logged.filter((line) => line.includes(token))).toEqual([])
      expect(looked.status).toBe(200)
      expect(looked.data).toEqual({
        invitation: { email: "sam@test.dev", first_name: "Sam", expires_at: invited.data.invited[0].expires_at },
      })

      expect(accepted.status).toBe(200)
      expect(accepted.data.token).toEqual(expect.any(String))
      const bearer = { headers: { ...store.headers, authorization: `Bearer ${accepted.data.token}` } }

      // The returned token is Sam's, on Medusa's routes and on the billing routes.
      const me = await api.get("/store/customers/me", bearer)
      expect(me.data.customer).toEqual(expect.objectContaining({ id: sam.id, email: "sam@test.dev", has_account: true }))
      const account = await settle(api.get("/store/billing/account", bearer))
      expect(account.status).toBe(200)
      expect(account.data.account.balances).toEqual([])

      // The login is linked to the existing customer (no new customer was created).
      const [identity] = await getContainer()
        .resolve(Modules.AUTH)
        .listProviderIdentities({ provider: "emailpass", entity_id: "sam@test.dev" }, { relations: ["auth_identity"] })
      expect(identity.auth_identity!.app_metadata).toEqual({ customer_id: sam.id })
      const samCustomers = await getContainer().resolve(Modules.CUSTOMER).listCustomers({ email: "sam@test.dev" })
      expect(samCustomers.map((c) => [c.id, c.has_account])).toEqual([[sam.id, true]])

      // Logging in with the chosen password works too.
      const login = await api.post("/auth/customer/emailpass", { email: "sam@test.dev", password: PASSWORD })
      const loggedIn = { headers: { ...store.headers, authorization: `Bearer ${login.data.token}` } }
      expect((await settle(api.get("/store/billing/account", loggedIn))).status).toBe(200)
      expect((await settle(api.post("/auth/customer/emailpass", { email: "sam@test.dev", password: "wrong-pass-1" }))).status).toBe(401)

      // Used: the same 404 as any other unusable token.
      for (const res of [await getInvitation(token), await accept(token)]) {
        expect(res.status).toBe(404)
        expect(res.data.message).toBe(NOT_FOUND)
      }
      expect((await sql("SELECT accepted_at FROM portal_invitation"))[0].accepted_at).not.toBeNull()
    })

    it("an invitation token never gives access to another customer", async () => {
      const invoicing = getContainer().resolve<InvoicingModuleService>(INVOICING_MODULE)
      const draft = await invoicing.createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(Date.now() + 86_400_000),
        lines: [{ title: "Visit", quantity: "1", unit_price: "100.00" }],
      } as any)
      const janeInvoice = await invoicing.issueInvoice(draft.id, { now: new Date() })

      await invite([sam.id])
      const accepted = await accept(await tokenFromEmail(sam.email))
      const bearer = { headers: { ...store.headers, authorization: `Bearer ${accepted.data.token}` } }
      expect((await api.get("/store/customers/me", bearer)).data.customer.id).toBe(sam.id)
      const foreign = await settle(api.get(`/store/billing/invoices/${janeInvoice.id}`, bearer))
      expect(foreign.status).toBe(404)
      const list = await api.get("/store/billing/invoices", bearer)
      expect(list.data.invoices).toEqual([])
      // Jane still sees her own invoice with her own login.
      const own = await settle(api.get(`/store/billing/invoices/${janeInvoice.id}`, { headers: jane.headers }))
      expect({ status: own.status, id: own.data.invoice?.id, message: own.data.message }).toEqual({ status: 200, id: janeInvoice.id, message: undefined })
    })

    it("unknown, malformed, expired and revoked tokens all answer the same 404", async () => {
      const other = await createCustomer("other@test.dev", "Other")
      await invite([sam.id, other.id])
      const samToken = await tokenFromEmail(sam.email)
      const otherToken = await tokenFromEmail(other.email)

      await sql("UPDATE portal_invitation SET expires_at = now() - interval '1 second' WHERE customer_id = ?", [sam.id])
      const revoked = await api.post("/admin/billing/portal-users/revoke", { customer_ids: [other.id, jane.id] }, admin)
      expect(revoked.data).toEqual({
        revoked: [{ customer_id: other.id, invitation_id: expect.stringMatching(/^pinv_/) }],
        skipped: [{ customer_id: jane.id, reason: "no_open_invitation" }],
      })

      const unknown = Buffer.alloc(32, 7).toString("base64url")
      for (const token of [samToken, otherToken, unknown, "not-a-token", `${samToken}x`]) {
        for (const res of [await getInvitation(token), await accept(token)]) {
          expect({ token, status: res.status, message: res.data.message }).toEqual({ token, status: 404, message: NOT_FOUND })
        }
      }
      // Nothing was created for them.
      const customers = await getContainer().resolve(Modules.CUSTOMER).listCustomers({ id: [sam.id, other.id] })
      expect(customers.map((c) => c.has_account)).toEqual([false, false])
      expect(await getContainer().resolve(Modules.AUTH).listProviderIdentities({ entity_id: "sam@test.dev" })).toEqual([])
    })

    it("two invitations in a row (invite, then resend): only the newer link works", async () => {
      await invite([sam.id])
      const first = await tokenFromEmail(sam.email)
      const resent = await api.post("/admin/billing/portal-users/resend", { customer_ids: [sam.id, jane.id] }, admin)
      expect(resent.data.invited).toEqual([expect.objectContaining({ customer_id: sam.id })])
      expect(resent.data.skipped).toEqual([{ customer_id: jane.id, reason: "has_account" }])
      const second = await tokenFromEmail(sam.email)
      expect(second).not.toBe(first)

      expect((await getInvitation(first)).status).toBe(404)
      expect((await accept(first)).status).toBe(404)
      expect((await getInvitation(second)).status).toBe(200)
      const open = await sql("SELECT id FROM portal_invitation WHERE accepted_at IS NULL AND revoked_at IS NULL")
      expect(open).toEqual([{ id: resent.data.invited[0].invitation_id }])
      expect((await accept(second)).status).toBe(200)

      // Resend needs an earlier invitation that is still waiting.
      const never = await createCustomer("never@test.dev", "Never")
      const nothing = await api.post("/admin/billing/portal-users/resend", { customer_ids: [never.id, sam.id] }, admin)
      expect(nothing.data).toEqual({
        invited: [],
        skipped: [
          { customer_id: never.id, reason: "not_invited" },
          { customer_id: sam.id, reason: "has_account" },
        ],
        failed: [],
      })
    })

    it("password policy: 8 to 128 characters, with a 400 naming the field; the invitation stays usable", async () => {
      await invite([sam.id])
      const token = await tokenFromEmail(sam.email)
      const cases: [unknown, string][] = [
        [{ password: "short12" }, "password must be at least 8 characters"],
        [{ password: "x".repeat(129) }, "password must be at most 128 characters"],
        [{}, "Field 'password' is required"],
        [{ password: 12345678 }, "Expected type: 'string' for field 'password'"],
      ]
      for (const [body, message] of cases) {
        const res = await accept(token, body)
        expect({ status: res.status, message: res.data.message }).toEqual({ status: 400, message: expect.stringContaining(message) })
      }
      const extra = await accept(token, { password: PASSWORD, email: "x@test.dev" })
      expect(extra.status).toBe(400)
      expect((await getInvitation(token)).status).toBe(200)
      expect((await accept(token, { password: "x".repeat(128) })).status).toBe(200)
    })

    it("logins disabled: lookup and accept answer 403, invite skips everyone", async () => {
      await invite([sam.id])
      const token = await tokenFromEmail(sam.email)
      await portal.updateSettings({ logins_enabled: false })
      for (const res of [await getInvitation(token), await accept(token)]) {
        expect({ status: res.status, message: res.data.message }).toEqual({ status: 403, message: "Portal logins are disabled" })
      }
      const other = await createCustomer("other@test.dev", "Other")
      const invited = await invite([other.id])
      expect(invited.data).toEqual({ invited: [], skipped: [{ customer_id: other.id, reason: "logins_disabled" }], failed: [] })

      await portal.updateSettings({ logins_enabled: true })
      expect((await accept(token)).status).toBe(200)
    })

    it("a customer who already has a login: skipped on invite, and accept is refused with 409", async () => {
      // A guest customer record sharing the email of Jane's login.
      const janeGuest = await createCustomer("jane@test.dev", "Jane", "Guest")
      const skipped = await invite([jane.id, janeGuest.id])
      expect(skipped.data).toEqual({
        invited: [],
        skipped: [
          { customer_id: jane.id, reason: "has_account" },
          { customer_id: janeGuest.id, reason: "has_account" },
        ],
        failed: [],
      })

      // A login appears for Sam's email after the invitation went out.
      await invite([sam.id])
      const token = await tokenFromEmail(sam.email)
      await api.post("/auth/customer/emailpass/register", { email: "sam@test.dev", password: "someone-else-1" })
      const refused = await accept(token)
      expect({ status: refused.status, message: refused.data.message }).toEqual({ status: 409, message: ACCOUNT_EXISTS })
      const [customer] = await getContainer().resolve(Modules.CUSTOMER).listCustomers({ id: sam.id })
      expect(customer.has_account).toBe(false)
      const [invitation] = await sql("SELECT accepted_at FROM portal_invitation WHERE customer_id = ?", [sam.id])
      expect(invitation.accepted_at).toBeNull()
    })

    it("compensation: a failure after the activation steps undoes the claim, the login and has_account", async () => {
      await invite([sam.id])
      const token = await tokenFromEmail(sam.email)
      const { errors } = await acceptThenFail(getContainer()).run({
        input: { token_hash: hashInvitationToken(token) },
        throwOnError: false,
      })
      expect(errors.map((e: any) => e.error?.message)).toEqual(["forced failure after the steps under test"])
      const [invitation] = await sql("SELECT accepted_at, revoked_at FROM portal_invitation WHERE customer_id = ?", [sam.id])
      expect(invitation).toEqual({ accepted_at: null, revoked_at: null })
      expect(await getContainer().resolve(Modules.AUTH).listProviderIdentities({ entity_id: "sam@test.dev" })).toEqual([])
      const [customer] = await getContainer().resolve(Modules.CUSTOMER).listCustomers({ id: sam.id })
      expect(customer.has_account).toBe(false)
      // The invitation still works.
      expect((await accept(token)).status).toBe(200)
    })

    it("compensation: a failure after creating invitations removes them and reopens the ones they revoked", async () => {
      await invite([sam.id])
      const token = await tokenFromEmail(sam.email)
      const { errors } = await inviteThenFail(getContainer()).run({
        input: { targets: [{ customer_id: sam.id, email: sam.email, first_name: "Sam", last_name: "Lee" }] },
        throwOnError: false,
      })
      expect(errors).toHaveLength(1)
      const rows = await sql("SELECT token_hash, revoked_at FROM portal_invitation WHERE customer_id = ?", [sam.id])
      expect(rows).toEqual([{ token_hash: hashInvitationToken(token), revoked_at: null }])
      expect((await getInvitation(token)).status).toBe(200)
    })

    it("bulk invite where one customer's email cannot be sent: the others are invited with working links, the failure is reported per customer, and nothing of it is left behind", async () => {
      const kim = await createCustomer("kim@test.dev", "Kim", "Park") // invited before: her earlier link must survive
      const lou = await createCustomer("lou@test.dev", "Lou", "Reed") // never invited: no invitation may remain
      await invite([kim.id])
      const kimsEarlierToken = await tokenFromEmail(kim.email)
      const notifications = getContainer().resolve(Modules.NOTIFICATION)
      const send = notifications.createNotifications.bind(notifications)
      const failing = jest.spyOn(notifications, "createNotifications").mockImplementation((async (data: any, ...rest: any[]) => {
        if ([kim.email, lou.email].includes(data?.to)) throw new Error("mailbox unavailable (test)")
        return (send as any)(data, ...rest)
      }) as any)
      let res: any
      try {
        res = await settle(invite([kim.id, sam.id, lou.id, jane.id]))
      } finally {
        failing.mockRestore()
      }

      expect(res.status).toBe(200)
      expect(res.data.invited).toEqual([
        { customer_id: sam.id, email: "sam@test.dev", invitation_id: expect.stringMatching(/^pinv_/), expires_at: expect.any(String) },
      ])
      expect(res.data.skipped).toEqual([{ customer_id: jane.id, reason: "has_account" }])
      expect(res.data.failed).toEqual(
        [kim, lou].map((c) => ({
          customer_id: c.id,
          email: c.email,
          reason: "email_failed",
          message: `The invitation email to ${c.email} could not be sent: mailbox unavailable (test)`,
        }))
      )
      // Sam's link works
      expect((await getInvitation(await tokenFromEmail(sam.email))).status).toBe(200)
      // Kim keeps her earlier, working link and nothing else; Lou has no invitation at all
      const rows = await sql("SELECT customer_id, token_hash, revoked_at, sent_at FROM portal_invitation WHERE customer_id IN (?, ?)", [kim.id, lou.id])
      expect(rows).toEqual([{ customer_id: kim.id, token_hash: hashInvitationToken(kimsEarlierToken), revoked_at: null, sent_at: expect.any(Date) }])
      expect((await getInvitation(kimsEarlierToken)).status).toBe(200)
      const statuses = await api.get("/admin/billing/portal-users?limit=100", admin)
      const status = Object.fromEntries(statuses.data.portal_users.map((u: any) => [u.customer_id, u.portal_status]))
      expect([status[sam.id], status[kim.id], status[lou.id]]).toEqual(["invited", "invited", "none"])
    })

    it("an invitation whose email went out but whose 'sent' mark could not be written is still answered invited (no 500, so no retry that would revoke the link just sent)", async () => {
      const kim = await createCustomer("kim@test.dev", "Kim", "Park")
      const mark = jest.spyOn(portal, "markInvitationsSent").mockRejectedValueOnce(new Error("connection reset (test)"))
      let res: any
      try {
        res = await settle(invite([sam.id, kim.id]))
      } finally {
        mark.mockRestore()
      }
      expect({ status: res.status, failed: res.data.failed, invited: res.data.invited?.map((i: any) => i.customer_id) }).toEqual({
        status: 200,
        failed: [],
        invited: [sam.id, kim.id],
      })
      for (const c of [sam, kim]) {
        const emails = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ to: c.email, template: "billing.invitation" } as any)
        expect(emails).toHaveLength(1)
        expect((await getInvitation(await tokenFromEmail(c.email))).status).toBe(200)
      }
      const statuses = await api.get("/admin/billing/portal-users?limit=100", admin)
      const status = Object.fromEntries(statuses.data.portal_users.map((u: any) => [u.customer_id, u.portal_status]))
      expect([status[sam.id], status[kim.id]]).toEqual(["invited", "invited"])
    })

    it("an invitation follows its address, not its spelling: after a change of case only it is still accepted (the login takes the current spelling); after a change of address it is not", async () => {
      const kim = await createCustomer("kim@test.dev", "Kim", "Park")
      await invite([sam.id, kim.id])
      const samToken = await tokenFromEmail(sam.email)
      const kimToken = await tokenFromEmail(kim.email)
      await api.post(`/admin/customers/${sam.id}`, { email: "Sam@Test.dev" }, admin)
      await api.post(`/admin/customers/${kim.id}`, { email: "kim.park@test.dev" }, admin)

      const accepted = await accept(samToken)
      expect({ status: accepted.status, message: accepted.data.message }).toEqual({ status: 200, message: undefined })
      const logins = await getContainer().resolve(Modules.AUTH).listProviderIdentities({ provider: "emailpass", entity_id: ["Sam@Test.dev", "sam@test.dev"] } as any)
      expect(logins.map((l) => l.entity_id)).toEqual(["Sam@Test.dev"])
      expect((await settle(api.post("/auth/customer/emailpass", { email: "sam@test.dev", password: PASSWORD }))).status).toBe(200)

      const refused = await accept(kimToken)
      expect({ status: refused.status, message: refused.data.message }).toEqual({ status: 404, message: NOT_FOUND })
    })

    it("concurrent accepts of one token: exactly one login is created", async () => {
      await invite([sam.id])
      const token = await tokenFromEmail(sam.email)
      const results = await Promise.all(Array.from({ length: 4 }, () => accept(token)))
      // One wins. A loser that read the invitation before the winner claimed it,
      // and the logins after the winner created its own, is told the account
      // exists (409); every other loser gets the one 404 (seen on a loaded machine).
      expect(results.filter((r) => r.status === 200)).toHaveLength(1)
      for (const loser of results.filter((r) => r.status !== 200)) {
        expect([404, 409]).toContain(loser.status)
        if (loser.status === 404) expect(loser.data.message).toBe(NOT_FOUND)
      }
      expect(await getContainer().resolve(Modules.AUTH).listProviderIdentities({ entity_id: "sam@test.dev" })).toHaveLength(1)
    })

    it("rate limits per token and per IP: 429 with Retry-After", async () => {
      withOptions({
        rateLimits: {
          invitations: { perToken: { windowMs: 60_000, max: 3 }, perIp: { windowMs: 60_000, max: 100_000 } },
        },
      })
      await invite([sam.id])
      const token = await tokenFromEmail(sam.email)
      try {
        for (let i = 0; i < 2; i++) expect((await getInvitation(token)).status).toBe(200)
        expect((await accept(token, { password: "short" })).status).toBe(400)
        const limited = await accept(token)
        expect(limited.status).toBe(429)
        expect(limited.data.message).toMatch(/^Too many attempts with this invitation; try again in \d+ seconds?$/)
        expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0)
        expect((await getInvitation(token)).status).toBe(429)
        // Another token is not affected by this one's limit.
        const other = Buffer.alloc(32, 1).toString("base64url")
        expect((await getInvitation(other)).status).toBe(404)

        withOptions({
          rateLimits: {
            invitations: { perToken: { windowMs: 60_000, max: 100 }, perIp: { windowMs: 60_000, max: 2 } },
          },
        })
        const guesses = [1, 2, 3].map((n) => Buffer.alloc(32, n + 10).toString("base64url"))
        const statuses: number[] = []
        for (const guess of guesses) statuses.push((await getInvitation(guess)).status)
        expect(statuses).toEqual([404, 404, 429])
        const byIp = await getInvitation(token)
        expect(byIp.status).toBe(429)
        expect(byIp.data.message).toMatch(/^Too many invitation attempts from this address/)
      } finally {
        withOptions({})
      }
      // With the limits back to the suite's, the token still works: limited attempts did not consume it.
      expect((await accept(token)).status).toBe(200)
    })

    describe("password reset (Medusa's route, the plugin's email)", () => {
      const resetEmails = (to: string) =>
        getContainer()
          .resolve(Modules.NOTIFICATION)
          .listNotifications({ to, template: "billing.password_reset" } as any)

      it("sends the billing.password_reset email with a working link; answers 201 whether or not the email exists", async () => {
        const res = await api.post("/auth/customer/emailpass/reset-password", { identifier: "jane@test.dev" })
        expect(res.status).toBe(201)
        const [email] = await eventually(() => resetEmails("jane@test.dev"), (n) => n.length > 0, 15_000)
        const url = new URL((email.data as any).reset_url)
        expect(url.origin + url.pathname).toBe(`${getBillingOptions(getContainer()).portalUrl}/reset-password`)
        expect(url.search).toBe("")
        const fragment = new URLSearchParams(url.hash.slice(1))
        expect(fragment.get("email")).toBe("jane@test.dev")
        expect((email.data as any).customer.first_name).toBe("Jane")
        const resetToken = fragment.get("token")!

        const updated = await api.post(
          "/auth/customer/emailpass/update",
          { password: "jane-new-pass-1" },
          { headers: { authorization: `Bearer ${resetToken}` } }
        )
        expect(updated.status).toBe(200)
        const login = await api.post("/auth/customer/emailpass", { email: "jane@test.dev", password: "jane-new-pass-1" })
        expect(login.data.token).toEqual(expect.any(String))

        // Unknown email: the same 201, and no email.
        const unknown = await settle(api.post("/auth/customer/emailpass/reset-password", { identifier: "nobody@test.dev" }))
        expect(unknown.status).toBe(201)
        expect(unknown.data).toEqual(res.data)
        // Events are handled in order: once a later reset's email is there, the unknown one had its chance.
        await api.post("/auth/customer/emailpass/reset-password", { identifier: "jane@test.dev" })
        await eventually(() => resetEmails("jane@test.dev"), (n) => n.length === 2, 15_000)
        expect(await resetEmails("jane@test.dev")).toHaveLength(2)
        expect(await resetEmails("nobody@test.dev")).toEqual([])
      })

      it("the subscriber sends only for customers, and nothing when passwordResetEmails is false", async () => {
        const run = (data: Record<string, unknown>) =>
          billingPasswordReset({ event: { name: "auth.password_reset", data }, container: getContainer() } as any)
        await run({ entity_id: "admin@test.dev", actor_type: "user", token: "user-token" })
        expect(await resetEmails("admin@test.dev")).toEqual([])

        withOptions({ passwordResetEmails: false })
        try {
          await run({ entity_id: "jane@test.dev", actor_type: "customer", token: "t-1" })
          expect(await resetEmails("jane@test.dev")).toEqual([])
        } finally {
          withOptions({})
        }
        await run({ entity_id: "jane@test.dev", actor_type: "customer", token: "t-2" })
        await run({ entity_id: "jane@test.dev", actor_type: "customer", token: "t-2" }) // delivered twice: one email
        const sent = await resetEmails("jane@test.dev")
        expect(sent).toHaveLength(1)
        expect((sent[0].data as any).reset_url).toBe(
          `${getBillingOptions(getContainer()).portalUrl}/reset-password#token=t-2&email=jane%40test.dev`
        )
      })
    })
  },
})
