import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { payLinkPaymentRequestHash } from "../../../domain/pay-links"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { getBillingOptions } from "../../../utils/options"
import type { ReserveCustomerPaymentStepInput } from "../../payments/steps/reserve-customer-payment"
import { assertPayLinkRequest, loadPayLink, payLinkNotFound } from "../load-pay-link"
import type { PayLinkPaymentRequest } from "../preview-pay-link-payment"

export type PayLinkPaymentMethodInput = {
  type: "card" | "us_bank_account"
  data?: Record<string, unknown>
  saved_method_id?: unknown
  save_for_autopay?: unknown
}

export type ValidatePayLinkPaymentStepInput = {
  token_hash: string
  request: PayLinkPaymentRequest & { note?: string | null }
  payment_method: PayLinkPaymentMethodInput
  idempotency_key: string
}

export type ValidatePayLinkPaymentStepOutput = {
  pay_link_id: string
  /** the portal payment workflow's input, less the payment method (the workflow input carries it) */
  payment: Omit<ReserveCustomerPaymentStepInput, "mode"> & { mode: PayLinkPaymentRequest["mode"] }
}

export const validatePayLinkPaymentStepId = "validate-pay-link-payment"

export const SAVED_METHOD_NEEDS_LOGIN =
  "payment_method.saved_method_id: saved payment methods need a login; pay with a card or bank account here, or sign in to the portal"
/**
 * Whoever holds a link is not known to be the customer: a note from them
 * would be printed on the receipt PDF mailed to the customer, a ready
 * channel for a phishing line in the business's name.
 */
export const NOTE_NEEDS_LOGIN = "note: a note can be added to a payment only when signed in to the portal"
export const SAVE_FOR_AUTOPAY_NEEDS_LOGIN =
  "payment_method.save_for_autopay: saving a payment method for autopay needs a login; sign in to the portal"

/**
 * Before anything is written: the token names a usable link (else the one
 * 404: unknown, revoked, expired, paid and off all look alike), the request
 * stays within it (its modes, currency and invoices; 400), the method is
 * offered and given as details — never a saved method, never saved for
 * autopay (no login, no account to keep it on; 400). Answers the scoped
 * input of the portal's own payment workflow: the link's customer, its
 * invoices as the scope, `source: "pay_link"`, the link on the payment's
 * metadata, and a request hash bound to the link.
 *
 * A replay of an Idempotency-Key this link already paid under passes even
 * once the link is settled, so a retried request gets its payment back
 * instead of a 404.
 */
export const validatePayLinkPaymentStep = createStep(
  validatePayLinkPaymentStepId,
  async (input: ValidatePayLinkPaymentStepInput, { container }) => {
    const method = input.payment_method
    if (method.saved_method_id !== undefined) throw new MedusaError(MedusaError.Types.INVALID_DATA, SAVED_METHOD_NEEDS_LOGIN)
    if (method.save_for_autopay) throw new MedusaError(MedusaError.Types.INVALID_DATA, SAVE_FOR_AUTOPAY_NEEDS_LOGIN)
    if (input.request.note != null) throw new MedusaError(MedusaError.Types.INVALID_DATA, NOTE_NEEDS_LOGIN)

    const loaded = await loadPayLink(container, input.token_hash, new Date())
    if (!loaded) throw payLinkNotFound()
    const { link, settings } = loaded
    if (loaded.status !== "usable") {
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      const [earlier] = await invoicing.listCustomerPayments(
        { customer_id: link.customer_id, idempotency_key: input.idempotency_key, source: "pay_link" } as any,
        { select: ["id", "metadata"], take: 1 }
      )
      if ((earlier?.metadata as Record<string, unknown> | null)?.pay_link_id !== link.id) throw payLinkNotFound()
    }
    assertPayLinkRequest(link, input.request)
    if (!settings.payment_methods.includes(method.type)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `payment_method.type: ${method.type} payments are not offered`)
    }

    const request = input.request
    const output: ValidatePayLinkPaymentStepOutput = {
      pay_link_id: link.id,
      payment: {
        customer_id: link.customer_id,
        mode: request.mode,
        currency_code: link.currency_code,
        invoice_ids: request.invoice_ids,
        amounts: request.amounts,
        expected_amount: request.expected_amount,
        invoice_scope: link.invoice_ids,
        method: method.type,
        source: "pay_link",
        provider_id: getBillingOptions(container as any).paymentProviders[method.type],
        idempotency_key: input.idempotency_key,
        request_hash: payLinkPaymentRequestHash(link.id, {
          ...request,
          payment_method: { type: method.type },
        }),
        note: null,
        metadata: { pay_link_id: link.id },
      },
    }
    return new StepResponse(output)
  }
)

