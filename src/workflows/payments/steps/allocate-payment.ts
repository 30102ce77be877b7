import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  allocate,
  AllocatableInvoice,
  AllocationError,
  type AllocationPreview,
  type AllocationRequest,
  AllocationResult,
  isWindowMode,
  PaymentMode,
  payableAsAllocatable,
  payableWindowQuery,
  previewCurrentCharges,
  previewFromWindow,
  previewOf,
} from "../../../domain/allocation"
import { balanceChange, balanceChangedMessage, BALANCE_CHANGED_CODE } from "../../../domain/expected-amount"
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
  /**
   * The only invoices the payment may touch (a pay link's): `total_balance`
   * then pays these, not the whole account, and a selected invoice outside
   * them is refused like an unknown one. Absent: all of the customer's.
   */
  invoice_scope?: string[]
  /**
   * What the customer was shown: the allocation refuses (409
   * `balance_changed`) when the amount it computes differs, so the charge is
   * never other than the previewed one. Absent: no check.
   */
  expected_amount?: string | number
}

export type AllocatePaymentStepInput = PaymentRequestInput

export const allocatePaymentStepId = "allocate-customer-payment"

/**
 * Validates a payment request and decides its allocations with the pure core,
 * over the customer's own invoices only. Writes nothing.
 */
export const allocatePaymentStep = createStep(
  allocatePaymentStepId,
  async (input: AllocatePaymentStepInput, { container }) => new StepResponse(await decideAllocation(container, input))
)

/**
 * What a payment with this request would do, over every invoice it may
 * touch (the payment's allocation step, and previews of selected invoices and
 * pay links). The modes that pay over all payable invoices read them through
 * the lean, index-ordered query.
 */
export async function decideAllocation(container: any, input: PaymentRequestInput): Promise<AllocationResult> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const currency = input.currency_code.toLowerCase()
  const [settings, invoices, credit] = await Promise.all([
    loadPortalSettings(container),
    input.mode === "selected_invoices"
      ? invoicing.listAllocatableInvoices(input.customer_id, { currency_code: currency, ids: input.invoice_ids ?? [] })
      : input.invoice_scope
        ? invoicing.listAllocatableInvoices(input.customer_id, { currency_code: currency, ids: input.invoice_scope })
        : invoicing.listPayableInvoices(input.customer_id, currency).then((rows) => rows.map(payableAsAllocatable)),
    invoicing.getCustomerCredit(input.customer_id, currency),
  ])
  return allocationDecider(input, settings)(invoices, credit)
}

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
  const parsed = parseAmounts(input, currency)
  const settings = allocationSettings(portalSettings, currency)
  const scope = input.invoice_scope ? new Set(input.invoice_scope) : null
  return (loaded, credit) => {
    // out of scope behaves exactly like not there
    const invoices = scope ? loaded.filter((invoice) => scope.has(invoice.id)) : loaded
    const result = asInvalidData(() => allocate(invoices, allocationRequest(input, parsed, currency, credit), settings))
    // Inside the reservation's transaction, before anything is written: a
    // mismatch rolls it back, and no provider has been called yet.
    refuseChangedBalance(result.amount, parsed.expected_amount, currency)
    return result
  }
}

/**
 * What the preview routes answer: the payment's amount and its first `limit`
 * allocations. total_balance and fixed_amount over the whole account read
 * only the rows shown (the payable window PostgreSQL computes with running
 * sums: `previewFromWindow`, proved equal to allocating every invoice), and
 * current_charges only the most recent one (`previewCurrentCharges`), so a
 * customer with 5,000 open invoices costs about `limit` rows; selected
 * invoices and a pay link's scoped requests allocate as a payment would.
 */
export async function decidePreview(container: any, input: PaymentRequestInput, limit: number): Promise<AllocationPreview> {
  const wholeAccount = !input.invoice_scope
  if (!wholeAccount || !(isWindowMode(input.mode) || input.mode === "current_charges")) {
    return previewOf(await decideAllocation(container, input), limit)
  }
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const currency = input.currency_code.toLowerCase()
  const parsed = parseAmounts(input, currency)
  const request = allocationRequest(input, parsed, currency, 0n)
  let preview: AllocationPreview
  if (input.mode === "current_charges") {
    const [portalSettings, latest] = await Promise.all([loadPortalSettings(container), invoicing.getLatestPayable(input.customer_id, currency)])
    preview = asInvalidData(() => previewCurrentCharges(latest, request, allocationSettings(portalSettings, currency), limit))
  } else {
    // the credit and the window it implies come from one snapshot of the account
    const { cap } = payableWindowQuery(request, limit)
    const [portalSettings, { credit, window }] = await Promise.all([
      loadPortalSettings(container),
      invoicing.getCreditAndPayableWindow(input.customer_id, currency, { withCredit: input.mode === "total_balance", cap, limit }),
    ])
    preview = asInvalidData(() => previewFromWindow(window, { ...request, credit }, allocationSettings(portalSettings, currency), limit))
  }
  refuseChangedBalance(preview.amount, parsed.expected_amount, currency)
  return preview
}

type ParsedAmounts = { amount?: bigint; amounts?: Record<string, bigint>; expected_amount?: bigint }

/** The request's amounts in minor units (400 naming the field when one is not a valid amount). */
function parseAmounts(input: PaymentRequestInput, currency: string): ParsedAmounts {
  return asInvalidData(() => ({
    amount: input.amount === undefined ? undefined : toMinor(input.amount, currency, "amount"),
    amounts: input.amounts
      ? Object.fromEntries(Object.entries(input.amounts).map(([id, v]) => [id, toMinor(v, currency, `amounts.${id}`)]))
      : undefined,
    expected_amount: input.expected_amount === undefined ? undefined : toMinor(input.expected_amount, currency, "expected_amount"),
  }))
}

function allocationRequest(input: PaymentRequestInput, parsed: ParsedAmounts, currency: string, credit: bigint): AllocationRequest {
  return {
    customer_id: input.customer_id,
    mode: input.mode,
    currency_code: currency,
    invoice_ids: input.invoice_ids,
    amounts: parsed.amounts,
    amount: parsed.amount,
    credit,
  }
}

/** 409 balance_changed when the amount differs from what the customer was shown. */
function refuseChangedBalance(amount: bigint, expected: bigint | undefined, currency: string): void {
  const change = balanceChange(amount, expected, currency)
  if (change) {
    throw new MedusaError(MedusaError.Types.CONFLICT, balanceChangedMessage(change), BALANCE_CHANGED_CODE)
  }
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
