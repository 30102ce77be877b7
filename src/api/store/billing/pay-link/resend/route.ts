import { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { requestPayLinkResendWorkflow } from "../../../../../workflows/pay-links/workflows/request-pay-link-resend"
import { payLinkTokenHash } from "../token"

/**
 * POST /store/billing/pay-link/resend `{}` → 202 `{}`, always: whether the
 * token is unknown, still valid, paid, or expired with something left to pay
 * (then a new link goes to the customer's email on file — never to an
 * address from the request). The work happens after the answer (an event
 * and its subscriber), so not even the answer's timing tells them apart.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const tokenHash = payLinkTokenHash(req)
  if (tokenHash) await requestPayLinkResendWorkflow(req.scope).run({ input: { token_hash: tokenHash } })
  res.status(202).json({})
}
