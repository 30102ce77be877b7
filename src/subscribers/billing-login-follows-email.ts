import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { IAuthModuleService, ICustomerModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * A portal login follows its customer's email. Medusa's emailpass login is
 * keyed by the address it was made with, and an admin's change of the
 * customer's email leaves it there: the customer could then sign in only
 * with the old address, the portal-users page said "active" while a
 * password reset found "no account", and the reset link went nowhere. So
 * when a customer with a login is updated, their emailpass identity (the
 * one whose auth identity names this customer) takes the new address. An
 * address another login already holds is left alone, with a warning: the
 * customer keeps signing in with the one they have.
 */
export default async function billingLoginFollowsEmail({ event, container }: SubscriberArgs<{ id: string }>) {
  const id = event.data?.id
  if (!id) return
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const [customer] = await container
      .resolve<ICustomerModuleService>(Modules.CUSTOMER)
      .listCustomers({ id }, { select: ["id", "email", "has_account"], take: 1 })
    if (!customer?.email || !customer.has_account) return
    const auth = container.resolve<IAuthModuleService>(Modules.AUTH)
    const [identity] = await auth.listAuthIdentities({ app_metadata: { customer_id: id } } as any, {
      relations: ["provider_identities"],
      take: 1,
    })
    if ((identity?.app_metadata as Record<string, unknown> | undefined)?.customer_id !== id) return
    const login = identity.provider_identities?.find((p) => p.provider === "emailpass")
    if (!login || login.entity_id === customer.email) return
    const [holder] = await auth.listProviderIdentities({ provider: "emailpass", entity_id: customer.email }, { select: ["id"], take: 1 })
    if (holder) {
      logger.warn(
        `billing: customer ${id}'s email changed to an address another login already uses; their portal login keeps its own address`
      )
      return
    }
    await auth.updateProviderIdentities([{ id: login.id, entity_id: customer.email }])
  } catch (e: any) {
    logger.warn(`billing: customer ${id}'s portal login could not follow their new email: ${e?.message ?? e}`)
  }
}

export const config: SubscriberConfig = {
  event: "customer.updated",
  context: { subscriberId: "billing-login-follows-email" },
}
