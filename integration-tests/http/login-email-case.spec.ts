import type { IAuthModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createLoggedInCustomer, createPublishableKey, eventually, settle } from "../helpers"

jest.setTimeout(120_000)

const PASSWORD = "customer-password-1" // createLoggedInCustomer's

/**
 * People type emails in any case; Medusa's emailpass login matches them
 * exactly. The plugin lets a customer's login be found whatever the case
 * they type it in (sign in, password reset), and never lets another
 * spelling of it register a second login.
 */
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let key: string

    beforeEach(async () => {
      key = await createPublishableKey(getContainer())
    })

    const logIn = (email: string, password = PASSWORD) => settle(api.post("/auth/customer/emailpass", { email, password }))
    const me = (token: string) =>
      api.get("/store/customers/me", { headers: { "x-publishable-api-key": key, authorization: `Bearer ${token}` } })
    const loginsLike = async (email: string) => {
      const auth = getContainer().resolve<IAuthModuleService>(Modules.AUTH)
      const all = await auth.listProviderIdentities({ provider: "emailpass" } as any)
      return all.map((p) => p.entity_id).filter((e) => e.toLowerCase() === email.toLowerCase()).sort()
    }

    it("signs a customer in and resets their password whatever the case of the email typed; another spelling cannot register a second login", async () => {
      const jane = await createLoggedInCustomer(api, key, "Jane.Doe@Test.dev", "Jane")
      const bob = await createLoggedInCustomer(api, key, "bob@test.dev", "Bob")

      for (const typed of ["jane.doe@test.dev", "JANE.DOE@TEST.DEV", "Jane.Doe@Test.dev"]) {
        const res = await logIn(typed)
        expect({ typed, status: res.status }).toEqual({ typed, status: 200 })
        expect((await me(res.data.token)).data.customer.id).toBe(jane.id)
      }
      expect((await logIn("jane.doe@test.dev", "wrong-password-1")).status).toBe(401)
      expect((await logIn("BOB@test.dev")).status).toBe(200)
      expect((await me((await logIn("BOB@test.dev")).data.token)).data.customer.id).toBe(bob.id)
      expect((await logIn("nobody@test.dev")).status).toBe(401)

      const second = await settle(api.post("/auth/customer/emailpass/register", { email: "jane.doe@test.dev", password: "another-password-1" }))
      expect(second.status).toBe(401)
      expect(second.data.message).toBe("Identity with email already exists")
      expect(await loginsLike("jane.doe@test.dev")).toEqual(["Jane.Doe@Test.dev"])

      // a password reset asked for in lower case reaches Jane, at the address on file
      const reset = await settle(api.post("/auth/customer/emailpass/reset-password", { identifier: "jane.doe@test.dev" }))
      expect(reset.status).toBe(201)
      const notifications = getContainer().resolve(Modules.NOTIFICATION)
      const sent = await eventually(
        () => notifications.listNotifications({ template: "billing.password_reset" } as any),
        (n: any[]) => n.length > 0,
        15_000
      )
      expect(sent.map((n: any) => n.to)).toEqual(["Jane.Doe@Test.dev"])
    })

    it("two logins that differ only by case (made before): each signs in as spelt, any other spelling is refused as before", async () => {
      await createLoggedInCustomer(api, key, "sam@test.dev", "Sam")
      // a second login spelt differently, as Medusa could make before this plugin: the same password hash
      const auth = getContainer().resolve<IAuthModuleService>(Modules.AUTH)
      const [sam] = await auth.listProviderIdentities({ provider: "emailpass", entity_id: "sam@test.dev" } as any)
      await auth.createAuthIdentities({
        provider_identities: [{ provider: "emailpass", entity_id: "Sam@test.dev", provider_metadata: sam.provider_metadata ?? {} }],
      } as any)
      expect((await logIn("sam@test.dev")).status).toBe(200)
      expect((await logIn("Sam@test.dev")).status).toBe(200)
      expect((await logIn("SAM@test.dev")).status).toBe(401)
    })
  },
})
