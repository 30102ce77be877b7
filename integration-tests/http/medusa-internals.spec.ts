import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { adapterFor } from "../../src/providers/adapters"
import { sandboxAdapter } from "../../src/providers/adapters/sandbox"
import { generateJwtTokenWithChecks } from "../../src/providers/internals/generate-jwt-token"
import { paymentProviderIdentifier, readProviderPaymentStatus } from "../../src/providers/internals/payment-provider-service"
import { SANDBOX_PROVIDER_ID } from "../../src/utils/options"
import { createLoggedInCustomer, createPublishableKey } from "../helpers"

jest.setTimeout(120_000)

// The Medusa internals the plugin relies on, each wrapped in one file of
// src/providers/internals. These fail loudly when a Medusa upgrade changes them.
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    it("the Payment Module's provider service: provider class identifiers and status reads", async () => {
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      expect(paymentProviderIdentifier(paymentModule, SANDBOX_PROVIDER_ID)).toBe("billing-sandbox")
      expect(adapterFor(getContainer(), SANDBOX_PROVIDER_ID)).toBe(sandboxAdapter)
      expect(() => adapterFor(getContainer(), "pp_system_default")).toThrow(
        "Payment provider pp_system_default (system) has no billing adapter: the billing portal supports billing-sandbox, stripe"
      )

      const collection = await paymentModule.createPaymentCollections({ currency_code: "usd", amount: 12 })
      const session = await paymentModule.createPaymentSession(collection.id, {
        provider_id: SANDBOX_PROVIDER_ID,
        currency_code: "usd",
        amount: 12,
        data: sandboxAdapter.sessionData({ type: "card", data: { number: "4242424242424242" } }, { off_session: false }),
      })
      const status = await readProviderPaymentStatus(paymentModule, SANDBOX_PROVIDER_ID, session.data as any)
      expect(status).toMatchObject({ status: "pending", data: { id: (session.data as any).id } })
    })

    it("Medusa's JWT helper signs a customer token that Medusa's own routes accept", async () => {
      const container = getContainer()
      const key = await createPublishableKey(container)
      const customer = await createLoggedInCustomer(api, key, "internals@test.dev")
      const identities = await container.resolve(Modules.AUTH).listAuthIdentities({}, { relations: ["provider_identities"] })
      const authIdentity = identities.find((identity: any) => identity.app_metadata?.customer_id === customer.id)
      expect(authIdentity).toBeDefined()
      const { token } = (await generateJwtTokenWithChecks(container, {
        authIdentity,
        actorType: "customer",
        authProvider: "emailpass",
      } as any)) as { token: string }
      const me = await api.get("/store/customers/me", {
        headers: { "x-publishable-api-key": key, authorization: `Bearer ${token}` },
      })
      expect(me.data.customer.id).toBe(customer.id)
    })
  },
})
