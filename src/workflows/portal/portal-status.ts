/**
 * A customer's portal status (DESIGN sec. 8, portal users), from the
 * customer's `has_account` flag and its most recent invitation. Pure: `now`
 * is passed in.
 */
export const PORTAL_STATUSES = ["active", "invited", "invitation_expired", "none"] as const
export type PortalStatus = (typeof PORTAL_STATUSES)[number]

export type LatestInvitation = {
  expires_at: Date
  accepted_at: Date | null
  revoked_at: Date | null
}

export function portalStatus(hasAccount: boolean, latest: LatestInvitation | null | undefined, now: Date): PortalStatus {
  if (hasAccount) return "active"
  if (!latest || latest.accepted_at || latest.revoked_at) return "none"
  return latest.expires_at.getTime() > now.getTime() ? "invited" : "invitation_expired"
}

/** The one answer for every token that cannot be used: unknown, expired, used or revoked. */
export const INVITATION_NOT_FOUND = "Invitation not found or no longer valid"
export const PORTAL_LOGINS_DISABLED = "Portal logins are disabled"
export const INVITATION_ACCOUNT_EXISTS =
  "A portal login already exists for this invitation; sign in or reset the password instead"

/** Link placed in the invitation email: the portal URL with `invitation=<token>`. */
export function activationUrl(portalUrl: string, token: string): string {
  return withParams(portalUrl, { invitation: token })
}

/** Link placed in the password-reset email: the portal URL with `reset_token` and `email`. */
export function resetPasswordUrl(portalUrl: string, token: string, email: string): string {
  return withParams(portalUrl, { reset_token: token, email })
}

function withParams(base: string, params: Record<string, string>): string {
  try {
    const url = new URL(base)
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    return url.toString()
  } catch {
    const query = new URLSearchParams(params).toString()
    return `${base}${base.includes("?") ? "&" : "?"}${query}`
  }
}

/** "June 18, 2026 at 12:00 PM UTC" — dates in emails are shown in UTC, spelled out. */
export function humanDate(date: Date): string {
  return `${date.toLocaleString("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" })} UTC`
}
