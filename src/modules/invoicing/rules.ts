/**
 * The invoicing module's checks and shapes that answer in Medusa's terms
 * (MedusaError, major-unit strings for the ORM): thin wrappers over the pure
 * rules in src/domain.
 */
import { MedusaError } from "@medusajs/framework/utils"
import { formatDisplayId } from "../../domain/invoice-status"
import { MoneyError, priceInvoiceLines, toMajor } from "../../domain/money"
import { minorFromValue } from "../../utils/money"
import type { LockedInvoiceRow } from "./repositories/invoices"
import type { DraftInvoiceLineInput } from "./types"

export function priceLines(lines: DraftInvoiceLineInput[], currency: string) {
  let priced: ReturnType<typeof priceInvoiceLines>
  try {
    // every price, line total and the invoice total within MAX_AMOUNT_MINOR
    priced = priceInvoiceLines(lines, currency)
  } catch (e) {
    if (e instanceof MoneyError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
    throw e
  }
  return lines.map((line, index) => {
    const unitPrice = priced.unitPrices[index]
    const totalMinor = priced.lineTotals[index]
    return {
      totalMinor,
      data: {
        title: line.title,
        description: line.description ?? null,
        quantity: line.quantity,
        unit_price: toMajor(unitPrice, currency),
        total: toMajor(totalMinor, currency),
        service_date: line.service_date ?? null,
      },
    }
  })
}

export function invoiceAmounts(subtotal: bigint, currency: string) {
  const amount = toMajor(subtotal, currency)
  return { subtotal: amount, tax_total: "0", total: amount, amount_paid: "0", amount_pending: "0", amount_due: "0" }
}

/**
 * Checks explicit allocations of an offline payment against the locked
 * invoices (the customer's, in the payment's currency, payable, each amount
 * within what the invoice can take) and the payment's amount; returns what
 * they allocate in total. Refusals name the invoice.
 */
export function assertManualAllocations(
  input: { customer_id: string; amount: bigint; allocations: { invoice_id: string; amount: bigint }[] },
  currency: string,
  locked: Map<string, LockedInvoiceRow>
): bigint {
  let allocated = 0n
  for (const allocation of input.allocations) {
    const invoice = locked.get(allocation.invoice_id)!
    const label = formatDisplayId(invoice.display_id)
    if (invoice.customer_id !== input.customer_id) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Invoice with id: ${allocation.invoice_id} was not found`)
    }
    if (invoice.currency_code !== currency) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Invoice ${label} is in ${invoice.currency_code.toUpperCase()}, not ${currency.toUpperCase()}`
      )
    }
    if (invoice.status !== "open" && invoice.status !== "partially_paid") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Invoice ${label} is ${invoice.status}`)
    }
    const total = minorFromValue(invoice.total, currency)
    const paid = minorFromValue(invoice.amount_paid, currency)
    const pending = minorFromValue(invoice.amount_pending, currency)
    if (allocation.amount <= 0n || allocation.amount > total - paid - pending) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `amount for invoice ${label} must be between 0 and ${toMajor(total - paid - pending, currency)}`
      )
    }
    allocated += allocation.amount
  }
  if (input.amount < allocated) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "amount is less than the allocated amounts")
  }
  return allocated
}

/**
 * What is left to refund on a payment; with `amount`, also checks that amount
 * against it. Refusals are 400s naming the field.
 */
export function assertRefundable(
  payment: { status: string; currency_code: string; amount: string; refunded_amount: string },
  amount: bigint | null
): bigint {
  const c = payment.currency_code
  if (payment.status !== "succeeded") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Only succeeded payments can be refunded; this one is ${payment.status}`)
  }
  const refundable = minorFromValue(payment.amount, c) - minorFromValue(payment.refunded_amount, c)
  if (refundable <= 0n) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The payment is already fully refunded")
  }
  if (amount !== null && (amount <= 0n || amount > refundable)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, refundAmountMessage(refundable, c))
  }
  return refundable
}

export function refundAmountMessage(refundable: bigint, currency: string) {
  return `amount must be greater than 0 and at most ${toMajor(refundable, currency)} ${currency.toUpperCase()}`
}

/**
 * What a new refund may still take: the refundable amount less the refunds
 * begun but not yet recorded (their money may already be on its way back).
 */
export function refundableAfterPending(
  payment: { status: string; currency_code: string; amount: string; refunded_amount: string },
  pending: bigint
): bigint {
  const refundable = assertRefundable(payment, null) - pending
  if (refundable <= 0n) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The payment is already fully refunded")
  }
  return refundable
}
