import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  allocate,
  AllocatableInvoice,
  AllocationError,
  AllocationResult,
  PaymentMode,
} from "../../../domain/allocation"
import { MoneyError, toMinor } from "../../../domain/money"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { PortalSettings } from "../../../domain/portal-settings"
import { allocationSettings, loadPortalSettings } from "../../../utils/portal-settings"

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
    const decide = allocationDecider(input, await loadPortalSettings(container))
    const currency = input.currency_code.toLowerCase()
    const [invoices, credit] = await Promise.all([
      invoicing.listAllocatableInvoices(input.customer_id, {
        currency_code: currency,
        ids: input.mode === "selected_invoices" ? input.invoice_ids ?? [] : undefined,
      }),
      invoicing.getCustomerCredit(input.customer_id, currency),
    ])
    return new StepResponse(decide(invoices, credit))
  }
)

/**
 * Parses the request's amounts (400 naming the field on bad input) and returns
 * the function that allocates it over a given set of invoices, with the
 * allocation core's refusals turned into 400s that name the field.
 */
export function allocationDecider(
  input: PaymentRequestInput,
  portalSettings: PortalSettings
): (invoices: AllocatableInvoice[], credit: bigint) => AllocationResult {
  const currency = input.currency_code.toLowerCase()
  const parsed = asInvalidData(() => ({
    amount: input.amount === undefined ? undefined : toMinor(input.amount, currency, "amount"),
    amounts: input.amounts
      ? Object.fromEntries(Object.entries(input.amounts).map(([id, v]) => [id, toMinor(v, currency, `amounts.${id}`)]))
      : undefined,
  }))
  const settings = allocationSettings(portalSettings, currency)
  return (invoices, credit) =>
    asInvalidData(() =>
      allocate(
        invoices,
        {
          customer_id: input.customer_id,
          mode: input.mode,
          currency_code: currency,
          invoice_ids: input.invoice_ids,
          amounts: parsed.amounts,
          amount: parsed.amount,
          credit,
        },
        settings
      )
    )
}

function asInvalidData<T>(fn: () => T): T {
  try {
    return fn()
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
