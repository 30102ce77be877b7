import type { MethodDetails, PaymentRecordMethod, PaymentStatus } from "../../../../src/client/types"
import type { SavedPaymentMethod } from "../../api/types"

const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s)

/** "Visa •••• 4242", "STRIPE TEST BANK •••• 6789": what identifies a saved method to its owner. */
export function savedMethodLabel(method: Pick<SavedPaymentMethod, "type" | "brand" | "bank_name" | "last4">): string {
  const name = method.type === "card" ? capitalise(method.brand ?? "") || "Card" : method.bank_name || "Bank account"
  return method.last4 ? `${name} •••• ${method.last4}` : name
}

/** How a recorded payment was made, in words. */
export function paymentMethodLabel(method: PaymentRecordMethod, details: MethodDetails | null): string {
  if (method === "manual") {
    const offline = details?.offline_method
    return offline === "check" ? "Check" : offline === "cash" ? "Cash" : offline === "bank_transfer" ? "Bank transfer" : "Recorded by us"
  }
  if (method === "credit") return "Account credit"
  return savedMethodLabel({ type: method, brand: details?.brand, bank_name: details?.bank_name, last4: details?.last4 ?? null })
}

const FAILURE_WORDS: Record<string, string> = {
  card_declined: "Your card was declined. Try another card or payment method.",
  insufficient_funds: "Your card was declined for insufficient funds.",
  expired_card: "This card has expired.",
  incorrect_cvc: "The card's security code is incorrect.",
  authentication_failed: "Your bank did not confirm the payment.",
  authentication_required: "Your bank needs you to confirm this payment.",
  account_closed: "The bank account is closed.",
  no_account: "The bank could not find this account.",
  insufficient_funds_ach: "The bank account did not have enough funds.",
  canceled: "The payment was canceled.",
  payment_method_unavailable: "This saved payment method is no longer available. Choose another one or add a new one.",
  provider_error: "The payment service could not take this payment, and nothing was charged. Try again in a moment, or use another method.",
}

/** The provider's failure reason (`card_declined`…) in words a customer reads. */
export function failureReasonWords(reason: string | null | undefined): string {
  if (!reason) return "The payment did not go through."
  const known = FAILURE_WORDS[reason]
  if (known) return known
  // an unknown code still says something readable ("do_not_honor" → "Do not honor.")
  const words = capitalise(reason.replace(/[_-]+/g, " ").trim())
  return /[.!?]$/.test(words) ? words : `${words}.`
}

export const STATUS_WORDS: Record<PaymentStatus, string> = {
  pending: "Waiting for confirmation",
  processing: "Pending",
  succeeded: "Paid",
  failed: "Failed",
  canceled: "Canceled",
  reversed: "Reversed",
}
