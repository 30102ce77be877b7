import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export type ValidateDraftInvoiceInputStepInput = {
  customer_id: string
  currency_code: string
}

export const validateDraftInvoiceInputStepId = "validate-draft-invoice-input"

/**
 * Checks, before anything is written, that the invoice is for a customer that
 * exists and in a currency the store accepts.
 */
export const validateDraftInvoiceInputStep = createStep(
  validateDraftInvoiceInputStepId,
  async (input: ValidateDraftInvoiceInputStepInput, { container }) => {
    const customers = container.resolve(Modules.CUSTOMER)
    const [customer] = await customers.listCustomers({ id: input.customer_id }, { select: ["id"], take: 1 })
    if (!customer) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `customer_id: customer ${input.customer_id} does not exist`
      )
    }
    const stores = container.resolve(Modules.STORE)
    const [store] = await stores.listStores({}, { relations: ["supported_currencies"], take: 1 })
    const accepted = (store?.supported_currencies ?? []).map((c) => c.currency_code.toLowerCase())
    if (!accepted.includes(input.currency_code.toLowerCase())) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `currency_code: the store does not accept ${input.currency_code.toUpperCase()}` +
          (accepted.length ? ` (accepted: ${accepted.map((c) => c.toUpperCase()).join(", ")})` : "")
      )
    }
    return new StepResponse(true)
  }
)
