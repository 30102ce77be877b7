/**
 * The billing sandbox: Stripe-test-mode behaviour, offline, as plain functions
 * over plain data. No Medusa imports and no clock: every function that needs
 * the time takes `now` (epoch milliseconds), and the few that mint ids take a
 * `random` source, so the whole table is deterministic under test.
 *
 * Everything the sandbox knows about a payment lives in its data
 * (`SandboxPaymentData`), which Medusa stores on the payment session and the
 * payment. Nothing is kept in memory that a later call depends on — the
 * outcome of a payment method is encoded in its token, and ACH settlement is
 * a function of `settles_at` — so the provider gives the same answers after a
 * restart. (The exceptions, saved-method listing and webhook timers, are in
 * service.ts and documented there.)
 *
 * Raw card and bank numbers are read once, in `tokenizePaymentMethod`, and
 * never copied into anything that function returns; error messages never
 * quote them.
 */
import { createHmac, timingSafeEqual } from "crypto"
import { MoneyError, toMajor, toMinor } from "../../domain/money"

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** `code` maps onto MedusaError types in service.ts. */
export type SandboxErrorCode = "invalid_data" | "not_allowed" | "unauthorized"

export class SandboxError extends Error {
  readonly code: SandboxErrorCode

  constructor(code: SandboxErrorCode, message: string) {
    super(message)
    this.name = "SandboxError"
    this.code = code
  }
}

function invalid(message: string): never {
  throw new SandboxError("invalid_data", message)
}

function notAllowed(message: string): never {
  throw new SandboxError("not_allowed", message)
}

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

export type SandboxOptions = {
  /** Load even when NODE_ENV=production (a public demo). Requires `webhookSecret`. */
  allowInProduction?: boolean
  /**
   * How long an ACH debit stays `processing` after authorization; a returned
   * debit (account 000555555559) is returned the same delay after it settled.
   * 0 settles at once and schedules no webhook (tests drive webhooks by hand).
   */
  achSettlementDelayMs?: number
  /** HMAC key for `sandbox-signature`; unsigned webhooks are refused when set. */
  webhookSecret?: string
  /**
   * Where the settlement webhooks are POSTed. Defaults to Medusa's own hook
   * for the provider registered with id "sandbox":
   * `http://localhost:${PORT || 9000}/hooks/payment/billing-sandbox_sandbox`.
   */
  webhookUrl?: string
  /**
   * Every provider call waits this long (milliseconds) before it answers,
   * like a network round trip to Stripe: for benchmarks and for tests of
   * concurrency (an autopay run's charges in flight). Default 0.
   */
  latencyMs?: number
}

export const DEFAULT_ACH_SETTLEMENT_DELAY_MS = 20_000

/** Throws a SandboxError (invalid_data) for options the provider must not load with. */
export function validateSandboxOptions(options: SandboxOptions | undefined, nodeEnv: string | undefined): void {
  const opts = options ?? {}
  if (nodeEnv === "production" && opts.allowInProduction !== true) {
    invalid(
      "The billing sandbox payment provider (billing-sandbox) is a test provider: it simulates Stripe test mode " +
        "and never moves money, so it refuses to load when NODE_ENV=production. To enable it explicitly " +
        "(e.g. for a public demo), set `allowInProduction: true` (and a `webhookSecret`) in its provider options."
    )
  }
  if (nodeEnv === "production" && !opts.webhookSecret) {
    invalid(
      "The billing sandbox payment provider needs a `webhookSecret` when it runs with NODE_ENV=production: " +
        "without one, anyone who can reach /hooks/payment could mark payments as paid."
    )
  }
  const delay = opts.achSettlementDelayMs
  if (delay !== undefined && !(Number.isSafeInteger(delay) && delay >= 0)) {
    invalid("The billing sandbox option `achSettlementDelayMs` must be a non-negative integer (milliseconds).")
  }
  const latency = opts.latencyMs
  if (latency !== undefined && !(Number.isSafeInteger(latency) && latency >= 0)) {
    invalid("The billing sandbox option `latencyMs` must be a non-negative integer (milliseconds).")
  }
  if (opts.webhookSecret !== undefined && (typeof opts.webhookSecret !== "string" || opts.webhookSecret === "")) {
    invalid("The billing sandbox option `webhookSecret` must be a non-empty string.")
  }
}

// ---------------------------------------------------------------------------
// Test numbers and payment-method tokens
// ---------------------------------------------------------------------------

export type SandboxMethodType = "card" | "us_bank_account"

/** ok: succeeds; generic / funds / invalid: declined at authorize; action: needs the client to confirm. */
export type CardOutcome = "ok" | "generic" | "funds" | "action" | "sca" | "invalid"
/** What happens to an ACH debit when it settles (R01, R03, R10 are the NACHA return codes). */
export type AchOutcome = "settles" | "fails" | "returns" | "noaccount"

