import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { PaymentOutcome } from "../../../modules/invoicing/service"
import { majorString, minorFromField } from "../../../utils/money"

export type PaymentMethodInput = {
  type: "card" | "us_bank_account"
  saved_method_id?: string
  /** keep the method for later payments (Stripe: setup_future_usage; the sandbox: saved after success) */
  save_for_autopay?: boolean
  data?: Record<string, unknown>
}

export type ChargeCustomerPaymentStepInput = {
  payment_id: string
  /** false when an earlier request with the same key already charged it */
  created: boolean
  /** what to charge (major units, exact) and in which currency; read from the payment when absent */
  amount?: string
  currency_code?: string
  customer_id: string
  provider_id: string
  payment_method: PaymentMethodInput
  off_session?: boolean
}

export type NextAction = { type: string; client_secret?: string; [key: string]: unknown }

export type ChargeCustomerPaymentStepOutput = {
  payment_id: string
  outcome: PaymentOutcome | null
  next_action: NextAction | null
}

export const chargeCustomerPaymentStepId = "charge-customer-payment"

/**
 * The provider call, outside any database transaction (the reservation is
 * already committed): a payment collection for this payment, a session with
 * the provider, authorize, and — for cards — capture, the path Medusa core
 * uses to mark a payment collection as paid. What the provider answered is
 * returned as an outcome for the next step to record; a provider that cannot
 * be reached leaves the payment `pending` for the reconciler.
 */
export const chargeCustomerPaymentStep = createStep(
  chargeCustomerPaymentStepId,
  async (input: ChargeCustomerPaymentStepInput, { container }) => {
    if (!input.created) {
      // A replay of the same key and body: nothing is charged again, but a
      // payment still waiting on the client answers with the same next_action.
      return new StepResponse<ChargeCustomerPaymentStepOutput>({
        payment_id: input.payment_id,
        outcome: null,
        next_action: await pendingNextAction(container, input.payment_id),
      })
    }
    return new StepResponse<ChargeCustomerPaymentStepOutput>(await chargeCustomerPayment(container, input))
  }
)

/** The provider call of a reserved payment; its outcome is for the caller to record. */
export async function chargeCustomerPayment(
  container: any,
  input: Omit<ChargeCustomerPaymentStepInput, "created">
): Promise<ChargeCustomerPaymentStepOutput> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const paymentModule = container.resolve(Modules.PAYMENT)
  let { amount, currency_code: currency } = input
  if (!amount || !currency) {
    const payment = await invoicing.retrieveCustomerPayment(input.payment_id)
    currency = payment.currency_code
    amount = majorString(minorFromField(payment, "amount", currency), currency)
  }

  const collection = await paymentModule.createPaymentCollections({ currency_code: currency, amount })
  // Recorded before the provider is called: from here on, the reconciler can
  // find out what happened even if this process dies.
  await invoicing.attachPaymentCollection(input.payment_id, collection.id, input.provider_id)
  const data = providerSessionData(input.provider_id, input.payment_method, input.off_session ?? false)
  const context = { idempotency_key: input.payment_id }
  let sessionId: string
  if (input.payment_method.saved_method_id || input.payment_method.save_for_autopay) {
    // A saved method belongs to the customer's account holder at the
    // provider: core's workflow finds or creates it and links it.
    const { result: session } = await createPaymentSessionsWorkflow(container).run({
      input: {
        payment_collection_id: collection.id,
        provider_id: input.provider_id,
        customer_id: input.customer_id,
        data,
        context,
      },
    })
    sessionId = session.id
  } else {
    // A one-off payment needs no account holder: the module's own call (what
    // that workflow ends with), without its customer, region and link queries.
    const session = await paymentModule.createPaymentSession(collection.id, {
      provider_id: input.provider_id,
      currency_code: currency,
      amount,
      data,
      context,
    })
    sessionId = session.id
  }
  return await authorizeAndCapture(container, {
    payment_id: input.payment_id,
    session_id: sessionId,
    method: input.payment_method.type,
    payment_collection_id: collection.id,
    provider_id: input.provider_id,
  })
}

/**
 * Authorizes a session and, for cards, captures it. Shared with the
 * `/complete` route, which runs it again after the client confirmed.
 */
