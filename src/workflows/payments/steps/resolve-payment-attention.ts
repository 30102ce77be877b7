import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"

export type ResolvePaymentAttentionStepInput = { payment_id: string }

type Cleared = { payment_id: string; attention: string; attention_since: Date | string | null } | null

export const resolvePaymentAttentionStepId = "resolve-payment-attention"

/**
 * Takes a settled payment's note away (the admin dealt with it). A pending
 * or processing payment's note is the reconciler's, which clears it once the
 * provider settles the payment: 400. 404 for an unknown payment. The
 * compensation puts the note back, unless another one has been written since.
 */
export const resolvePaymentAttentionStep = createStep(
  resolvePaymentAttentionStepId,
  async (input: ResolvePaymentAttentionStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const payment: any = await invoicing.retrieveCustomerPayment(input.payment_id, {
      select: ["id", "status", "attention", "attention_since"],
    })
    if (payment.status === "pending" || payment.status === "processing") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `A ${payment.status} payment's note goes once the provider settles it (check it with the provider); only a settled payment's note can be marked resolved`
      )
    }
    const cleared = await invoicing.resolveSettledPaymentAttention(payment.id)
    return new StepResponse<{ payment_id: string }, Cleared>(
      { payment_id: payment.id },
      cleared && payment.attention ? { payment_id: payment.id, attention: payment.attention, attention_since: payment.attention_since } : null
    )
  },
  async (cleared, { container }) => {
    if (!cleared) return
    await container
      .resolve<InvoicingModuleService>(INVOICING_MODULE)
      .restoreSettledPaymentAttention(cleared.payment_id, cleared.attention, cleared.attention_since ? new Date(cleared.attention_since) : null)
  }
)
