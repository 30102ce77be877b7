import { createHash } from "node:crypto"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { IAuthModuleService, ICustomerModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PORTAL_MODULE } from "../modules/portal"
import type PortalModuleService from "../modules/portal/service"
import { sendBillingEmail } from "../utils/notify"
import { getBillingOptions } from "../utils/options"
import { resetPasswordUrl } from "../workflows/portal/portal-status"

type PasswordResetEvent = { entity_id: string; actor_type: string; token: string; metadata?: Record<string, unknown> }

/**
 * The password-reset email for portal customers. Medusa's
 * `POST /auth/customer/emailpass/reset-password` (and the admin's bulk
 * "send password reset") emit `auth.password_reset` with the email and a
 * 15-minute token; Medusa sends nothing itself. The link is
 * `<portalUrl>/reset-password#token=<token>&email=<email>`; the portal posts the
 * new password to `POST /auth/customer/emailpass/update` with the token as
 * bearer. Only customers, and not one whose portal access the admin turned
 * off; off altogether with the plugin option `passwordResetEmails: false`.
 * The token is never logged; the idempotency key holds only a hash of it.
 */
export default async function billingPasswordReset({ event, container }: SubscriberArgs<PasswordResetEvent>) {
  const { entity_id: email, actor_type, token } = event.data ?? ({} as PasswordResetEvent)
  if (actor_type !== "customer" || !email || !token) return
  const options = getBillingOptions(container)
  if (options.passwordResetEmails === false) return

  // The customer the login belongs to (its first name for the greeting).
  const [identity] = await container
    .resolve<IAuthModuleService>(Modules.AUTH)
    .listProviderIdentities({ provider: "emailpass", entity_id: email }, { relations: ["auth_identity"], take: 1 })
  const customerId = (identity?.auth_identity?.app_metadata as any)?.customer_id as string | undefined
  const [customer] = customerId
    ? await container
        .resolve<ICustomerModuleService>(Modules.CUSTOMER)
        .listCustomers({ id: customerId }, { select: ["id", "first_name", "last_name"], take: 1 })
    : []

  // the admin turned this customer's portal access off: a link to the portal's reset page would lead nowhere
  if (customer && (await container.resolve<PortalModuleService>(PORTAL_MODULE).listCustomerIdsWithAccessOff([customer.id])).length) {
    container.resolve(ContainerRegistrationKeys.LOGGER).info(`billing: no password reset email for customer ${customer.id}: portal access is off`)
    return
  }

  try {
    await sendBillingEmail(container, {
      template: "billing.password_reset",
      to: email,
      vars: {
        customer: { first_name: customer?.first_name ?? "", last_name: customer?.last_name ?? "", email },
        reset_url: resetPasswordUrl(options.portalUrl, token, email),
      },
      idempotency_key: `billing.password_reset:${createHash("sha256").update(token).digest("hex").slice(0, 40)}`,
      trigger_type: "auth.password_reset",
      resource_type: "customer",
      resource_id: customer?.id,
      receiver_id: customer?.id,
    })
  } catch (e: any) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`billing: password reset email not sent: ${e?.message}`)
  }
}

export const config: SubscriberConfig = {
  event: "auth.password_reset",
  context: { subscriberId: "billing-password-reset" },
}
