import type { MethodDetails } from "../../domain/payment-method-label"

export type { MethodDetails }

export type MethodType = "card" | "us_bank_account"

/** How the customer chose to pay, as the payment routes take it. */
export type PaymentMethodInput = {
  type: MethodType
  saved_method_id?: string
  /** keep the method for later payments (Stripe: setup_future_usage; the sandbox: saved after success) */
  save_for_autopay?: boolean
  data?: Record<string, unknown>
}

/** What the client still has to do with the provider before `…/complete`. */
export type NextAction = { type: string; client_secret?: string; [key: string]: unknown }

/**
 * What the server created at the provider for one customer payment, and what
 * the provider object must therefore look like before anything is recorded as
 * paid: the same object, amount, currency and customer.
 */
export type ExpectedProviderObject = {
  /** the provider object's id recorded when the session was created */
  reference: string | null
  /** the payment's amount in minor units of `currency_code` */
  amount: bigint
  currency_code: string
  /** the account holder's id at the provider, when the session was made for one; null for a one-off payment */
  account_holder: string | null
}

export type Verification = { ok: true } | { ok: false; reason: string }

/** What `findLostObject` is given to look a session's provider object up. */
export type LostObjectQuery = {
  /** the provider instance the Payment Module registered (for what the module has no call for) */
  provider: unknown
  /** the customer payment the object was created for (named in the object: see `sessionData`) */
  payment_id: string
  /**
   * The session the object was created for, and its data as stored (what the
   * server asked the provider for); null when the Payment Module deleted the
   * session because the provider's create threw (Stripe unreachable through
   * every retry): the object, if any, is then found by the payment it names.
   */
  session: { id: string; data: Record<string, any> } | null
  /** the customer's account holder id at the provider, when they have one */
  account_holder: string | null
  /** when the payment was made: the object cannot be older */
  created_after: Date
}

/**
 * Everything the plugin must know about one payment provider, in one place.
 * Chosen by the provider's registration in the Payment Module (its class's
 * `identifier`), never by the shape of its id: a third provider is one new
 * file and one line in `./index.ts`.
 */
export interface PaymentProviderAdapter {
  /** The provider classes (their static `identifier`) this adapter serves. */
  readonly identifiers: readonly string[]
  /**
   * Session `data` for a new payment by this method; the provider object
   * names `payment_id` when given (Stripe: `metadata.billing_payment_id`), so
   * it can be found when the session that would have held it is gone.
   */
  sessionData(method: PaymentMethodInput, options: { off_session: boolean; payment_id?: string }): Record<string, unknown>
  /**
   * Checks the details a customer typed for a new method (not a saved one)
   * the way the provider will when the payment starts, before anything is
   * reserved: throws a 400 (INVALID_DATA) naming the field. Providers whose
   * details never reach the server (Stripe.js) check nothing.
   */
  checkDetails(method: PaymentMethodInput): void
  /**
   * The only client input `…/complete` may pass on to the provider session,
   * parsed strictly: anything else is refused (400). Null when there is
   * nothing to pass (the provider re-reads its own object).
   */
  confirmationData(input: Record<string, unknown> | undefined): Record<string, unknown> | null
  /** What the client must still do, from a session's status and data; null when nothing. */
  nextAction(sessionStatus: string, data: Record<string, any>): NextAction | null
  /** The provider object's id in session or payment data (shown to the customer as the transaction id). */
  objectId(data: Record<string, any>): string | null
  /** Whether the data says the money is still moving (an ACH debit in flight). */
  isProcessing(data: Record<string, any>): boolean
  /** The provider's own failure detail, or `fallback`. */
  failureReason(data: Record<string, any> | undefined, fallback: string): string
  /** The provider's decline of the payment (Stripe's `last_payment_error`: its decline code), or null when it declined nothing. */
  declineReason(data: Record<string, any> | undefined): string | null
  /** Checks the provider object against what the server created for this payment. */
  verify(data: Record<string, any>, expected: ExpectedProviderObject): Verification
  /** The provider's reference of the charge that moved the money (Stripe `latest_charge`), when it says. */
  settledCharge(data: Record<string, any>): string | null
  /** Whether saved methods are kept on Medusa's account holder record (the sandbox) rather than at the provider. */
  readonly recordsMethodsOnAccountHolder: boolean
  /**
   * What a receipt shows of the method a payment was made with (brand and
   * last4, or bank and last4), from the provider's session or payment data;
   * null when the data does not say. Only `sanitizeMethodDetails` output:
   * never a full number.
   */
  methodDetails(data: Record<string, any> | null | undefined): MethodDetails | null
  /**
   * The provider's id of the method a taken payment kept for later use, from
   * the provider object the server verified (Stripe: the PaymentIntent's
   * `payment_method` when the server asked for `setup_future_usage`); null
   * when it kept none. Providers that record methods on the account holder
   * (the sandbox) save them from the payment's details when it is taken at
   * once, and from this id (`keptMethodSaveData`) when the customer confirmed it later.
   */
  keptMethodId(data: Record<string, any> | null | undefined): string | null
  /**
   * Before the session of a payment is created (the payment's id is the
   * idempotency key of the provider's create): starts noting the provider's
   * answer to that create, for `refusedCreate`; forgets an earlier one.
   */
  watchCreate(provider: unknown, paymentId: string): void
  /**
   * After the Payment Module's create of that session threw: whether the
   * provider refused it for sure — it answered, and nothing of the request
   * can still be on its way (Stripe: its last answer was a 400, 402 or 404
   * that is not about the key's earlier use) — rather than
   * leaving it unknown (unreachable, timed out, or an error before the
   * provider was asked). False when not known.
   */
  refusedCreate(provider: unknown, paymentId: string, error: unknown): boolean
  /** The `data` for saving a method (Payment Module createPaymentMethods), from what the client sent. */
  savedMethodData(type: MethodType, data: Record<string, unknown>): Record<string, unknown>
  /**
   * After the Payment Module's save of such `data` threw: the 400's message
   * (naming the field of the route's body) when the provider refused what the
   * client sent; null when it is not known to be the client's (then a 500).
   */
  savedMethodRefusal(error: unknown): string | null
  /**
   * For providers that record methods on the account holder: the `data` for
   * saving the method a payment kept (`keptMethodId`), once the customer
   * confirmed it (the sandbox's 3-D Secure card: its details are gone by
   * then). Null for providers that keep the method themselves (Stripe).
   */
  keptMethodSaveData(type: MethodType, methodId: string): Record<string, unknown> | null
  /**
   * The provider object of a session that never learned it, found at the
   * provider. A session is left without it when the provider's answer to
   * creating it was lost: Stripe answers 500 (an `api_error`) and the intent
   * may or may not exist, or the process died while the Payment Module was
   * creating it — or of a session the Payment Module deleted because the
   * create threw (`session` null). The object (checked against the payment
   * before it is used), or null when the provider has none that could take
   * money.
   * Throws when the provider cannot tell (unreachable): the payment waits.
   */
  findLostObject(input: LostObjectQuery): Promise<Record<string, any> | null>
}
