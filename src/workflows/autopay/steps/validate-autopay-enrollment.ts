import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PortalClosedError } from "../../../api/utils/portal-gates"
import { autopayCapFromInput } from "../../../domain/autopay"
import { MoneyError, toMajor } from "../../../domain/money"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { findCustomerPaymentMethod, providerForType } from "../../payment-methods/payment-methods"

export type ValidateAutopayEnrollmentStepInput = {
  customer_id: string
  payment_method_id: string
  /** the terms version the customer agreed to; must be the current one when given */
  terms_version: string | null
  /** the limit per charge, major units as entered; null for no limit */
  max_amount?: string | null
  /** the limit's currency: required with `max_amount`, one of the store's currencies */
  max_amount_currency_code?: string | null
}

export const AUTOPAY_NOT_OFFERED_MESSAGE = "Autopay is not offered in this billing portal"

export const validateAutopayEnrollmentStepId = "validate-autopay-enrollment"

/**
 * Before anything is written: autopay must be offered, the terms the
 * customer agreed to must be the current ones, and the payment method must be
 * one of this customer's saved methods, of a type the portal offers, saved
 * with the provider that takes that type. A limit
 * per charge comes with its currency (one the store accepts) and has no more
 * decimals than that currency has.
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
    const limit = await checkedLimit(container, input.max_amount ?? null, input.max_amount_currency_code ?? null)
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
    // the provider that takes this type now: a method saved with another (before the business moved
    // the type) is one the portal no longer pays with, so autopay must not charge it there either
    if (found.method.provider_id !== providerForType(container, found.method.type)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `payment_method_id: ${found.method.type} payments no longer go through this method's payment provider; save the method again`
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
      ...limit,
    })
  }
)

async function checkedLimit(
  container: any,
  maxAmount: string | null,
  currencyCode: string | null
): Promise<{ max_amount: string | null; max_amount_currency_code: string | null }> {
  if (maxAmount === null) return { max_amount: null, max_amount_currency_code: null }
  if (!currencyCode) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "max_amount_currency_code is required when max_amount is given"
    )
  }
  const currency = currencyCode.toLowerCase()
  const [store] = await container
    .resolve(Modules.STORE)
    .listStores({}, { relations: ["supported_currencies"], take: 1 })
  const accepted: string[] = (store?.supported_currencies ?? []).map((c: any) => c.currency_code.toLowerCase())
  if (!accepted.includes(currency)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `max_amount_currency_code: the store does not accept ${currency.toUpperCase()}` +
        (accepted.length ? ` (accepted: ${accepted.map((c) => c.toUpperCase()).join(", ")})` : "")
    )
  }
  try {
    const cap = autopayCapFromInput(maxAmount, currency)
    return { max_amount: toMajor(cap.amount, currency), max_amount_currency_code: cap.currency_code }
  } catch (e) {
    if (e instanceof MoneyError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
    throw e
  }
}
