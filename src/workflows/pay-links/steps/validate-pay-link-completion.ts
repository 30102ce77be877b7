import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { payLinksEnabled } from "../../../utils/pay-links"
import { findLivePayLink, payLinkNotFound } from "../load-pay-link"

export type ValidatePayLinkCompletionStepInput = { token_hash: string; payment_id: string }

export const validatePayLinkCompletionStepId = "validate-pay-link-completion"

/**
 * `…/payments/:id/complete` through a link finishes only a payment made
 * through that very link (its customer, `source: "pay_link"`, the link on
 * its metadata): any other id reads as unknown (404). The link itself may
 * have been replaced or have expired since the payment started: the customer
 * is in the middle of confirming it with the provider, so finishing it is
 * still allowed; an unknown token, a deleted customer's link, or links
 * turned off, is the link 404.
 * Answers the customer the portal's complete workflow scopes the payment to.
 */
export const validatePayLinkCompletionStep = createStep(
  validatePayLinkCompletionStepId,
  async (input: ValidatePayLinkCompletionStepInput, { container }) => {
    if (!(await payLinksEnabled(container))) throw payLinkNotFound()
    const link = await findLivePayLink(container, input.token_hash)
    if (!link) throw payLinkNotFound()
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const [payment] = await invoicing.listCustomerPayments(
      { id: input.payment_id, customer_id: link.customer_id, source: "pay_link" } as any,
      { select: ["id", "metadata"], take: 1 }
    )
    if (!payment || (payment.metadata as Record<string, unknown> | null)?.pay_link_id !== link.id) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${input.payment_id} was not found`)
    }
    return new StepResponse({ payment_id: payment.id, customer_id: link.customer_id })
  }
)