export const SANDBOX_TEST_CARDS: Readonly<Record<string, CardOutcome>> = {
  "4242424242424242": "ok",
  "4000000000000002": "generic",
  "4000000000009995": "funds",
  "4000002500003155": "action",
  // Stripe's "authentication required on all transactions": even saved, an off-session charge needs the customer.
  "4000002760003184": "sca",
}

export const SANDBOX_TEST_BANK_ACCOUNTS: Readonly<Record<string, AchOutcome>> = {
  "000123456789": "settles",
  "000111111113": "fails",
  "000555555559": "returns",
}

export const SANDBOX_BANK_NAME = "SANDBOX TEST BANK"

const CARD_OUTCOMES: readonly CardOutcome[] = ["ok", "generic", "funds", "action", "sca", "invalid"]
const ACH_OUTCOMES: readonly AchOutcome[] = ["settles", "fails", "returns", "noaccount"]

/** What is kept of a payment method: never the number. */
export type SandboxPaymentMethod = {
  /** `pm_sandbox_<card|ach>_<outcome>_<last4>_<random>` */
  id: string
  type: SandboxMethodType
  last4: string
  brand?: string
  bank_name?: string
}

/** What the caller passes in `data` (to initiatePayment, updatePayment and savePaymentMethod). */
export type SandboxPaymentMethodInput = {
  payment_method_type?: unknown
  payment_method_data?: unknown
  saved_method_id?: unknown
}

const PM_ID = /^pm_sandbox_(card|ach)_([a-z]+)_(\d{4})_([A-Za-z0-9]+)$/

function cardBrand(number: string): string {
  if (/^4/.test(number)) return "visa"
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard"
  if (/^3[47]/.test(number)) return "amex"
  if (/^(6011|65)/.test(number)) return "discover"
  return "unknown"
}

function digitsOf(value: unknown): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null
  const text = String(value).replace(/[\s-]/g, "")
  return /^\d+$/.test(text) ? text : null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function methodType(value: unknown): SandboxMethodType {
  if (value === "card" || value === "us_bank_account") return value
  if (value === undefined || value === null || value === "") {
    invalid("`payment_method_type` is required: \"card\" or \"us_bank_account\".")
  }
  invalid("`payment_method_type` must be \"card\" or \"us_bank_account\".")
}

/** Decodes a token minted by this sandbox; null when it is not one. */
export function parsePaymentMethodId(
  id: unknown
): { type: SandboxMethodType; outcome: CardOutcome | AchOutcome; last4: string } | null {
  if (typeof id !== "string") return null
  const match = PM_ID.exec(id)
  if (!match) return null
  const [, kind, outcome, last4] = match
  if (kind === "card" && (CARD_OUTCOMES as readonly string[]).includes(outcome)) {
    return { type: "card", outcome: outcome as CardOutcome, last4 }
  }
  if (kind === "ach" && (ACH_OUTCOMES as readonly string[]).includes(outcome)) {
    return { type: "us_bank_account", outcome: outcome as AchOutcome, last4 }
  }
  return null
}

/** The display details of a token (all savable test cards are Visa). */
export function describePaymentMethodId(id: string): SandboxPaymentMethod {
  const parsed = parsePaymentMethodId(id)
  if (!parsed) invalid("Unknown sandbox payment method id.")
  return parsed.type === "card"
    ? { id, type: "card", last4: parsed.last4, brand: "visa" }
    : { id, type: "us_bank_account", last4: parsed.last4, bank_name: SANDBOX_BANK_NAME }
}

/**
 * Turns raw test details into a token, or checks a saved token. The token
 * carries the outcome class and last4, so paying with a saved method behaves
 * like paying with its number, even after a restart.
 *
 * Card: `{ number }`, 4–19 digits (spaces and dashes ignored); a number that
 * is not a test card is accepted here and declined (`invalid_number`) at
 * authorization, like Stripe. Bank account: `{ account_number, routing_number }`,
 * account 4–17 digits, routing exactly 9; an unknown account fails at
 * settlement (R03 no_account).
 */
