import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { IAuthModuleService, ICustomerModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

type CustomerUpdated = { id: string } | { id: string }[]

/**
 * Keeps a portal customer's sign-in address their email. Medusa's emailpass
 * login is keyed by the address the customer registered with, and an admin
 * who corrects a customer's email in Medusa admin leaves it there: invoices
 * and password-reset emails go to the new address, while only the old one
 * signs in. On `customer.updated`, a registered customer whose email no
 * longer matches their own emailpass login has that login moved to the new
 * address (the password stays). An address another login already uses is
 * never taken over: the login stays as it is and the business is warned in
 * the log.
 */
export default async function billingCustomerLoginEmail({ event, container }: SubscriberArgs<CustomerUpdated>) {
  const ids = [event.data ?? []].flat().map((d) => d?.id).filter((id): id is string => typeof id === "string" && !!id)
  if (!ids.length) return
  const customers = await container
    .resolve<ICustomerModuleService>(Modules.CUSTOMER)
    .listCustomers({ id: ids, has_account: true }, { select: ["id", "email"], take: ids.length })
  const auth = container.resolve<IAuthModuleService>(Modules.AUTH)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const customer of customers) {
    const email = customer.email?.trim()
    if (!email) continue
    const [current] = await auth.listProviderIdentities({ provider: "emailpass", entity_id: email }, { relations: ["auth_identity"], take: 1 })
    if (current) {
      const owner = (current.auth_identity?.app_metadata as Record<string, unknown> | undefined)?.customer_id
      if (owner !== customer.id) {
        logger.warn(
          `billing: customer ${customer.id}'s email is now ${email}, which another login already signs in with; their own login was left at its address`
        )
      }
      continue // in step already, or not ours to move
    }
    // the customer's own emailpass login (its auth identity names the customer)
    const identities = await auth.listAuthIdentities(
      { app_metadata: { customer_id: customer.id } } as any,
      { relations: ["provider_identities"], take: 10 }
    )
    const logins = identities
      .filter((identity) => (identity.app_metadata as Record<string, unknown> | undefined)?.customer_id === customer.id)
      .flatMap((identity) => identity.provider_identities ?? [])
      .filter((provider) => provider.provider === "emailpass")
    if (logins.length !== 1) continue // no password login (or one we cannot tell apart): nothing to move
    try {
      await auth.updateProviderIdentities({ id: logins[0].id, entity_id: email })
    } catch (e: any) {
      // another login took the address meanwhile (emailpass addresses are unique)
      logger.warn(`billing: could not move customer ${customer.id}'s login to ${email}: ${e?.message ?? e}`)
    }
  }
}

export const config: SubscriberConfig = {
  event: "customer.updated",
  context: { subscriberId: "billing-customer-login-email" },
}
