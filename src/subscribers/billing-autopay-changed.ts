import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { AUTOPAY_MODULE } from "../modules/autopay"
import type AutopayModuleService from "../modules/autopay/service"
import { notifyCustomer } from "../workflows/autopay/charge-enrollment"

/** Emails the customer when their autopay is set up, changed, paused by them or canceled (issue 5: "changes are emailed"). */
export default async function billingAutopayChanged({ event, container }: SubscriberArgs<{ id: string }>) {
  const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
  const [enrollment] = await autopay.listAutopayEnrollments({ id: event.data.id }, { take: 1 })
  if (!enrollment) return
  // One email per consent given (the consent time changes with every PUT), per pause by the customer, or per cancellation.
  const version =
    enrollment.status === "canceled"
      ? `canceled:${new Date(enrollment.canceled_at!).getTime()}`
      : enrollment.status === "paused" && enrollment.paused_at
        ? `paused:${new Date(enrollment.paused_at).getTime()}`
        : `on:${new Date(enrollment.consented_at).getTime()}`
  await notifyCustomer(container, enrollment, "billing.autopay_changed", `billing.autopay_changed:${enrollment.id}:${version}`, {
    autopay: {
      status: enrollment.status,
      payment_method: enrollment.payment_method_label ?? enrollment.payment_method_type,
      terms_version: enrollment.terms_version,
    },
  })
}

export const config: SubscriberConfig = {
  event: ["billing.autopay.updated", "billing.autopay.canceled"],
  context: { subscriberId: "billing-autopay-changed" },
}
