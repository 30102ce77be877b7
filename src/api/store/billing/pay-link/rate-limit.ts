import { secretTokenRateLimit } from "../../../utils/rate-limit"
import { rawPayLinkToken } from "./token"

/** Every pay-link request, per token and per client IP (`rateLimits.payLinks`). */
export function payLinkRateLimit() {
  return secretTokenRateLimit({
    kind: "payLinks",
    token: rawPayLinkToken,
    perToken: "requests with this payment link",
    perIp: "payment link requests from this address",
  })
}
