import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { hashSecretToken, isWellFormedSecretToken } from "../../../../modules/portal/tokens"
import { payLinkNotFound } from "../../../../workflows/pay-links/load-pay-link"

/**
 * The pay-link routes take the link's token in this header, never in the
 * URL: Medusa's request logger (morgan, at the default `http` level) writes
 * every request's full URL to the logs, and proxies and load balancers do
 * the same, so a token in the path would be in every access log. A header
 * is in none of them. (DESIGN sec. 7 names `/store/billing/pay-links/:token`;
 * this is the deliberate deviation, see README "Pay links".)
 */
export const PAY_LINK_TOKEN_HEADER = "x-pay-link-token"

/** The header's value as sent, for the rate limiter's key (hashed there). */
export const rawPayLinkToken = (req: MedusaRequest): string | null => req.get(PAY_LINK_TOKEN_HEADER)?.trim() || null

/** The SHA-256 hash of the request's token, or null when it carries nothing that could be one. */
export function payLinkTokenHash(req: MedusaRequest): string | null {
  const token = rawPayLinkToken(req)
  return isWellFormedSecretToken(token) ? hashSecretToken(token) : null
}

/** The token's hash, or the one pay-link 404. */
export function requirePayLinkTokenHash(req: MedusaRequest): string {
  const hash = payLinkTokenHash(req)
  if (!hash) throw payLinkNotFound()
  return hash
}

/** An answer about a link is for its holder only: never kept by a cache. */
export function noStore(res: MedusaResponse): void {
  res.setHeader("Cache-Control", "no-store")
}
