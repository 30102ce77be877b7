import { secretTokenRateLimit } from "../../../utils/rate-limit"
import { rawInvitationToken } from "./token"

/** Invitation lookups and acceptances, per token and per client IP (`rateLimits.invitations`). */
export function invitationRateLimit() {
  return secretTokenRateLimit({
    kind: "invitations",
    token: rawInvitationToken,
    perToken: "attempts with this invitation",
    perIp: "invitation attempts from this address",
  })
}
