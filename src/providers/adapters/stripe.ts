import { MedusaError } from "@medusajs/framework/utils"
import { toMajor } from "../../domain/money"
import { sanitizeMethodDetails, type MethodDetails } from "../../domain/payment-method-label"
import { stripeClientOf, takeIntentCreateAnswer, watchIntentCreate } from "../internals/stripe-client"
import { stripeSmallestUnit } from "../internals/stripe-smallest-unit"
import type { ExpectedProviderObject, NextAction, PaymentProviderAdapter, Verification } from "./types"

/** How far before the payment a lost intent is looked for (clock skew between us and Stripe). */
const LOOKUP_LEEWAY_SECONDS = 24 * 60 * 60

/** PaymentIntent statuses that wait for the client (Stripe.js confirms with the client secret). */
const CLIENT_STEP_STATUSES = new Set(["requires_action", "requires_confirmation", "requires_payment_method"])

const idOf = (value: unknown): string | null =>
  typeof value === "string" ? value : value && typeof (value as any).id === "string" ? (value as any).id : null

/**
 * Medusa's Stripe provider (`@medusajs/payment-stripe`): session data is a
 * PaymentIntent. ACH goes through the same provider with
 * `payment_method_types: ["us_bank_account"]`. The client confirms with
 * Stripe.js, so `…/complete` takes nothing from it: the server re-reads the
 * PaymentIntent it created and checks it is that one.
 */
export const stripeAdapter: PaymentProviderAdapter = {
  identifiers: ["stripe"],
  recordsMethodsOnAccountHolder: false,

  sessionData(method, { off_session, payment_id }) {
    return {
      payment_method_types: [method.type],
      // Medusa's provider sends `metadata` with the intent (and adds the session's id)
      ...(payment_id ? { metadata: { billing_payment_id: payment_id } } : {}),
      ...(method.saved_method_id ? { payment_method: method.saved_method_id, confirm: true, off_session } : {}),
      // Stripe attaches the confirmed method to the customer (account holder) for off-session reuse.
      ...(method.save_for_autopay && !method.saved_method_id ? { setup_future_usage: "off_session" } : {}),
    }
  },

  // the customer types a new method's details into Stripe.js: they never reach the server
  checkDetails() {},

  confirmationData(input) {
    if (input && Object.keys(input).length > 0) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "provider_data is not accepted for this payment: confirm it with Stripe.js, then call complete without a body"
      )
    }
    return null
  },

  nextAction(sessionStatus, data) {
    if (sessionStatus !== "requires_more" && sessionStatus !== "pending") return null
    if (data.status === "processing") return null
    // ACH by micro-deposits: the customer verifies on Stripe's hosted page,
    // days later. Only that page's address goes to the client.
    if (data.next_action?.type === "verify_with_microdeposits") return microdepositsAction(data.next_action)
    if (!data.client_secret) return null
    if (data.next_action && typeof data.next_action === "object") {
      return { client_secret: data.client_secret, ...data.next_action } as NextAction
    }
    if (CLIENT_STEP_STATUSES.has(String(data.status))) return { type: "confirm", client_secret: data.client_secret }
    return null
  },

  objectId: (data) => (typeof data?.id === "string" ? data.id : null),

  isProcessing: (data) => data?.status === "processing",

  failureReason(data, fallback) {
    return String(data?.last_payment_error?.decline_code ?? data?.last_payment_error?.code ?? fallback)
  },

  declineReason(data) {
    return data?.last_payment_error ? stripeAdapter.failureReason(data, "declined") : null
  },

  verify(data, expected): Verification {
    return verifyIntent(data, expected)
  },

  settledCharge: (data) => idOf(data?.latest_charge),

  methodDetails(data) {
    return methodDetailsOfIntent(data)
  },

  // Only an intent the server created with setup_future_usage (save_for_autopay) keeps its method.
  keptMethodId: (data) => (data?.setup_future_usage ? idOf(data.payment_method) : null),

  async findLostObject({ provider, payment_id, session, account_holder, created_after }) {
    // Not confirmed by the server (a one-off card): the client confirms an
    // intent with its client secret, which nobody received, so none can take
    // money. Without a customer, no intent can hold a saved method either.
    if (!account_holder) return null
    if (session && !(session.data?.confirm === true || session.data?.confirm === "true")) return null
    // The intent names its session (Medusa's provider sets metadata.session_id)
    // and its payment (`sessionData`); Stripe's list is read-after-write
    // consistent, unlike its search. A day's leeway: the window is Stripe's
    // clock, the payment's time ours.
    const names = (intent: any) =>
      session ? intent?.metadata?.session_id === session.id : intent?.metadata?.billing_payment_id === payment_id
    const since = Math.floor(created_after.getTime() / 1000) - LOOKUP_LEEWAY_SECONDS
    for await (const intent of stripeClientOf(provider).paymentIntents.list({ customer: account_holder, created: { gte: since }, limit: 100 })) {
      if (names(intent)) return intent
    }
    return null
  },

  watchCreate(provider, paymentId) {
    watchIntentCreate(provider, paymentId)
  },

  refusedCreate(_provider, paymentId, error) {
    // Stripe answered the last request, with a refusal it saves no result
    // for and that no earlier request under the key can be behind: a 400, a
    // 402 (a card error without an intent: with one, Medusa's provider keeps
    // it as the session instead of throwing) or a 404. Not a 409 (a request
    // under the same key still running), a 429 (busy: not run), a 401 or 403
    // (answered before Stripe's idempotency layer looks at the key), nor a
    // 400 idempotency_error (this key was used with other parameters: an
    // earlier request exists). A 5xx is an api_error, which Medusa's provider
    // keeps as an indeterminate session instead of throwing.
    const status = takeIntentCreateAnswer(paymentId)
    if (status !== 400 && status !== 402 && status !== 404) return false
    return !/idempotent requests/i.test(String((error as any)?.message ?? ""))
  },

  // Stripe attaches the method a setup_future_usage intent kept to the customer itself
  keptMethodSaveData: () => null,

  savedMethodRefusal(error) {
    // Stripe's answer to a `payment_method` id it does not have (resource_missing), as the Payment Module passes it on
    return /^No such PaymentMethod\b/.test(String((error as any)?.message ?? "")) ? "data.payment_method: Stripe has no payment method with this id" : null
  },

  savedMethodData(type, data) {
    // Only a `payment_method` id is taken from the client: nothing it sends can change the customer.
    return {
      payment_method_types: [type],
      usage: "off_session",
      ...(typeof data.payment_method === "string" && data.payment_method ? { payment_method: data.payment_method } : {}),
    }
  },
}