export function tokenizePaymentMethod(input: SandboxPaymentMethodInput, random: () => string): SandboxPaymentMethod {
  const saved = input.saved_method_id
  const details = input.payment_method_data
  const hasDetails = isRecord(details) && Object.keys(details).length > 0

  if (saved !== undefined && saved !== null && saved !== "") {
    if (hasDetails) {
      invalid("Pass either `saved_method_id` or `payment_method_data`, not both.")
    }
    const method = describePaymentMethodId(saved as string)
    if (input.payment_method_type !== undefined && methodType(input.payment_method_type) !== method.type) {
      invalid(`The saved payment method is a ${method.type}, not a ${String(input.payment_method_type)}.`)
    }
    return method
  }

  const type = methodType(input.payment_method_type)
  const fields = isRecord(details) ? details : {}
  const suffix = random()

  if (type === "card") {
    if (fields.number === undefined || fields.number === null || fields.number === "") {
      invalid("A card payment needs `payment_method_data.number` (e.g. the test card 4242424242424242).")
    }
    const number = digitsOf(fields.number)
    if (!number || number.length < 4 || number.length > 19) {
      invalid("`payment_method_data.number` must be a card number of 4 to 19 digits.")
    }
    const outcome = SANDBOX_TEST_CARDS[number] ?? "invalid"
    const last4 = number.slice(-4)
    return { id: `pm_sandbox_card_${outcome}_${last4}_${suffix}`, type, last4, brand: cardBrand(number) }
  }

  if (fields.account_number === undefined || fields.account_number === null || fields.account_number === "") {
    invalid(
      "A bank account payment needs `payment_method_data.account_number` and `routing_number` " +
        "(e.g. 000123456789 and 110000000)."
    )
  }
  const account = digitsOf(fields.account_number)
  if (!account || account.length < 4 || account.length > 17) {
    invalid("`payment_method_data.account_number` must be 4 to 17 digits.")
  }
  const routing = digitsOf(fields.routing_number)
  if (!routing || routing.length !== 9) {
    invalid("`payment_method_data.routing_number` must be exactly 9 digits.")
  }
  const outcome = SANDBOX_TEST_BANK_ACCOUNTS[account] ?? "noaccount"
  const last4 = account.slice(-4)
  return { id: `pm_sandbox_ach_${outcome}_${last4}_${suffix}`, type, last4, bank_name: SANDBOX_BANK_NAME }
}

/** Saving a method Stripe would refuse to attach (an incorrect number) is an error. */
export function assertSavable(method: SandboxPaymentMethod): void {
  if (parsePaymentMethodId(method.id)?.outcome === "invalid") {
    invalid("Your card number is incorrect: only the sandbox test cards can be saved.")
  }
}

// ---------------------------------------------------------------------------
// Payment data
// ---------------------------------------------------------------------------

/** Medusa's PaymentSessionStatus values. */
export type SessionStatus =
  | "authorized"
  | "captured"
  | "pending"
  | "requires_more"
  | "error"
  | "canceled"
  | "pending_authorization"

/** Where the money of an ACH debit is. Only `succeeded` means it arrived (and stayed). */
export type AchStatus = "processing" | "succeeded" | "failed" | "returned" | "canceled"

export type SandboxRefund = { id: string; amount: string; created_at: string }

/**
 * The provider's data, stored by Medusa on the payment session and payment.
 * Facts (timestamps, amounts, the method token) only ever get added; `status`
 * and `ach_status` are snapshots as of the call that returned the data —
 * `getPaymentStatus` recomputes them for any time.
 */
export type SandboxPaymentData = {
  /** `pi_sandbox_<random>`: the provider reference. */
  id: string
  object: "sandbox_payment"
  livemode: false
  /** Medusa's payment session id, put in by the payment module. */
  session_id: string | null
  /** Major units, exact decimal string, e.g. "12.50". */
  amount: string
  currency_code: string
  /** The account holder (`cus_sandbox_…`) from the context, when there is one. */
  customer: string | null
  payment_method_type: SandboxMethodType
  /**
   * Always null: Medusa stores `{ ...callerData, ...providerData }` as the
   * session data, so this key overwrites the raw details the caller sent.
   */
  payment_method_data: null
  saved_method_id: string | null
  off_session: boolean
  /** "off_session" when the caller asked to keep the method for later (as Stripe's field): the plugin saves it once the payment is taken. */
  setup_future_usage: "off_session" | null
  payment_method: SandboxPaymentMethod
  client_secret: string
  status: SessionStatus
  created_at: string
  /** Set by the caller (through updatePayment) after the client confirmed a `next_action`. */
  confirmed?: boolean
  next_action?: { type: "confirm"; client_secret: string }
  authorized_at?: string
  settles_at?: string
  returns_at?: string
  captured_at?: string
  /**
   * How many capture calls reached the sandbox for this object (Medusa stores
   * the data each capture returns, so it survives the process): 1 after the
   * capture; more means something captured the same payment again — a
   * double capture the crash tests look for in the database. Only the first
   * moves money.
   */
  capture_count?: number
  amount_captured: string
  amount_refunded: string
  refunds: SandboxRefund[]
  canceled_at?: string
  ach_status?: AchStatus
  failure_reason?: string
  decline_code?: string
  failure_message?: string
  return_code?: string
}

export type ClockAndIds = { now: number; random: () => string }

