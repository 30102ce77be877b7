import type { ICustomerModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import type { PortalAccessOffResult } from "../../../modules/portal/service"

export type PortalAccessSkipReason = "not_found" | "access_off" | "access_on"
export type PortalAccessStepInput = { customer_ids: string[]; admin_id?: string | null }
export type PortalAccessStepOutput = { done: string[]; skipped: { customer_id: string; reason: PortalAccessSkipReason }[] }

export const turnPortalAccessOffStepId = "turn-portal-access-off"

/**
 * Turns the customers' portal access off (their open invitations revoked
 * with it). Skipped: a customer that does not exist, or whose access is off
 * already. Compensation turns exactly these back on and reopens exactly
 * those invitations.
 */
export const turnPortalAccessOffStep = createStep(
  turnPortalAccessOffStepId,
  async (input: PortalAccessStepInput, { container }) => {
    const ids = [...new Set(input.customer_ids)]
    const customers = await container
      .resolve<ICustomerModuleService>(Modules.CUSTOMER)
      .listCustomers({ id: ids }, { select: ["id"], take: ids.length })
    const known = new Set(customers.map((c) => c.id))
    const now = new Date()
    const result = await container
      .resolve<PortalModuleService>(PORTAL_MODULE)
      .turnPortalAccessOff(ids.filter((id) => known.has(id)), input.admin_id ?? null, now)
    const done = new Set(result.blocks.map((b) => b.customer_id))
    return new StepResponse<PortalAccessStepOutput, PortalAccessOffResult & { now: Date }>(
      {
        done: ids.filter((id) => done.has(id)),
        skipped: ids
          .filter((id) => !done.has(id))
          .map((customer_id) => ({ customer_id, reason: known.has(customer_id) ? ("access_off" as const) : ("not_found" as const) })),
      },
      { ...result, now }
    )
  },
  async (undo, { container }) => {
    if (!undo) return
    await container.resolve<PortalModuleService>(PORTAL_MODULE).undoTurnPortalAccessOff({ ...undo, now: new Date(undo.now) })
  }
)

export const turnPortalAccessOnStepId = "turn-portal-access-on"

/** Turns the customers' portal access on again (skipped: access not off). Compensation turns it off again. */
export const turnPortalAccessOnStep = createStep(
  turnPortalAccessOnStepId,
  async (input: PortalAccessStepInput, { container }) => {
    const ids = [...new Set(input.customer_ids)]
    const turnedOn = new Set(await container.resolve<PortalModuleService>(PORTAL_MODULE).turnPortalAccessOn(ids))
    return new StepResponse<PortalAccessStepOutput, string[]>(
      {
        done: ids.filter((id) => turnedOn.has(id)),
        skipped: ids.filter((id) => !turnedOn.has(id)).map((customer_id) => ({ customer_id, reason: "access_on" as const })),
      },
      [...turnedOn]
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<PortalModuleService>(PORTAL_MODULE).turnPortalAccessOff(ids, null, new Date())
  }
)
