import { secretTokenRateLimit } from "../../../utils/rate-limit"

/** Invitation lookups and acceptances, per token and per client IP (`rateLimits.invitations`). */
export function invitationRateLimit() {
  return secretTokenRateLimit({
    kind: "invitations",
    token: (req) => (req.params?.token ? String(req.params.token) : null),
    perToken: "attempts with this invitation",
    perIp: "invitation attempts from this address",
  })
}
