/**
 * A customer's portal status (DESIGN sec. 8, portal users), from the
 * customer's `has_account` flag and its most recent invitation; `disabled`
 * whatever those say when the admin turned the customer's portal access
 * off. An invitation counts only while it is for the customer's current
 * email (in any case): one sent to an address the customer no longer has
 * cannot be accepted, so the customer is `none` and must be invited again.
 * Pure: `now` is passed in.
 */
export const PORTAL_STATUSES = ["active", "invited", "invitation_expired", "none", "disabled"] as const
export type PortalStatus = (typeof PORTAL_STATUSES)[number]

export type LatestInvitation = {
  email: string
  expires_at: Date
  accepted_at: Date | null
  revoked_at: Date | null
}

export function portalStatus(
  customer: { has_account: boolean; email: string | null },
  latest: LatestInvitation | null | undefined,
  now: Date,
  accessOff = false
): PortalStatus {
  if (accessOff) return "disabled"
  if (customer.has_account) return "active"
  if (!latest || latest.accepted_at || latest.revoked_at || !sameEmail(latest.email, customer.email)) return "none"
  return latest.expires_at.getTime() > now.getTime() ? "invited" : "invitation_expired"
}

/** Emails are one address whatever their case (as sign-in treats them: api/utils/login-email). */
export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase()
}

/** The one answer for every token that cannot be used: unknown, expired, used or revoked. */
export const INVITATION_NOT_FOUND = "Invitation not found or no longer valid"
export const PORTAL_LOGINS_DISABLED = "Portal logins are disabled"
export const INVITATION_ACCOUNT_EXISTS =
  "A portal login already exists for this invitation; sign in or reset the password instead"

/**
 * Link placed in the invitation email: the portal's activation page with the
 * token in the fragment, `<portalUrl>/activate#invitation=<token>` (a fragment
 * never reaches a server, so no access log or Referer carries the token).
 */
export function activationUrl(portalUrl: string, token: string): string {
  return portalPageUrl(portalUrl, "activate", `invitation=${encodeURIComponent(token)}`)
}

/**
 * Link placed in the password-reset email:
 * `<portalUrl>/reset-password#token=<token>&email=<email>` (fragment, as above).
 */
export function resetPasswordUrl(portalUrl: string, token: string, email: string): string {
  return portalPageUrl(portalUrl, "reset-password", new URLSearchParams({ token, email }).toString())
}

/** `page` under the portal's path, keeping its query string, with `fragment` (any old fragment dropped). */
function portalPageUrl(base: string, page: string, fragment: string): string {
  try {
    const url = new URL(base)
    url.pathname = `${url.pathname.replace(/\/+$/, "")}/${page}`
    url.hash = ""
    return `${url.toString()}#${fragment}`
  } catch {
    const [, path = "", query = ""] = /^([^?#]*)(\?[^#]*)?/.exec(base) ?? []
    return `${path.replace(/\/+$/, "")}/${page}${query}#${fragment}`
  }
}

/** "June 18, 2026 at 12:00 PM UTC" — dates in emails are shown in UTC, spelled out. */
export function humanDate(date: Date): string {
  return `${date.toLocaleString("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`
}