export async function authorizeAndCapture(
  container: any,
  input: { payment_id: string; session_id: string; method: string; payment_collection_id: string; provider_id: string }
): Promise<ChargeCustomerPaymentStepOutput> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const base = { payment_collection_id: input.payment_collection_id, provider_id: input.provider_id }
  let medusaPayment: any
  try {
    medusaPayment = await paymentModule.authorizePaymentSession(input.session_id, {})
  } catch (e: any) {
    if (e?.type !== MedusaError.Types.NOT_ALLOWED) {
      // Unknown state (provider unreachable, timeout): leave it pending; the
      // reconciler re-reads it from the provider.
      return { payment_id: input.payment_id, outcome: null, next_action: null }
    }
  }
  if (!medusaPayment) {
    const session = await paymentModule.retrievePaymentSession(input.session_id)
    const data = (session.data ?? {}) as Record<string, any>
    const transactionId = data.id ? String(data.id) : undefined
    switch (session.status) {
      case "requires_more":
        return {
          payment_id: input.payment_id,
          outcome: { status: "pending", transaction_id: transactionId, ...base },
          next_action: nextActionFrom(data),
        }
      case "pending_authorization":
        // An asynchronous method (Stripe's ACH `processing`): the money moves
        // days later and the provider's webhook says how it ended.
        return {
          payment_id: input.payment_id,
          outcome: { status: "processing", transaction_id: transactionId, ...base },
          next_action: null,
        }
      case "pending":
        if (data.status === "processing") {
          return {
            payment_id: input.payment_id,
            outcome: { status: "processing", transaction_id: transactionId, ...base },
            next_action: null,
          }
        }
        // The provider waits for the client to supply or confirm the payment
        // method (Stripe: confirm the PaymentIntent with its client secret).
        return {
          payment_id: input.payment_id,
          outcome: { status: "pending", transaction_id: transactionId, ...base },
          next_action: nextActionFrom(data),
        }
      default:
        return {
          payment_id: input.payment_id,
          outcome: { status: "failed", failure_reason: failureReason(data), ...base },
          next_action: null,
        }
    }
  }
  const transactionId = String((medusaPayment.data as any)?.id ?? medusaPayment.id)
  if (input.method === "us_bank_account") {
    // Authorized, but an ACH debit settles days later: the provider's webhook
    // captures it (Medusa's own webhook flow), and `payment.captured` tells us.
    return {
      payment_id: input.payment_id,
      outcome: { status: "processing", transaction_id: transactionId, ...base },
      next_action: null,
    }
  }
  await capturePayment(container, medusaPayment.id)
  return {
    payment_id: input.payment_id,
    outcome: { status: "succeeded", transaction_id: transactionId, ...base },
    next_action: null,
  }
}

/**
 * Captures a payment of ours in full: the module's capture and the
 * `payment.captured` event, which is what core's capturePaymentWorkflow does
 * for a collection that belongs to no order (ours never do) — without its
 * order lookup and workflow bookkeeping. Capturing twice is refused by the
 * module, so a repeat (the /complete route) is a no-op here.
 */
async function capturePayment(container: any, paymentId: string) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const [payment] = await paymentModule.listPayments({ id: paymentId }, { select: ["id", "captured_at"], take: 1 })
  if (payment?.captured_at) return
  await paymentModule.capturePayment({ payment_id: paymentId })
  await container.resolve(Modules.EVENT_BUS).emit({ name: "payment.captured", data: { id: paymentId } })
}

/** What the provider needs in the session's `data`, per provider family. */
export function providerSessionData(providerId: string, method: PaymentMethodInput, offSession: boolean) {
  if (providerId.startsWith("pp_stripe")) {
    return {
      payment_method_types: [method.type],
      ...(method.saved_method_id
        ? { payment_method: method.saved_method_id, confirm: true, off_session: offSession }
        : {}),
      // Stripe attaches the confirmed method to the customer (account holder) for off-session reuse.
      ...(method.save_for_autopay && !method.saved_method_id ? { setup_future_usage: "off_session" } : {}),
    }
  }
  // The sandbox provider (and providers shaped like it) take the test details directly.
  return {
    payment_method_type: method.type,
    payment_method_data: method.data ?? {},
    ...(method.saved_method_id ? { saved_method_id: method.saved_method_id } : {}),
    off_session: offSession,
  }
}

/**
 * What the client still has to do for a `pending` payment, re-derived from its
 * latest provider session (the same data the first answer came from); null
 * when the payment is not waiting on the client.
 */
export async function pendingNextAction(container: any, paymentId: string): Promise<NextAction | null> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const [payment] = await invoicing.listCustomerPayments(
    { id: paymentId },
    { select: ["id", "status", "payment_collection_id"], take: 1 }
  )
  if (!payment || payment.status !== "pending" || !payment.payment_collection_id) return null
  const [session] = await container.resolve(Modules.PAYMENT).listPaymentSessions(
    { payment_collection_id: payment.payment_collection_id },
    { select: ["id", "status", "data"], order: { created_at: "DESC" }, take: 1 }
  )
  return session ? clientActionOf(session.status, (session.data ?? {}) as Record<string, any>) : null
}

/** Stripe PaymentIntent statuses that wait for the client (confirm with the client secret). */
const CLIENT_STEP_STATUSES = new Set(["requires_action", "requires_confirmation", "requires_payment_method"])

/**
 * The client step a provider session waits for: the provider's own
 * `next_action` (sandbox 3-D Secure, Stripe `requires_action`), or a
 * PaymentIntent to confirm with its client secret. Null otherwise — e.g. a
 * sandbox session not yet authorized, or one already settled.
 */
export function clientActionOf(sessionStatus: string, data: Record<string, any>): NextAction | null {
  if (sessionStatus !== "requires_more" && sessionStatus !== "pending") return null
  if (data.status === "processing") return null
  if (data.next_action && typeof data.next_action === "object") return nextActionFrom(data)
  if (data.client_secret && CLIENT_STEP_STATUSES.has(String(data.status))) return nextActionFrom(data)
  return null
}

function nextActionFrom(data: Record<string, any>): NextAction {
  if (data.next_action && typeof data.next_action === "object") {
    return { client_secret: data.client_secret, ...data.next_action }
  }
  return { type: "confirm", client_secret: data.client_secret }
}

function failureReason(data: Record<string, any>): string {
  return String(
    data.failure_reason ?? data.last_payment_error?.decline_code ?? data.last_payment_error?.code ?? "declined"
  )
}
