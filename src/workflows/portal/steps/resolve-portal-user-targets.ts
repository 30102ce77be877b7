import type { IAuthModuleService, ICustomerModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import { loadPortalSettings } from "../../../utils/portal-settings"

/** What the admin asked for, per customer: a first invitation, a new link, or a password-reset email. */
export type PortalUserAction = "invite" | "resend" | "reset_password"

export const SKIP_REASONS = ["not_found", "no_email", "has_account", "logins_disabled", "not_invited", "no_account", "access_off"] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

export type PortalUserTarget = {
  customer_id: string
  email: string
  first_name: string | null
  last_name: string | null
}

export type ResolvePortalUserTargetsStepInput = { customer_ids: string[]; action: PortalUserAction }
export type ResolvePortalUserTargetsStepOutput = {
  targets: PortalUserTarget[]
  skipped: { customer_id: string; reason: SkipReason }[]
}

export const resolvePortalUserTargetsStepId = "resolve-portal-user-targets"

/**
 * Sorts the requested customers into those the action applies to and those
 * it skips, with the reason. Reads only: a bounded number of queries whatever
 * the number of customers (customers, emailpass identities, latest invitations).
 *
 * - invite / resend: skipped when logins are disabled, the customer is
 *   unknown, has no email, or already has a login (`has_account`, or an
 *   emailpass identity already exists for that email); resend also needs a
 *   previous invitation that was not accepted (`not_invited`).
 * - every action: skipped for a customer whose portal access the admin
 *   turned off (`access_off`).
 * - reset_password: needs an emailpass login linked to this very customer
 *   (`no_account` otherwise).
 */
export const resolvePortalUserTargetsStep = createStep(
  resolvePortalUserTargetsStepId,
  async (input: ResolvePortalUserTargetsStepInput, { container }) => {
    const ids = [...new Set(input.customer_ids)]
    const skipped: ResolvePortalUserTargetsStepOutput["skipped"] = []
    const settings = await loadPortalSettings(container)
    if (!settings.logins_enabled) {
      return new StepResponse<ResolvePortalUserTargetsStepOutput>({
        targets: [],
        skipped: ids.map((customer_id) => ({ customer_id, reason: "logins_disabled" as const })),
      })
    }

    const customerModule = container.resolve<ICustomerModuleService>(Modules.CUSTOMER)
    const customers = await customerModule.listCustomers(
      { id: ids },
      { select: ["id", "email", "first_name", "last_name", "has_account"], take: ids.length }
    )
    const byId = new Map(customers.map((c) => [c.id, c]))
    const emails = [...new Set(customers.map((c) => c.email).filter((e): e is string => !!e))]

    const auth = container.resolve<IAuthModuleService>(Modules.AUTH)
    const identities = emails.length
      ? await auth.listProviderIdentities(
          { provider: "emailpass", entity_id: emails as any },
          { relations: ["auth_identity"], take: emails.length }
        )
      : []
    const loginFor = new Map(identities.map((i) => [i.entity_id, i]))

    const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
    const latest =
      input.action === "resend" ? new Map((await portal.listLatestInvitations(ids)).map((i) => [i.customer_id, i])) : null
    const accessOff = new Set(await portal.listCustomerIdsWithAccessOff(ids))

    const targets: PortalUserTarget[] = []
    for (const id of ids) {
      const customer = byId.get(id)
      const skip = (reason: SkipReason) => skipped.push({ customer_id: id, reason })
      if (!customer) {
        skip("not_found")
        continue
      }
      if (accessOff.has(id)) {
        skip("access_off")
        continue
      }
      if (!customer.email) {
        skip("no_email")
        continue
      }
      const login = loginFor.get(customer.email)
      if (input.action === "reset_password") {
        const linkedCustomer = (login?.auth_identity?.app_metadata as any)?.customer_id
        if (!customer.has_account || linkedCustomer !== customer.id) {
          skip("no_account")
          continue
        }
      } else {
        if (customer.has_account || login) {
          skip("has_account")
          continue
        }
        if (latest) {
          const previous = latest.get(id)
          if (!previous || previous.accepted_at) {
            skip("not_invited")
            continue
          }
        }
      }
      targets.push({
        customer_id: id,
        email: customer.email,
        first_name: customer.first_name ?? null,
        last_name: customer.last_name ?? null,
      })
    }
    return new StepResponse<ResolvePortalUserTargetsStepOutput>({ targets, skipped })
  }
)