const iso = (ms: number) => new Date(ms).toISOString()
const ms = (isoString: string | undefined) => (isoString ? Date.parse(isoString) : NaN)

function minorOf(amount: string, currency: string, field: string): bigint {
  try {
    return toMinor(amount, currency, field)
  } catch (e) {
    if (e instanceof MoneyError) invalid(e.message)
    throw e
  }
}

/** Reads and checks data Medusa hands back; throws for anything this sandbox did not create. */
export function asSandboxData(data: unknown): SandboxPaymentData {
  if (!isRecord(data) || data.object !== "sandbox_payment" || typeof data.id !== "string") {
    invalid("This is not a billing sandbox payment (missing or foreign provider data).")
  }
  return data as unknown as SandboxPaymentData
}

function outcomeOf(data: SandboxPaymentData): CardOutcome | AchOutcome {
  const parsed = parsePaymentMethodId(data.payment_method?.id)
  if (!parsed) invalid("The sandbox payment has no usable payment method.")
  return parsed.outcome
}

// Fields a snapshot may carry; recomputed from facts on every call.
function withoutSnapshot(data: SandboxPaymentData): SandboxPaymentData {
  const copy = { ...data }
  delete copy.ach_status
  return copy
}

// Keys only the sandbox may set. Medusa stores `{ ...callerData, ...providerData }`
// as the session data, so initiate returns each of them explicitly (undefined,
// which JSON drops): a caller cannot pre-set `confirmed`, `next_action` or
// `authorized_at` and skip a step.
const PROVIDER_OWNED_KEYS = [
  "confirmed",
  "next_action",
  "authorized_at",
  "settles_at",
  "returns_at",
  "captured_at",
  "capture_count",
  "canceled_at",
  "ach_status",
  "failure_reason",
  "decline_code",
  "failure_message",
  "return_code",
] as const

/**
 * initiatePayment: validates the amount, tokenizes the method, and returns
 * the data that replaces the caller's. Any `confirmed` the caller sent is
 * dropped: a payment can only be confirmed after its `next_action` exists.
 */
export function initiateSandboxPayment(
  input: {
    amount: string
    currency_code: string
    data: Record<string, unknown> | undefined
    customer?: string | null
  },
  { now, random }: ClockAndIds
): SandboxPaymentData {
  const data = input.data ?? {}
  const currency = String(input.currency_code ?? "").toLowerCase()
  if (!/^[a-z]{3}$/.test(currency)) invalid("`currency_code` must be a 3-letter ISO 4217 code.")
  const minor = minorOf(input.amount, currency, "amount")
  if (minor <= 0n) invalid("The amount of a sandbox payment must be greater than 0.")

  const method = tokenizePaymentMethod(data, random)
  const id = `pi_sandbox_${random()}`
  const cleared = Object.fromEntries(PROVIDER_OWNED_KEYS.map((key) => [key, undefined]))
  return {
    ...cleared,
    id,
    object: "sandbox_payment",
    livemode: false,
    session_id: typeof data.session_id === "string" ? data.session_id : null,
    amount: toMajor(minor, currency),
    currency_code: currency,
    customer: input.customer ?? null,
    payment_method_type: method.type,
    payment_method_data: null,
    saved_method_id: typeof data.saved_method_id === "string" && data.saved_method_id ? data.saved_method_id : null,
    off_session: data.off_session === true,
    setup_future_usage: data.setup_future_usage === "off_session" && !data.saved_method_id ? "off_session" : null,
    payment_method: method,
    client_secret: `${id}_secret_${random()}`,
    status: "pending",
    created_at: iso(now),
    amount_captured: toMajor(0n, currency),
    amount_refunded: toMajor(0n, currency),
    refunds: [],
  }
}

/** Where an ACH debit is at `now` (undefined for cards and unauthorized debits). */
export function achStatusAt(data: SandboxPaymentData, now: number): AchStatus | undefined {
  if (data.payment_method_type !== "us_bank_account" || !data.authorized_at) return undefined
  const settlesAt = ms(data.settles_at)
  const canceledAt = ms(data.canceled_at)
  if (!Number.isNaN(canceledAt) && !(canceledAt >= settlesAt)) return "canceled"
  if (now < settlesAt) return "processing"
  const outcome = outcomeOf(data)
  if (outcome === "fails" || outcome === "noaccount") return "failed"
  if (outcome === "returns" && now >= ms(data.returns_at)) return "returned"
  return "succeeded"
}

const ACH_FAILURES: Record<"fails" | "noaccount", { failure_reason: string; return_code: string; failure_message: string }> =
  {
    fails: {
      failure_reason: "insufficient_funds",
      return_code: "R01",
      failure_message: "The customer's account has insufficient funds to cover this payment.",
    },
    noaccount: {
      failure_reason: "no_account",
      return_code: "R03",
      failure_message: "The customer's bank account could not be located.",
    },
  }

