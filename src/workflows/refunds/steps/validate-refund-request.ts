import { createHash } from "crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MoneyError, sumMinor, toMajor, toMinor } from "../../../domain/money"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { REFUND_KEY_CONFLICT_MESSAGE } from "../../../modules/invoicing/service"
import { minorFromField } from "../../../utils/money"

export type ValidateRefundRequestStepInput = {
  payment_id: string
  /** major units as the admin sent it; the whole refundable amount when absent */
  amount?: string | null
  reason?: string | null
  idempotency_key: string
}

export type ValidateRefundRequestStepOutput = {
  payment_id: string
  customer_id: string
  currency_code: string
  /** minor units as a decimal string (step outputs are JSON); null = everything still refundable */
  amount: string | null
  request_hash: string
  /** an earlier request under the same key started this refund: it is finished, not started again */
  replay: boolean
}

export const validateRefundRequestStepId = "validate-refund-request"

/**
 * Checks a refund request before anything is written: the payment exists and
 * has succeeded, the amount is exact in the payment's currency (no more
 * decimals than it has), greater than 0 and at most what is still
 * refundable (less refunds still pending). A request whose key was already
 * used is a replay when it is the same request, a 409 otherwise; a replay
 * skips the amount checks (the refund it names may be what used the amount up).
 */
export const validateRefundRequestStep = createStep(
  validateRefundRequestStepId,
  async (input: ValidateRefundRequestStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const payment = await invoicing.retrieveCustomerPayment(input.payment_id, {
      select: ["id", "customer_id", "currency_code", "status", "amount", "refunded_amount"],
    })
    const currency = payment.currency_code
    let amount: bigint | null = null
    if (input.amount !== undefined && input.amount !== null) {
      try {
        amount = toMinor(input.amount, currency, "amount")
      } catch (e) {
        if (e instanceof MoneyError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
        throw e
      }
    }
    const requestHash = refundRequestHash({ payment_id: payment.id, amount, reason: input.reason ?? null })
    const output: ValidateRefundRequestStepOutput = {
      payment_id: payment.id,
      customer_id: payment.customer_id,
      currency_code: currency,
      amount: amount === null ? null : amount.toString(),
      request_hash: requestHash,
      replay: false,
    }

    const [existing] = await invoicing.listCustomerPaymentRefunds(
      { idempotency_key: input.idempotency_key },
      { select: ["id", "request_hash"], take: 1 }
    )
    if (existing) {
      if (existing.request_hash !== requestHash) {
        throw new MedusaError(MedusaError.Types.CONFLICT, REFUND_KEY_CONFLICT_MESSAGE)
      }
      return new StepResponse({ ...output, replay: true })
    }

    // throws for a payment that has not succeeded or has nothing left to refund
    const refundable = await invoicing.getRefundable(payment.id)
    const pending = await invoicing.listCustomerPaymentRefunds(
      { customer_payment_id: payment.id, status: "pending" },
      { select: ["id", "amount"] }
    )
    const available = refundable - sumMinor(pending.map((r) => minorFromField(r as any, "amount", currency)))
    if (available <= 0n) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The payment is already fully refunded")
    }
    if (amount !== null && (amount <= 0n || amount > available)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `amount must be greater than 0 and at most ${toMajor(available, currency)} ${currency.toUpperCase()}`
      )
    }
    return new StepResponse(output)
  }
)

/**
 * What makes two refund requests "the same" under one key: the payment, the
 * exact amount in minor units ("10" and "10.00" are the same request; no
 * amount means "the rest", another request) and the reason.
 */
export function refundRequestHash(request: { payment_id: string; amount: bigint | null; reason: string | null }): string {
  const canonical = {
    payment_id: request.payment_id,
    amount: request.amount === null ? null : request.amount.toString(),
    reason: request.reason,
  }
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex")
}
