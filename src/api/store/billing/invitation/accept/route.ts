import type { IAuthModuleService } from "@medusajs/framework/types"
import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { generateJwtTokenWithChecks } from "../../../../../providers/internals/generate-jwt-token"
import { acceptPortalInvitationWorkflow } from "../../../../../workflows/portal/workflows/accept-portal-invitation"
import { PORTAL_LOGINS_DISABLED_MESSAGE } from "../../../../utils/portal-gates"
import { requireInvitationTokenHash } from "../token"
import { StoreAcceptInvitationType } from "../validators"

/**
 * POST /store/billing/invitation/accept `{ password }` (the token in
 * `X-Invitation-Token`) → `{ token }`, a customer JWT made exactly as
 * Medusa's own login route makes it.
 *
 * The workflow claims the invitation and creates the login linked to the
 * customer; the password is then set through the emailpass provider, as
 * Medusa's own password update does, so it never enters workflow data.
 */
export const POST = async (req: MedusaRequest<StoreAcceptInvitationType>, res: MedusaResponse) => {
  const tokenHash = requireInvitationTokenHash(req)

  let accepted: { email: string; auth_identity_id: string }
  try {
    const { result } = await acceptPortalInvitationWorkflow(req.scope).run({
      input: { token_hash: tokenHash },
    })
    accepted = result
  } catch (e: any) {
    // Medusa's error handler replaces 409 messages with an idempotency hint,
    // and NOT_ALLOWED would be a 400: answer these two here.
    if (e?.type === MedusaError.Types.CONFLICT) {
      return res.status(409).json({ type: MedusaError.Types.CONFLICT, message: e.message })
    }
    if (e?.message === PORTAL_LOGINS_DISABLED_MESSAGE) {
      return res.status(403).json({ type: MedusaError.Types.NOT_ALLOWED, message: e.message })
    }
    throw e
  }

  const auth = req.scope.resolve<IAuthModuleService>(Modules.AUTH)
  const { success, error } = await auth.updateProvider("emailpass", {
    entity_id: accepted.email,
    password: req.validatedBody.password,
  } as any)
  if (!success) {
    req.scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`billing: portal login ${accepted.auth_identity_id} was created but its password could not be set: ${error}`)
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "Your login was created but the password could not be saved; use password reset to set one"
    )
  }

  const authIdentity = await auth.retrieveAuthIdentity(accepted.auth_identity_id, {
    relations: ["provider_identities"],
  })
  const result = await generateJwtTokenWithChecks(req.scope, {
    authIdentity,
    actorType: "customer",
    authProvider: "emailpass",
  } as any)
  res.status(200).json(result)
}