const ACH_RETURN = {
  failure_reason: "debit_not_authorized",
  return_code: "R10",
  failure_message: "The customer notified their bank that this debit was unauthorized.",
}

/** The Medusa session status at `now`: "captured" means the money moved. */
export function sandboxStatusAt(data: SandboxPaymentData, now: number): SessionStatus {
  if (data.payment_method_type === "us_bank_account") {
    if (data.canceled_at && achStatusAt(data, now) !== "succeeded" && achStatusAt(data, now) !== "returned") {
      return "canceled"
    }
    if (!data.authorized_at) return "pending"
    const ach = achStatusAt(data, now)
    if (ach === "failed") return "error"
    if (ach === "succeeded" || ach === "returned") return "captured"
    return "authorized"
  }
  if (data.canceled_at) return "canceled"
  if (data.failure_reason) return "error"
  if (data.next_action) return "requires_more"
  if (!data.authorized_at) return "pending"
  if (data.captured_at) return "captured"
  return "authorized"
}

/** The data with `status`, `ach_status` and ACH failure details as of `now`. */
export function refreshSandboxPayment(data: SandboxPaymentData, now: number): SandboxPaymentData {
  const next: SandboxPaymentData = { ...withoutSnapshot(data), status: sandboxStatusAt(data, now) }
  const ach = achStatusAt(data, now)
  if (ach) next.ach_status = ach
  if (ach === "failed") {
    Object.assign(next, ACH_FAILURES[outcomeOf(data) as "fails" | "noaccount"])
  } else if (ach === "returned") {
    Object.assign(next, ACH_RETURN)
  }
  return next
}

const CARD_DECLINES: Record<"generic" | "funds" | "invalid", { decline_code: string; failure_message: string }> = {
  generic: { decline_code: "generic_decline", failure_message: "Your card was declined." },
  funds: { decline_code: "insufficient_funds", failure_message: "Your card has insufficient funds." },
  invalid: { decline_code: "invalid_number", failure_message: "Your card number is incorrect." },
}

function declined(data: SandboxPaymentData, failure: Partial<SandboxPaymentData>) {
  const next: SandboxPaymentData = { ...data, ...failure, status: "error" }
  delete next.next_action
  return { status: "error" as const, data: next }
}

/**
 * authorizePayment. Cards: a test card's outcome, or `requires_more` with a
 * `next_action` for 4000002500003155 until the caller sets `confirmed: true`
 * in the session data (`confirmed: false` = the customer failed the
 * challenge). A saved 3155 card used `off_session` needs no action (it was
 * authenticated when saved), a one-off 3155 card off-session, and
 * 4000002760003184 off-session even when saved, are declined
 * `authentication_required` (Stripe's decline code for it). ACH: always `authorized` at once, the debit
 * `processing` until `settles_at` = now + `settlementDelayMs`.
 *
 * Idempotent: an authorized, declined or canceled payment answers again with
 * its status and unchanged facts.
 */
export function authorizeSandboxPayment(
  data: SandboxPaymentData,
  { now, settlementDelayMs }: { now: number; settlementDelayMs: number }
): { status: SessionStatus; data: SandboxPaymentData } {
  if (data.canceled_at || data.authorized_at || data.failure_reason) {
    const refreshed = refreshSandboxPayment(data, now)
    return { status: refreshed.status, data: refreshed }
  }
  const outcome = outcomeOf(data)
  const authorized = (extra: Partial<SandboxPaymentData> = {}) => {
    const next: SandboxPaymentData = { ...data, ...extra, authorized_at: iso(now), status: "authorized" }
    delete next.next_action
    return { status: "authorized" as const, data: next }
  }

  if (data.payment_method_type === "us_bank_account") {
    const settlesAt = now + settlementDelayMs
    return authorized({
      settles_at: iso(settlesAt),
      ...(outcome === "returns" ? { returns_at: iso(settlesAt + settlementDelayMs) } : {}),
      // The debit has only been initiated: money moves at settles_at, whatever the delay.
      ach_status: "processing",
    })
  }

  switch (outcome) {
    case "ok":
      return authorized()
    case "generic":
    case "funds":
    case "invalid":
      return declined(data, { failure_reason: "card_declined", ...CARD_DECLINES[outcome] })
    case "action":
    case "sca": {
      if (data.off_session) {
        if (data.saved_method_id && outcome === "action") return authorized()
        return declined(data, {
          failure_reason: "authentication_required",
          decline_code: "authentication_required",
          failure_message: "This payment requires authentication, which is not possible off-session.",
        })
      }
      if (data.next_action && data.confirmed === true) return authorized()
      if (data.next_action && data.confirmed === false) {
        return declined(data, {
          failure_reason: "authentication_failed",
          failure_message: "The customer did not complete the authentication challenge.",
        })
      }
      const next: SandboxPaymentData = {
        ...data,
        status: "requires_more",
        next_action: { type: "confirm", client_secret: data.client_secret },
      }
      // Only a confirmation given after this action was issued counts.
      delete next.confirmed
      return { status: "requires_more", data: next }
    }
    default:
      invalid("This payment method cannot pay by card.")
  }
}

