import type { IAuthModuleService, ICustomerModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { INVITATION_ACCOUNT_EXISTS, INVITATION_NOT_FOUND, PORTAL_LOGINS_DISABLED, sameEmail } from "../portal-status"

export type ValidateInvitationAcceptanceStepInput = { token_hash: string; now?: Date }
export type ValidInvitation = {
  invitation_id: string
  customer_id: string
  email: string
  first_name: string | null
  expires_at: Date
}

export const validateInvitationAcceptanceStepId = "validate-invitation-acceptance"

/**
 * Everything that must hold before an invitation is accepted, checked before
 * any write: logins enabled (403), the token opens a usable invitation whose
 * customer still exists with the invited email (in any case) and portal access on
 * (otherwise the one 404 every
 * unusable token gets), and no login exists yet for the customer or the email
 * (409, without saying more).
 */
export const validateInvitationAcceptanceStep = createStep(
  validateInvitationAcceptanceStepId,
  async (input: ValidateInvitationAcceptanceStepInput, { container }) => {
    const now = input.now ? new Date(input.now) : new Date()
    const settings = await loadPortalSettings(container)
    if (!settings.logins_enabled) throw new MedusaError(MedusaError.Types.FORBIDDEN, PORTAL_LOGINS_DISABLED)

    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const invitation = await portal.findUsableInvitation(input.token_hash, now)
    if (!invitation) throw new MedusaError(MedusaError.Types.NOT_FOUND, INVITATION_NOT_FOUND)
    // the admin turned the customer's portal access off: the invitation is as good as revoked
    if ((await portal.listCustomerIdsWithAccessOff([invitation.customer_id])).length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, INVITATION_NOT_FOUND)
    }

    const [customer] = await container
      .resolve<ICustomerModuleService>(Modules.CUSTOMER)
      .listCustomers({ id: invitation.customer_id }, { select: ["id", "email", "first_name", "has_account"], take: 1 })
    // sent to the customer's current address (in any case: the login takes the spelling the customer has now)
    if (!customer?.email || !sameEmail(customer.email, invitation.email)) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, INVITATION_NOT_FOUND)
    }

    const logins = await container
      .resolve<IAuthModuleService>(Modules.AUTH)
      .listProviderIdentities({ provider: "emailpass", entity_id: [...new Set([customer.email, invitation.email])] as any }, { take: 1 })
    if (customer.has_account || logins.length) {
      throw new MedusaError(MedusaError.Types.CONFLICT, INVITATION_ACCOUNT_EXISTS)
    }

    return new StepResponse<ValidInvitation>({
      invitation_id: invitation.id,
      customer_id: customer.id,
      email: customer.email,
      first_name: customer.first_name ?? null,
      expires_at: invitation.expires_at,
    })
  }
)
