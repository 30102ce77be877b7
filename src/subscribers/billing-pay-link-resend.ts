import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resendPayLinkWorkflow } from "../workflows/pay-links/workflows/resend-pay-link"
import { PAY_LINK_RESEND_REQUESTED } from "../workflows/pay-links/workflows/request-pay-link-resend"

/**
 * A pay page asked for a new link: mails one to the customer's email on file
 * when the link expired or was replaced and something is left to pay
 * (`resendPayLinkWorkflow` decides). A failure is logged — without the
 * token's hash — and the customer can ask again.
 */
export default async function billingPayLinkResend({ event, container }: SubscriberArgs<{ token_hash: string }>) {
  try {
    await resendPayLinkWorkflow(container).run({ input: { token_hash: event.data.token_hash } })
  } catch (e: any) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`billing: a requested pay link could not be sent: ${e?.message}`)
  }
}

export const config: SubscriberConfig = {
  event: PAY_LINK_RESEND_REQUESTED,
  context: { subscriberId: "billing-pay-link-resend" },
}