/**
 * capturePayment: Medusa passes no amount to the provider, so the whole
 * authorized amount is captured; capturing twice is a no-op. An ACH debit is
 * captured while it is still `processing` (the outcome arrives by webhook),
 * so the returned `ach_status` is usually "processing".
 */
export function captureSandboxPayment(data: SandboxPaymentData, { now }: { now: number }): SandboxPaymentData {
  if (data.captured_at) return refreshSandboxPayment({ ...data, capture_count: (data.capture_count ?? 1) + 1 }, now)
  if (data.canceled_at) notAllowed(`Sandbox payment ${data.id} was canceled and cannot be captured.`)
  if (!data.authorized_at) {
    notAllowed(`Sandbox payment ${data.id} is ${sandboxStatusAt(data, now)}: only an authorized payment can be captured.`)
  }
  return refreshSandboxPayment({ ...data, captured_at: iso(now), capture_count: 1, amount_captured: data.amount }, now)
}

/**
 * refundPayment, partial or full: never more than captured minus already
 * refunded. An ACH debit can only be refunded once it has settled (and not
 * after it was returned: the bank already gave the money back).
 */
export function refundSandboxPayment(
  data: SandboxPaymentData,
  amount: string,
  { now, random }: ClockAndIds
): SandboxPaymentData {
  const currency = data.currency_code
  const refund = minorOf(amount, currency, "refund amount")
  if (refund <= 0n) invalid("A refund amount must be greater than 0.")
  if (!data.captured_at) notAllowed(`Sandbox payment ${data.id} has not been captured: nothing to refund.`)
  const ach = achStatusAt(data, now)
  if (ach && ach !== "succeeded") {
    notAllowed(`Sandbox ACH payment ${data.id} is ${ach}: only a settled debit can be refunded.`)
  }
  const captured = minorOf(data.amount_captured, currency, "amount_captured")
  const refunded = minorOf(data.amount_refunded, currency, "amount_refunded")
  if (refunded + refund > captured) {
    invalid(
      `Cannot refund ${toMajor(refund, currency)} ${currency.toUpperCase()}: only ` +
        `${toMajor(captured - refunded, currency)} of the captured ${toMajor(captured, currency)} is left to refund.`
    )
  }
  return refreshSandboxPayment(
    {
      ...data,
      amount_refunded: toMajor(refunded + refund, currency),
      refunds: [
        ...(data.refunds ?? []),
        { id: `re_sandbox_${random()}`, amount: toMajor(refund, currency), created_at: iso(now) },
      ],
    },
    now
  )
}

/**
 * cancelPayment: voids an uncaptured authorization. An uncaptured ACH debit
 * can be canceled before it settles (Stripe would refuse; the sandbox allows
 * it so that Medusa's compensation after a failed authorization works), and a
 * failed one is simply marked canceled. Canceling twice is a no-op.
 */
export function cancelSandboxPayment(data: SandboxPaymentData, { now }: { now: number }): SandboxPaymentData {
  if (data.canceled_at) return refreshSandboxPayment(data, now)
  if (data.captured_at) notAllowed(`Sandbox payment ${data.id} has been captured: refund it instead of canceling.`)
  const ach = achStatusAt(data, now)
  if (ach === "succeeded" || ach === "returned") {
    notAllowed(`Sandbox ACH payment ${data.id} has already settled: refund it instead of canceling.`)
  }
  const next: SandboxPaymentData = { ...data, canceled_at: iso(now) }
  delete next.next_action
  return refreshSandboxPayment(next, now)
}

/**
 * updatePayment. Medusa stores what this returns as the whole session data,
 * so the caller passes the full current data plus its change:
 * - `confirmed: true` (or false) after the client handled `next_action`;
 * - a new `payment_method_data` or `saved_method_id` before authorization
 *   (e.g. another card after a decline): the method is replaced and the
 *   earlier failure cleared;
 * - a new amount before authorization.
 */
