import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { allocate, AllocationError, AllocationResult, PaymentMode } from "../../../domain/allocation"
import { MoneyError, toMinor } from "../../../domain/money"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { allocationSettings } from "../../../utils/portal-settings"

/** A payment request as the customer sends it: money in major units, as decimal strings or numbers. */
export type PaymentRequestInput = {
  customer_id: string
  mode: PaymentMode
  currency_code: string
  invoice_ids?: string[]
  amounts?: Record<string, string | number>
  amount?: string | number
}

export type AllocatePaymentStepInput = PaymentRequestInput

export const allocatePaymentStepId = "allocate-customer-payment"

/**
 * Validates a payment request and decides its allocations with the pure core,
 * over the customer's own invoices only. Writes nothing.
 */
export const allocatePaymentStep = createStep(
  allocatePaymentStepId,
  async (input: AllocatePaymentStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const result = await computeAllocation(invoicing, input)
    return new StepResponse(result)
  }
)

export async function computeAllocation(
  invoicing: InvoicingModuleService,
  input: PaymentRequestInput,
  context?: Record<string, unknown>
): Promise<AllocationResult> {
  const currency = input.currency_code.toLowerCase()
  try {
    const amount = input.amount === undefined ? undefined : toMinor(input.amount, currency, "amount")
    const amounts = input.amounts
      ? Object.fromEntries(
          Object.entries(input.amounts).map(([id, v]) => [id, toMinor(v, currency, `amounts.${id}`)])
        )
      : undefined
    const selected = input.mode === "selected_invoices"
    const [invoices, credit] = await Promise.all([
      invoicing.listAllocatableInvoices(
        input.customer_id,
        { currency_code: currency, ids: selected ? input.invoice_ids ?? [] : undefined },
        context
      ),
      invoicing.getCustomerCredit(input.customer_id, currency, context),
    ])
    return allocate(
      invoices,
      { customer_id: input.customer_id, mode: input.mode, currency_code: currency, invoice_ids: input.invoice_ids, amounts, amount, credit },
      allocationSettings(currency)
    )
  } catch (e) {
    if (e instanceof AllocationError) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${e.field}: ${e.message}`)
    }
    if (e instanceof MoneyError) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
    }
    throw e
  }
}
