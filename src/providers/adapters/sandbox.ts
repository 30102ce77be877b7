import { MedusaError } from "@medusajs/framework/utils"
import { MoneyError, toMinor } from "../../domain/money"
import { sanitizeMethodDetails } from "../../domain/payment-method-label"
import { SandboxError, tokenizePaymentMethod } from "../sandbox/behaviour"
import type { ExpectedProviderObject, NextAction, PaymentProviderAdapter, Verification } from "./types"

/**
 * The billing sandbox (`src/providers/sandbox`): test details go in the
 * session data; a 3-D Secure card waits for `{ confirmed: true }` (or
 * `false`: the customer failed the challenge) from `…/complete`, and that
 * is all the client may pass.
 */
export const sandboxAdapter: PaymentProviderAdapter = {
  identifiers: ["billing-sandbox"],
  recordsMethodsOnAccountHolder: true,

  sessionData(method, { off_session }) {
    return {
      payment_method_type: method.type,
      payment_method_data: method.data ?? {},
      ...(method.saved_method_id ? { saved_method_id: method.saved_method_id } : {}),
      // as with Stripe: the payment keeps its method for later, saved once the payment is taken
      ...(method.save_for_autopay && !method.saved_method_id ? { setup_future_usage: "off_session" } : {}),
      off_session,
    }
  },

  checkDetails(method) {
    if (method.saved_method_id) return
    try {
      // what the provider's initiatePayment reads first (nothing is kept)
      tokenizePaymentMethod({ payment_method_type: method.type, payment_method_data: method.data ?? {} }, () => "check")
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e
      // named as the payment route takes it
      throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message.replace(/payment_method_data\./g, "payment_method.data."))
    }
  },

  confirmationData(input) {
    if (!input || Object.keys(input).length === 0) return null
    const keys = Object.keys(input)
    if (keys.length !== 1 || keys[0] !== "confirmed" || typeof input.confirmed !== "boolean") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "provider_data: only { confirmed: true } (or false, when the customer failed the challenge) is accepted"
      )
    }
    return { confirmed: input.confirmed }
  },

  nextAction(sessionStatus, data) {
    if (sessionStatus !== "requires_more" && sessionStatus !== "pending") return null
    if (!data.next_action || typeof data.next_action !== "object") return null
    return { client_secret: data.client_secret, ...data.next_action } as NextAction
  },

  objectId: (data) => (typeof data?.id === "string" ? data.id : null),

  isProcessing: (data) => data?.status === "processing" || data?.ach_status === "processing",

  failureReason: (data, fallback) => String(data?.failure_reason ?? fallback),

  declineReason: (data) => (data?.failure_reason ? String(data.failure_reason) : null),

  verify(data, expected): Verification {
    if (data?.object !== "sandbox_payment") return { ok: false, reason: "provider data is not a sandbox payment" }
    if (!expected.reference || data.id !== expected.reference) {
      return { ok: false, reason: `sandbox payment ${data.id} is not ${expected.reference ?? "(none recorded)"}, the one created for this payment` }
    }
    if (String(data.currency_code) !== expected.currency_code) {
      return { ok: false, reason: `sandbox payment ${data.id} is in ${data.currency_code}, not ${expected.currency_code}` }
    }
    let amount: bigint
    try {
      amount = toMinor(String(data.amount), expected.currency_code)
    } catch (e) {
      if (e instanceof MoneyError) return { ok: false, reason: `sandbox payment ${data.id} has a malformed amount` }
      throw e
    }
    if (amount !== expected.amount) {
      return { ok: false, reason: `sandbox payment ${data.id} is for ${data.amount}, not the payment's amount` }
    }
    if (data.customer != null && data.customer !== expected.account_holder) {
      return { ok: false, reason: `sandbox payment ${data.id} belongs to another account holder` }
    }
    return { ok: true }
  },

  settledCharge: () => null,

  // The sandbox keeps the tokenized method (type, brand, last4, bank_name; never the number) in its data.
  methodDetails: (data) => sanitizeMethodDetails(data?.payment_method),

  // A payment taken at once saves its details (recordsMethodsOnAccountHolder); one the customer
  // confirmed later (3-D Secure) saves the method it was made with, by its token.
  keptMethodId: (data) =>
    data?.setup_future_usage === "off_session" && typeof data.payment_method?.id === "string" ? data.payment_method.id : null,

  // The sandbox answers every session it creates with its payment, in process:
  // a session without one was never created there.
  findLostObject: async () => null,

  // The sandbox runs in this process: a create it refused (it says so) left nothing anywhere.
  watchCreate: (provider, paymentId) => void (provider as any)?.takeRefusedCreate?.(paymentId),
  refusedCreate: (provider, paymentId, _error) => (provider as any)?.takeRefusedCreate?.(paymentId) === true,

  savedMethodData: (type, data) => ({ payment_method_type: type, payment_method_data: data }),

  // the sandbox only refuses input (a bad or non-test number): its message, naming the field as the route's body has it
  savedMethodRefusal: (error) =>
    error instanceof MedusaError ? null : String((error as Error)?.message ?? error).replace(/payment_method_data\./g, "data."),

  // the token the sandbox gave the payment's method: never the client's words (those go under payment_method_data)
  keptMethodSaveData: (type, methodId) => ({ payment_method_type: type, saved_method_id: methodId }),
}
