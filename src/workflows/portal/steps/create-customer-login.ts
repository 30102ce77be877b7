import type { IAuthModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type CreateCustomerLoginStepInput = { email: string }

export const createCustomerLoginStepId = "create-customer-login"

/**
 * Creates the emailpass auth identity for an existing customer's email, as
 * Medusa's register does, but without a password yet: the route sets it right
 * after the workflow through the provider (`updateProvider`, as Medusa's own
 * password update does), so the password never enters workflow data, which
 * the workflow engine may write to its execution table. Until then the
 * identity cannot log in (emailpass refuses an identity without a password
 * hash). The auth module's unique (entity_id, provider) index refuses a
 * second identity for the same email, even concurrently.
 *
 * Compensation deletes the identity.
 */
export const createCustomerLoginStep = createStep(
  createCustomerLoginStepId,
  async (input: CreateCustomerLoginStepInput, { container }) => {
    const auth = container.resolve<IAuthModuleService>(Modules.AUTH)
    const identity = await auth.createAuthIdentities({
      provider_identities: [{ provider: "emailpass", entity_id: input.email, provider_metadata: {} }],
    })
    return new StepResponse({ auth_identity_id: identity.id }, identity.id)
  },
  async (authIdentityId, { container }) => {
    if (!authIdentityId) return
    await container.resolve<IAuthModuleService>(Modules.AUTH).deleteAuthIdentities([authIdentityId])
  }
)
