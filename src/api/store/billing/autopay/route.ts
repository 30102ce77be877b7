import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AUTOPAY_MODULE } from "../../../../modules/autopay"
import type AutopayModuleService from "../../../../modules/autopay/service"
import { AUTOPAY_CHANGED_MESSAGE, isAutopayChangedError } from "../../../../modules/autopay/service"
import { getBillingOptions } from "../../../../utils/options"
import { loadPortalSettings } from "../../../../utils/portal-settings"
import { updateAutopayEnrollmentWorkflow } from "../../../../workflows/autopay/workflows/update-autopay-enrollment"
import { cancelAutopayEnrollmentWorkflow } from "../../../../workflows/autopay/workflows/cancel-autopay-enrollment"
import { AUTOPAY_NOT_OFFERED_MESSAGE } from "../../../../workflows/autopay/steps/validate-autopay-enrollment"
import { answeredCustomerBusy, serializeAutopay } from "../../../utils/autopay"
import { portalSettingsFor } from "../../../utils/portal-gates"
import { clientIp } from "../../../utils/rate-limit"
import type { StoreUpdateAutopayType } from "./validators"

/** The customer's autopay enrollment and the consent on record (or `status: "none"`). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const autopay = req.scope.resolve<AutopayModuleService>(AUTOPAY_MODULE)
  const [enrollment, settings] = await Promise.all([
    autopay.retrieveLiveEnrollment(req.auth_context.actor_id),
    loadPortalSettings(req.scope),
  ])
  res.json({ autopay: serializeAutopay(enrollment, settings) })
}

/**
 * Enroll, or change the method or limit (a new consent is recorded each time;
 * a paused enrollment resumes). With `unless_changed_since`: 409 `{ type:
 * "conflict", message, autopay }` when the customer's autopay was set up,
 * changed, paused or canceled after that time.
 */
export const PUT = async (req: AuthenticatedMedusaRequest<StoreUpdateAutopayType>, res: MedusaResponse) => {
  const body = req.validatedBody
  if (!(await portalSettingsFor(req)).autopay.allowed) {
    // Medusa answers NOT_ALLOWED with 400; a closed part of the portal is a 403, as for the tabs.
    res.status(403).json({ type: "not_allowed", message: AUTOPAY_NOT_OFFERED_MESSAGE })
    return
  }
  const autopay = req.scope.resolve<AutopayModuleService>(AUTOPAY_MODULE)
  let result: { enrollment: { id: string }; created: boolean }
  try {
    ;({ result } = await updateAutopayEnrollmentWorkflow(req.scope).run({
      input: {
        customer_id: req.auth_context.actor_id,
        payment_method_id: body.payment_method_id,
        terms_version: body.terms_version ?? null,
        max_amount: body.max_amount ?? null,
        max_amount_currency_code: body.max_amount_currency_code ?? null,
        // the client's address as the rate limits see it (X-Forwarded-For only as far as trusted)
        consent_ip: clientIp(req, getBillingOptions(req.scope).trustProxy),
        consent_user_agent: req.get("user-agent")?.slice(0, 500) ?? null,
        unless_changed_since: body.unless_changed_since ?? null,
      },
    }))
  } catch (e) {
    if (answeredCustomerBusy(res, e)) return
    if (!isAutopayChangedError(e)) throw e
    // answered here (Medusa words every conflict as an Idempotency-Key retry), with autopay as it is
    const [enrollment, settings] = await Promise.all([
      autopay.retrieveLiveEnrollment(req.auth_context.actor_id),
      loadPortalSettings(req.scope),
    ])
    res.status(409).json({ type: "conflict", message: AUTOPAY_CHANGED_MESSAGE, autopay: serializeAutopay(enrollment, settings) })
    return
  }
  // Read back: a freshly created row lacks the columns the database fills in
  // (created_at), and the answer must have the same fields as GET's.
  const [enrollment, settings] = await Promise.all([
    autopay.retrieveAutopayEnrollment(result.enrollment.id),
    loadPortalSettings(req.scope),
  ])
  res.status(result.created ? 201 : 200).json({ autopay: serializeAutopay(enrollment, settings) })
}

/** Cancels autopay at once (409 in words while a charge or refund of the account holds the customer's lock too long). */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  let result: Record<string, any> | null
  try {
    ;({ result } = await cancelAutopayEnrollmentWorkflow(req.scope).run({
      input: { customer_id: req.auth_context.actor_id },
    }))
  } catch (e) {
    if (answeredCustomerBusy(res, e)) return
    throw e
  }
  const settings = await loadPortalSettings(req.scope)
  res.json({ autopay: serializeAutopay(result, settings), deleted: !!result })
}
