import type { MedusaResponse } from "@medusajs/framework/http"
import type { PortalSettings } from "../../domain/portal-settings"

export const AUTOPAY_BUSY_MESSAGE =
  "A payment or refund of this account is with the payment provider right now; autopay was not changed. Try again in a minute."

/**
 * Answers 409 in words when a change of autopay waited out the customer's
 * lock (a charge or refund of theirs held it at a slow provider for longer
 * than the wait); true when it answered. Nothing was changed.
 */
export function answeredCustomerBusy(res: MedusaResponse, error: unknown): boolean {
  const key = (error as { lock_busy?: unknown } | null)?.lock_busy
  if (typeof key !== "string" || !key.startsWith("billing-customer:")) return false
  res.status(409).json({ type: "conflict", message: AUTOPAY_BUSY_MESSAGE })
  return true
}

/**
 * An autopay enrollment as the customer and the admin see it, with the
 * consent that was recorded. `status: "none"` when the customer has no live
 * enrollment; the current terms come along so the portal can show them.
 */
export function serializeAutopay(enrollment: Record<string, any> | null, settings: PortalSettings, options: { admin?: boolean } = {}) {
  const terms = { allowed: settings.autopay.allowed, terms_version: settings.autopay.terms_version, terms_text: settings.autopay.terms_text }
  if (!enrollment) {
    return {
      status: "none" as const,
      payment_method_id: null,
      consented_at: null,
      terms_version: null,
      max_amount: null,
      max_amount_currency_code: null,
      current_terms: terms,
    }
  }
  const max = enrollment.raw_max_amount?.value ?? enrollment.max_amount
  return {
    id: enrollment.id,
    ...(options.admin ? { customer_id: enrollment.customer_id } : {}),
    status: enrollment.status,
    payment_method_id: enrollment.payment_method_id,
    payment_method_type: enrollment.payment_method_type,
    payment_method_label: enrollment.payment_method_label ?? null,
    // JSON number in major units, like every amount in the API (converted only here, at the edge)
    max_amount: max === null || max === undefined ? null : Number(String(max)),
    max_amount_currency_code: max === null || max === undefined ? null : enrollment.max_amount_currency_code ?? null,
    consented_at: enrollment.consented_at,
    terms_version: enrollment.terms_version,
    terms_text: enrollment.terms_text,
    ...(options.admin ? { consent_ip: enrollment.consent_ip ?? null, consent_user_agent: enrollment.consent_user_agent ?? null } : {}),
    paused_at: enrollment.paused_at ?? null,
    pause_reason: enrollment.pause_reason ?? null,
    canceled_at: enrollment.canceled_at ?? null,
    created_at: enrollment.created_at,
    current_terms: terms,
  }
}
