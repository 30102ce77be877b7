import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PortalClosedError } from "../../../api/utils/portal-gates"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { findCustomerPaymentMethod } from "../../payment-methods/payment-methods"

export type ValidateAutopayEnrollmentStepInput = {
  customer_id: string
  payment_method_id: string
  /** the terms version the customer agreed to; must be the current one when given */
  terms_version: string | null
}

export const AUTOPAY_NOT_OFFERED_MESSAGE = "Autopay is not offered in this billing portal"

export const validateAutopayEnrollmentStepId = "validate-autopay-enrollment"

/**
 * Before anything is written: autopay must be offered, the terms the
 * customer agreed to must be the current ones, and the payment method must be
 * one of this customer's saved methods, of a type the portal offers.
 */
export const validateAutopayEnrollmentStep = createStep(
  validateAutopayEnrollmentStepId,
  async (input: ValidateAutopayEnrollmentStepInput, { container }) => {
    const settings = await loadPortalSettings(container)
    if (!settings.autopay.allowed) throw new PortalClosedError(AUTOPAY_NOT_OFFERED_MESSAGE)
    if (input.terms_version !== null && input.terms_version !== settings.autopay.terms_version) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `terms_version: the autopay terms changed (now version ${settings.autopay.terms_version}); show the current terms and ask again`
      )
    }
    const found = await findCustomerPaymentMethod(container, input.customer_id, input.payment_method_id)
    if (!found) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "payment_method_id: no saved payment method with this id")
    }
    if (!settings.payment_methods.includes(found.method.type)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `payment_method_id: ${found.method.type} payments are not offered`
      )
    }
    const m = found.method
    const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
    const label =
      m.type === "card"
        ? `${capitalized(m.brand ?? "card")} •••• ${m.last4 ?? ""}`.trim()
        : `${m.bank_name ?? "Bank account"} •••• ${m.last4 ?? ""}`.trim()
    return new StepResponse({
      payment_method_id: m.id,
      payment_method_type: m.type,
      payment_method_label: label,
      provider_id: m.provider_id,
      terms_version: settings.autopay.terms_version,
      terms_text: settings.autopay.terms_text,
    })
  }
)