export function updateSandboxPayment(
  current: Record<string, unknown>,
  input: { amount?: string; currency_code?: string },
  { now, random }: ClockAndIds
): SandboxPaymentData {
  const data = asSandboxData(current)
  const raw = current as Record<string, unknown>
  const newDetails = isRecord(raw.payment_method_data) && Object.keys(raw.payment_method_data).length > 0
  const newSaved =
    typeof raw.saved_method_id === "string" && raw.saved_method_id !== "" && raw.saved_method_id !== data.payment_method?.id
  const changingMethod = newDetails || newSaved

  let next: SandboxPaymentData = { ...data, payment_method_data: null }

  if (changingMethod) {
    if (data.authorized_at || data.canceled_at) {
      notAllowed(`Sandbox payment ${data.id} is ${sandboxStatusAt(data, now)}: its payment method can no longer change.`)
    }
    const method = tokenizePaymentMethod(
      {
        payment_method_type: raw.payment_method_type ?? data.payment_method_type,
        payment_method_data: newDetails ? raw.payment_method_data : undefined,
        saved_method_id: newDetails ? undefined : raw.saved_method_id,
      },
      random
    )
    next = {
      ...next,
      payment_method: method,
      payment_method_type: method.type,
      saved_method_id: newDetails ? null : method.id,
      status: "pending",
    }
    for (const key of ["next_action", "confirmed", "failure_reason", "decline_code", "failure_message"] as const) {
      delete next[key]
    }
  }

  if (input.amount !== undefined) {
    const currency = String(input.currency_code ?? data.currency_code).toLowerCase()
    if (currency !== data.currency_code) invalid("The currency of a sandbox payment cannot change.")
    const minor = minorOf(input.amount, currency, "amount")
    if (minor <= 0n) invalid("The amount of a sandbox payment must be greater than 0.")
    const amount = toMajor(minor, currency)
    if (amount !== data.amount) {
      if (data.authorized_at) notAllowed(`Sandbox payment ${data.id} is authorized: its amount can no longer change.`)
      next.amount = amount
    }
  }

  return refreshSandboxPayment(next, now)
}

/**
 * What deletePayment and error paths may hand back: the caller's data minus
 * the raw details, so no number survives even in a failed session.
 */
export function redactPaymentInput(data: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!data) return {}
  return { ...data, payment_method_data: null }
}

// ---------------------------------------------------------------------------
// Webhook events
// ---------------------------------------------------------------------------

export type SandboxEventType = "ach.processing" | "ach.succeeded" | "ach.failed" | "ach.returned"

export type SandboxEvent = {
  /** Deterministic per payment and type, so a redelivery has the same id. */
  id: string
  object: "event"
  type: SandboxEventType
  /** Unix seconds of the moment it happened (settles_at / returns_at). */
  created: number
  livemode: false
  data: {
    session_id: string | null
    payment_id: string
    amount: string
    currency_code: string
    failure_reason?: string
    return_code?: string
  }
}

/** The webhooks an authorized ACH debit will produce, and when (epoch ms). */
export function achEventSchedule(data: SandboxPaymentData): { type: SandboxEventType; at: number }[] {
  if (data.payment_method_type !== "us_bank_account" || !data.authorized_at || data.canceled_at) return []
  const settlesAt = ms(data.settles_at)
  switch (outcomeOf(data)) {
    case "settles":
      return [{ type: "ach.succeeded", at: settlesAt }]
    case "returns":
      return [
        { type: "ach.succeeded", at: settlesAt },
        { type: "ach.returned", at: ms(data.returns_at) },
      ]
    default:
      return [{ type: "ach.failed", at: settlesAt }]
  }
}

/**
 * The event the sandbox sends when an ACH debit settles, fails or is
 * returned. Pure: the same data gives the same event (id included).
 */
export function buildSandboxEvent(type: SandboxEventType, sessionOrPaymentData: unknown): SandboxEvent {
  const data = asSandboxData(sessionOrPaymentData)
  if (data.payment_method_type !== "us_bank_account" || !data.settles_at) {
    invalid("Sandbox ACH events exist only for authorized bank-account payments.")
  }
  const outcome = outcomeOf(data)
  let when = ms(data.settles_at)
  const body: SandboxEvent["data"] = {
    session_id: data.session_id,
    payment_id: data.id,
    amount: data.amount,
    currency_code: data.currency_code,
  }
  if (type === "ach.processing") {
    // Stripe's payment_intent.processing: the debit was initiated at authorization.
    when = ms(data.authorized_at)
  } else if (type === "ach.failed") {
    const failure = ACH_FAILURES[outcome === "noaccount" ? "noaccount" : "fails"]
    body.failure_reason = failure.failure_reason
    body.return_code = failure.return_code
  } else if (type === "ach.returned") {
    body.failure_reason = ACH_RETURN.failure_reason
    body.return_code = ACH_RETURN.return_code
    when = data.returns_at ? ms(data.returns_at) : when
  }
  return {
    id: `evt_sandbox_${type.replace(".", "_")}_${data.id.replace(/^pi_sandbox_/, "")}`,
    object: "event",
    type,
    created: Math.floor(when / 1000),
    livemode: false,
    data: body,
  }
}