/** Stripe's hosted micro-deposit verification page, when the intent names one on Stripe's own https origin. */
function microdepositsAction(nextAction: Record<string, any>): NextAction | null {
  const url = nextAction.verify_with_microdeposits?.hosted_verification_url
  if (typeof url !== "string") return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== "https:" || !(parsed.hostname === "stripe.com" || parsed.hostname.endsWith(".stripe.com"))) return null
  return { type: "verify_with_microdeposits", hosted_verification_url: parsed.toString() }
}

function verifyIntent(data: Record<string, any>, expected: ExpectedProviderObject): Verification {
  if (data?.object !== undefined && data.object !== "payment_intent") {
    return { ok: false, reason: `provider object is a ${data.object}, not a payment_intent` }
  }
  if (!expected.reference || data?.id !== expected.reference) {
    return { ok: false, reason: `PaymentIntent ${data?.id} is not ${expected.reference ?? "(none recorded)"}, the one created for this payment` }
  }
  let amount: bigint
  try {
    amount = BigInt(data.amount)
  } catch {
    return { ok: false, reason: `PaymentIntent ${data.id} has no integer amount` }
  }
  // The amount as Medusa's Stripe provider sent it to Stripe for this payment (Stripe's currency units).
  const expectedAmount = stripeSmallestUnit(toMajor(expected.amount, expected.currency_code), expected.currency_code)
  if (amount !== expectedAmount) {
    return { ok: false, reason: `PaymentIntent ${data.id} is for ${amount}, not ${expectedAmount} (Stripe's units)` }
  }
  if (String(data.currency ?? "").toLowerCase() !== expected.currency_code) {
    return { ok: false, reason: `PaymentIntent ${data.id} is in ${data.currency}, not ${expected.currency_code}` }
  }
  const customer = idOf(data.customer)
  if (customer !== null && customer !== expected.account_holder) {
    return { ok: false, reason: `PaymentIntent ${data.id} belongs to Stripe customer ${customer}, not this customer's` }
  }
  return { ok: true }
}

/**
 * Brand/bank and last4 from a PaymentIntent, when Stripe sent them: an
 * expanded `payment_method` (a PaymentMethod object) or an expanded
 * `latest_charge` (its `payment_method_details`). Medusa's Stripe provider
 * returns both as bare ids unless expanded; then there is nothing to show
 * beyond "Card" / "Bank account".
 */
function methodDetailsOfIntent(data: Record<string, any> | null | undefined): MethodDetails | null {
  const fromObject = (object: any) => {
    if (!object || typeof object !== "object") return null
    const card = object.card
    const bank = object.us_bank_account
    if (card && typeof card === "object") return sanitizeMethodDetails({ brand: card.brand, last4: card.last4 })
    if (bank && typeof bank === "object") return sanitizeMethodDetails({ bank_name: bank.bank_name, last4: bank.last4 })
    return null
  }
  return fromObject(data?.payment_method) ?? fromObject(data?.latest_charge?.payment_method_details)
}
