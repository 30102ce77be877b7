import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep, setAuthAppMetadataStep } from "@medusajs/medusa/core-flows"
import { claimPortalInvitationStep } from "../steps/claim-portal-invitation"
import { createCustomerLoginStep } from "../steps/create-customer-login"
import { setCustomerHasAccountStep } from "../steps/set-customer-has-account"
import { validateInvitationAcceptanceStep } from "../steps/validate-invitation-acceptance"

/** The token's SHA-256 hash, never the token; no password either (see create-customer-login). */
export type AcceptPortalInvitationWorkflowInput = { token_hash: string; now?: Date }

export const acceptPortalInvitationWorkflowId = "accept-portal-invitation"

/**
 * Activation (DESIGN sec. 7): creates the emailpass login of the invited,
 * already existing customer — the invitation is claimed atomically, the auth
 * identity is created and linked to the customer (`app_metadata.customer_id`,
 * as Medusa's createCustomerAccountWorkflow does), and the customer gets
 * `has_account`. Every step is undone if a later one fails.
 */
export const acceptPortalInvitationWorkflow = createWorkflow(
  acceptPortalInvitationWorkflowId,
  (input: AcceptPortalInvitationWorkflowInput) => {
    const valid = validateInvitationAcceptanceStep(input)
    const claimed = claimPortalInvitationStep(input)
    // the customer's email as spelt now (the invitation's may differ in case)
    const login = createCustomerLoginStep({ email: valid.email })
    setAuthAppMetadataStep({ authIdentityId: login.auth_identity_id, actorType: "customer", value: claimed.customer_id })
    setCustomerHasAccountStep({ customer_id: claimed.customer_id, has_account: true })
    emitEventStep({
      eventName: "billing.portal_invitation.accepted",
      data: transform({ claimed }, ({ claimed }) => ({ id: claimed.invitation_id, customer_id: claimed.customer_id })),
    })
    const result = transform({ valid, claimed, login }, ({ valid, claimed, login }) => ({
      invitation_id: claimed.invitation_id,
      customer_id: claimed.customer_id,
      email: valid.email,
      first_name: valid.first_name,
      auth_identity_id: login.auth_identity_id,
    }))
    return new WorkflowResponse(result)
  }
)
