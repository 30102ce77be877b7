import type { MedusaRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { hashInvitationToken, isWellFormedInvitationToken } from "../../../../modules/portal/service"
import { INVITATION_NOT_FOUND } from "../../../../workflows/portal/portal-status"

/**
 * The activation routes take the invitation's token in this header, never in
 * the URL: Medusa's request logger writes every request's URL to the logs
 * (its debug "Authenticating route" line included), and proxies and load
 * balancers do the same, so a token in the path would be in every access log
 * (DESIGN sec. 11: no log carries a token). DESIGN sec. 7 names
 * `/store/billing/invitations/:token`; this is the same deliberate deviation
 * as the pay links' `X-Pay-Link-Token` (README "Portal invitations").
 */
export const INVITATION_TOKEN_HEADER = "x-invitation-token"

/** The header's value as sent, for the rate limiter's key (hashed there). */
export const rawInvitationToken = (req: MedusaRequest): string | null => req.get(INVITATION_TOKEN_HEADER)?.trim() || null

/** The token's hash, or the one invitation 404 for anything that cannot be a token. */
export function requireInvitationTokenHash(req: MedusaRequest): string {
  const token = rawInvitationToken(req)
  if (!isWellFormedInvitationToken(token)) throw new MedusaError(MedusaError.Types.NOT_FOUND, INVITATION_NOT_FOUND)
  return hashInvitationToken(token)
}