export const SANDBOX_SIGNATURE_HEADER = "sandbox-signature"
export const SANDBOX_SIGNATURE_TOLERANCE_SECONDS = 300

/**
 * `sandbox-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
 * the same construction as Stripe's `stripe-signature`.
 */
export function signSandboxPayload(body: string, secret: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds)
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex")
  return `t=${t},v1=${v1}`
}

/**
 * Throws (unauthorized) unless `header` holds a v1 signature of `body` under
 * `secret` with a timestamp within `tolerance` seconds of `nowSeconds`.
 * Several v1 entries are allowed (one per secret, during a rotation).
 */
export function verifySandboxSignature(
  body: string,
  header: string | undefined,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = SANDBOX_SIGNATURE_TOLERANCE_SECONDS
): void {
  if (!header) throw new SandboxError("unauthorized", `Missing ${SANDBOX_SIGNATURE_HEADER} header.`)
  let timestamp: number | null = null
  const signatures: string[] = []
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2)
    if (key === "t" && /^\d+$/.test(value ?? "")) timestamp = Number(value)
    if (key === "v1" && /^[0-9a-f]{64}$/.test(value ?? "")) signatures.push(value)
  }
  if (timestamp === null || signatures.length === 0) {
    throw new SandboxError("unauthorized", `Malformed ${SANDBOX_SIGNATURE_HEADER} header.`)
  }
  const expected = Buffer.from(
    createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex"),
    "utf8"
  )
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "utf8"), expected))
  if (!matches) throw new SandboxError("unauthorized", "Sandbox webhook signature does not match the payload.")
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    throw new SandboxError(
      "unauthorized",
      `Sandbox webhook timestamp is outside the ${toleranceSeconds}-second tolerance (replayed or stale).`
    )
  }
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue
    if (Array.isArray(value)) return typeof value[0] === "string" ? value[0] : undefined
    return typeof value === "string" ? value : undefined
  }
  return undefined
}

/**
 * The event of a webhook request as Medusa hands it over (`rawData` is the
 * exact body, Buffer or string; `data` the parsed one). With a secret the
 * raw body must carry a valid signature and is the only thing trusted;
 * without one, the request is taken as is.
 */
export function parseSandboxWebhook(
  payload: { data?: Record<string, unknown>; rawData?: string | Buffer; headers?: Record<string, unknown> },
  { secret, nowSeconds }: { secret?: string; nowSeconds: number }
): Record<string, unknown> {
  const raw =
    payload.rawData === undefined || payload.rawData === null
      ? undefined
      : Buffer.isBuffer(payload.rawData)
        ? payload.rawData.toString("utf8")
        : String(payload.rawData)
  if (secret) {
    if (raw === undefined) throw new SandboxError("unauthorized", "A signed sandbox webhook needs the raw request body.")
    verifySandboxSignature(raw, headerValue(payload.headers, SANDBOX_SIGNATURE_HEADER), secret, nowSeconds)
  }
  if (raw !== undefined && raw !== "") {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      invalid("The sandbox webhook body is not JSON.")
    }
    if (!isRecord(parsed)) invalid("The sandbox webhook body is not an event object.")
    return parsed
  }
  return payload.data ?? {}
}

/** Medusa's PaymentActions values. */
export type WebhookAction =
  | "authorized"
  | "captured"
  | "failed"
  | "pending"
  | "requires_more"
  | "canceled"
  | "not_supported"
  | "pending_authorization"

/**
 * ach.processing → pending_authorization (core ignores it; the plugin's
 * subscriber marks the payment `processing`, as for Stripe's payment_intent.processing),
 * ach.succeeded → captured (core's processPaymentWorkflow captures it),
 * ach.failed → failed (core drops it; the plugin's own subscriber handles it),
 * ach.returned → not_supported with the session (core ignores it; the plugin
 * reads `type`/`return_code` from the raw event), anything else → not_supported.
 */
export function webhookActionFor(event: Record<string, unknown>): {
  action: WebhookAction
  data?: { session_id: string; amount: string }
} {
  const body = isRecord(event.data) ? event.data : {}
  const sessionId = typeof body.session_id === "string" && body.session_id ? body.session_id : null
  const amount = typeof body.amount === "string" || typeof body.amount === "number" ? String(body.amount) : null
  if (!sessionId || amount === null) return { action: "not_supported" }
  const data = { session_id: sessionId, amount }
  switch (event.type) {
    case "ach.processing":
      // As Medusa's Stripe provider maps payment_intent.processing of an ACH debit.
      return { action: "pending_authorization", data }
    case "ach.succeeded":
      return { action: "captured", data }
    case "ach.failed":
      return { action: "failed", data }
    case "ach.returned":
      return { action: "not_supported", data }
    default:
      return { action: "not_supported" }
  }
}
