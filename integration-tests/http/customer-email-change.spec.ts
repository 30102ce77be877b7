import type { IAuthModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdmin, createLoggedInCustomer, createPublishableKey, eventually, settle } from "../helpers"

jest.setTimeout(120_000)

const PASSWORD = "customer-password-1" // createLoggedInCustomer's

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let adminHeaders: Record<string, any>
    let key: string

    beforeEach(async () => {
      adminHeaders = await createAdmin(getContainer(), api)
      key = await createPublishableKey(getContainer())
    })

    const logIn = async (email: string) => (await settle(api.post("/auth/customer/emailpass", { email, password: PASSWORD }))).status

    it("an admin's change of a customer's email moves the portal login to it (the old address no longer signs in); another customer's login is never taken", async () => {
      const jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      const bob = await createLoggedInCustomer(api, key, "bob@test.dev", "Bob")

      // the admin corrects Jane's address in Medusa admin
      const updated = await api.post(`/admin/customers/${jane.id}`, { email: "jane.cooper@test.dev" }, adminHeaders)
      expect(updated.data.customer.email).toBe("jane.cooper@test.dev")
      expect(await eventually(() => logIn("jane.cooper@test.dev"), (status) => status === 200)).toBe(200)
      expect(await logIn("jane@test.dev")).toBe(401)
      // the new login is Jane's: her own account answers
      const token = (await api.post("/auth/customer/emailpass", { email: "jane.cooper@test.dev", password: PASSWORD })).data.token
      const me = await api.get("/store/customers/me", { headers: { "x-publishable-api-key": key, authorization: `Bearer ${token}` } })
      expect(me.data.customer).toMatchObject({ id: jane.id, email: "jane.cooper@test.dev" })

      // an address someone already signs in with is not taken over: Bob keeps his own login
      const stray = await api.post("/auth/customer/emailpass/register", { email: "taken@test.dev", password: "another-password-1" })
      expect(stray.status).toBe(200)
      await api.post(`/admin/customers/${bob.id}`, { email: "taken@test.dev" }, adminHeaders)
      // (the subscriber has run once the change's event is handled: another change after it is seen)
      await api.post(`/admin/customers/${jane.id}`, { email: "jane.c@test.dev" }, adminHeaders)
      expect(await eventually(() => logIn("jane.c@test.dev"), (status) => status === 200)).toBe(200)
      expect(await logIn("bob@test.dev")).toBe(200)
      expect((await settle(api.post("/auth/customer/emailpass", { email: "taken@test.dev", password: PASSWORD }))).status).toBe(401)

      // (the lookup the subscriber relies on: Medusa filters auth identities by app_metadata.customer_id)
      const auth = getContainer().resolve<IAuthModuleService>(Modules.AUTH)
      const janes = await auth.listAuthIdentities({ app_metadata: { customer_id: jane.id } } as any, { relations: ["provider_identities"] })
      expect(janes.map((i) => i.provider_identities?.map((p) => p.entity_id))).toEqual([["jane.c@test.dev"]])

      // a change of name only leaves the login as it is
      await api.post(`/admin/customers/${bob.id}`, { first_name: "Robert" }, adminHeaders)
      await api.post(`/admin/customers/${jane.id}`, { first_name: "Janet" }, adminHeaders)
      expect(await logIn("jane.c@test.dev")).toBe(200)
      expect(await logIn("bob@test.dev")).toBe(200)
    })
  },
})
