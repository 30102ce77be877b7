import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type AccountHolder } from "../payment-methods"

export type RecordHolderPaymentMethodsStepInput = {
  account_holder: AccountHolder
  /** a saved method's provider data to add to the holder's record */
  add?: { id: string; data: Record<string, unknown> } | null
  /** a saved method id to drop from it */
  remove?: string | null
}

export const recordHolderPaymentMethodsStepId = "record-holder-payment-methods"

function recordOf(holder: AccountHolder): unknown[] {
  const list = holder.data?.payment_methods
  return Array.isArray(list) ? list : []
}

async function writeRecord(container: any, holder: AccountHolder, paymentMethods: unknown[]) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  return (await paymentModule.updateAccountHolder({
    id: holder.id,
    provider_id: holder.provider_id,
    context: { account_holder: { ...holder, data: { ...holder.data, payment_methods: paymentMethods } } as any },
  })) as AccountHolder
}

/**
 * For providers that keep saved methods on the account holder (the sandbox):
 * writes the changed `payment_methods` list through the provider's
 * updateAccountHolder, which decides what is stored (never a number). The
 * holder was read under the customer's payment-methods lock, so the
 * read-modify-write does not lose a concurrent save. Compensation writes the
 * previous list back.
 */
export const recordHolderPaymentMethodsStep = createStep(
  recordHolderPaymentMethodsStepId,
  async (input: RecordHolderPaymentMethodsStepInput, { container }) => {
    const before = recordOf(input.account_holder)
    const idOf = (entry: any) => (typeof entry === "string" ? entry : entry?.id)
    let next = before.filter((entry) => idOf(entry) !== input.remove)
    if (input.add) next = [...next.filter((entry) => idOf(entry) !== input.add!.id), { ...input.add.data, id: input.add.id }]
    const updated = await writeRecord(container, input.account_holder, next)
    return new StepResponse(updated, { account_holder: updated, payment_methods: before })
  },
  async (previous, { container }) => {
    if (!previous) return
    await writeRecord(container, previous.account_holder, previous.payment_methods)
  }
)
