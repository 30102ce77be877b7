import type { ICustomerModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type SetCustomerHasAccountStepInput = { customer_id: string; has_account: boolean }

export const setCustomerHasAccountStepId = "set-customer-has-account"

/**
 * Sets the customer's `has_account` flag. (Core's updateCustomersStep is not
 * used: its compensation restores names, email, phone and metadata, but not
 * this flag.) Compensation restores the previous value.
 */
export const setCustomerHasAccountStep = createStep(
  setCustomerHasAccountStepId,
  async (input: SetCustomerHasAccountStepInput, { container }) => {
    const customers = container.resolve<ICustomerModuleService>(Modules.CUSTOMER)
    const before = await customers.retrieveCustomer(input.customer_id, { select: ["id", "has_account"] })
    await customers.updateCustomers(input.customer_id, { has_account: input.has_account } as any)
    return new StepResponse(
      { customer_id: input.customer_id, has_account: input.has_account },
      { customer_id: input.customer_id, has_account: before.has_account }
    )
  },
  async (previous, { container }) => {
    if (!previous) return
    await container
      .resolve<ICustomerModuleService>(Modules.CUSTOMER)
      .updateCustomers(previous.customer_id, { has_account: previous.has_account } as any)
  }
)
