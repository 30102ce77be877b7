import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type AccountHolder, customerWithAccountHolders, holderFor } from "../payment-methods"

export type EnsureCustomerAccountHolderStepInput = {
  customer_id: string
  provider_id: string
}

export type EnsureCustomerAccountHolderStepOutput = {
  account_holder: AccountHolder
  customer: Record<string, unknown>
  created: boolean
}

type CreatedHolder = { customer_id: string; account_holder_id: string } | null

export const ensureCustomerAccountHolderStepId = "ensure-customer-account-holder"

/**
 * The customer's account holder for the provider: the linked one, or a new
 * one (the provider's customer record) linked to the customer through
 * Medusa's customer ↔ account holder link — exactly what core's payment
 * session workflow looks up, so payments charge the same provider customer.
 * Compensation removes a holder this step created (and its link).
 */
export const ensureCustomerAccountHolderStep = createStep(
  ensureCustomerAccountHolderStepId,
  async (input: EnsureCustomerAccountHolderStepInput, { container }) => {
    const { customer, holders } = await customerWithAccountHolders(container, input.customer_id)
    const { account_holders: _, ...paymentCustomer } = customer
    const existing = holderFor(holders, input.provider_id)
    if (existing) {
      return new StepResponse<EnsureCustomerAccountHolderStepOutput, CreatedHolder>(
        { account_holder: existing, customer: paymentCustomer, created: false },
        null
      )
    }
    const paymentModule = container.resolve(Modules.PAYMENT)
    const holder = (await paymentModule.createAccountHolder({
      provider_id: input.provider_id,
      context: { customer: paymentCustomer, idempotency_key: `account-holder:${input.customer_id}:${input.provider_id}` },
    })) as AccountHolder
    const link = container.resolve("link")
    await link.create({
      [Modules.CUSTOMER]: { customer_id: input.customer_id },
      [Modules.PAYMENT]: { account_holder_id: holder.id },
    })
    return new StepResponse<EnsureCustomerAccountHolderStepOutput, CreatedHolder>(
      { account_holder: holder, customer: paymentCustomer, created: true },
      { customer_id: input.customer_id, account_holder_id: holder.id }
    )
  },
  async (created: CreatedHolder | undefined, { container }) => {
    if (!created) return
    await container.resolve("link").dismiss({
      [Modules.CUSTOMER]: { customer_id: created.customer_id },
      [Modules.PAYMENT]: { account_holder_id: created.account_holder_id },
    })
    await container.resolve(Modules.PAYMENT).deleteAccountHolder(created.account_holder_id)
  }
)
