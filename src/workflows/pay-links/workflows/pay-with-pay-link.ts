import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createCustomerPaymentWorkflow } from "../../payments/workflows/create-customer-payment"
import { markPayLinkUsedStep } from "../steps/mark-pay-link-used"
import { validatePayLinkPaymentStep, type ValidatePayLinkPaymentStepInput } from "../steps/validate-pay-link-payment"

export type PayWithPayLinkWorkflowInput = ValidatePayLinkPaymentStepInput

export const payWithPayLinkWorkflowId = "pay-with-pay-link"

/**
 * A payment through a pay link, without a login (DESIGN sec. 15): validate
 * (a usable link, a request within it, details rather than a saved method)
 * → note the attempt on the link → the portal's own payment workflow,
 * scoped to the link's customer, currency and invoices, with
 * `source: "pay_link"`. A declined card leaves the link usable; the receipt
 * goes to the customer's email on file (payment notifications subscriber).
 */
export const payWithPayLinkWorkflow = createWorkflow(payWithPayLinkWorkflowId, (input: PayWithPayLinkWorkflowInput) => {
  const validated = validatePayLinkPaymentStep(input)
  markPayLinkUsedStep(transform({ validated }, ({ validated }) => ({ pay_link_id: validated.pay_link_id })))
  const paymentInput = transform({ input, validated }, ({ input, validated }) => ({
    ...validated.payment,
    // details only: saved methods and autopay were refused by the validation
    payment_method: { type: input.payment_method.type, data: input.payment_method.data },
  }))
  const payment = createCustomerPaymentWorkflow.runAsStep({ input: paymentInput })
  const response = transform({ payment }, ({ payment }) => ({
    payment_id: payment.payment_id,
    created: payment.created,
    next_action: payment.next_action,
  }))
  return new WorkflowResponse(response)
})
