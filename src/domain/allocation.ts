/**
 * Which invoices a customer payment pays, and how much of each (DESIGN.md
 * sec. 5). Pure: the caller loads the customer's invoices, this decides, and
 * the same inputs always give the same result whatever order they come in.
 */
import { formatDisplayId, isPayableStatus, type InvoiceStatus } from "./invoice-status"
import { maxBig, minBig, toMajor } from "./money"

export type PaymentMode = "selected_invoices" | "total_balance" | "current_charges" | "fixed_amount"

export const PAYMENT_MODES: readonly PaymentMode[] = Object.freeze([
  "selected_invoices",
  "total_balance",
  "current_charges",
  "fixed_amount",
] as const)

export interface AllocatableInvoice {
  id: string
  display_id: number
  customer_id: string
  currency_code: string
  status: InvoiceStatus
  issued_at: Date | null
  due_at: Date | null
  total: bigint
  amount_paid: bigint
  amount_pending: bigint
}

/**
 * A payable invoice, lean (what the modes that pay over every payable invoice
 * need): `payable_minor` is what it can still take, `amount_due − amount_pending`,
 * in minor units.
 */
export type PayableInvoice = Pick<AllocatableInvoice, "id" | "display_id" | "customer_id" | "currency_code" | "issued_at" | "due_at"> & {
  payable_minor: bigint
}

/**
 * A payable invoice in the shape `allocate` takes: its payable amount as
 * `total`, nothing paid or pending (already subtracted), status `open` — which
 * is all total_balance, current_charges and fixed_amount read.
 */
export function payableAsAllocatable(invoice: PayableInvoice): AllocatableInvoice {
  return {
    id: invoice.id,
    display_id: invoice.display_id,
    customer_id: invoice.customer_id,
    currency_code: invoice.currency_code,
    status: "open",
    issued_at: invoice.issued_at,
    due_at: invoice.due_at,
    total: invoice.payable_minor,
    amount_paid: 0n,
    amount_pending: 0n,
  }
}

export interface AllocationSettings {
  allow_partial_payments: boolean
  allow_prepayment: boolean
  /** Minor units; 0n means no minimum. */
  minimum_payment: bigint
}

export interface AllocationRequest {
  customer_id: string
  mode: PaymentMode
  currency_code: string
  /** selected_invoices: the invoices to pay. */
  invoice_ids?: string[]
  /** selected_invoices: per-invoice partial amounts (only when partial payments are allowed). */
  amounts?: Record<string, bigint>
  /** fixed_amount: what the customer entered. */
  amount?: bigint
  /** The customer's unapplied credit in this currency; used by total_balance. Defaults to 0n. */
  credit?: bigint
}

export interface Allocation {
  invoice_id: string
  display_id: number
  amount: bigint
}

export interface AllocationResult {
  mode: PaymentMode
  /** Lower-cased, as Medusa stores currency codes. */
  currency_code: string
  /** What will be charged. */
  amount: bigint
  /** Paid from this payment, oldest-first; they sum to `amount - unapplied_amount`. */
  allocations: Allocation[]
  /** Paid from the customer's existing credit (total_balance only; otherwise empty). */
  credit_allocations: Allocation[]
  /** Left over after paying every invoice; becomes credit (fixed_amount with prepayment only). */
  unapplied_amount: bigint
}

/**
 * Why a payment request is refused:
 * - `invalid_request`: a required field is missing or malformed;
 * - `invalid_amount`: an amount is zero or negative;
 * - `partial_payments_not_allowed`: per-invoice amounts while the portal forbids them;
 * - `not_found`: no such invoice for this customer (also drafts and other customers' invoices);
 * - `not_payable`: the invoice is void, paid, or fully covered by pending payments;
 * - `currency_mismatch`: the invoice is in another currency than the payment;
 * - `nothing_payable`: the customer owes nothing (payable) in that currency;
 * - `exceeds_balance`: more than what is payable, and prepayment is off;
 * - `below_minimum`: under the portal's minimum payment.
 */
export type AllocationErrorCode =
  | "invalid_request"
  | "invalid_amount"
  | "partial_payments_not_allowed"
  | "not_found"
  | "not_payable"
  | "currency_mismatch"
  | "nothing_payable"
  | "exceeds_balance"
  | "below_minimum"

/** A refused payment request; `message` is meant for the customer, `field` for the form. */
export class AllocationError extends Error {
  readonly code: AllocationErrorCode
  readonly field: string

  constructor(code: AllocationErrorCode, field: string, message: string) {
    super(message)
    this.name = "AllocationError"
    this.code = code
    this.field = field
  }
}

export type PayableAmounts = Pick<AllocatableInvoice, "total" | "amount_paid" | "amount_pending">

/** What can still be charged on an invoice: its due minus what pending payments already reserve. */
export function payableAmount(invoice: PayableAmounts): bigint {
  const { total, amount_paid: paid, amount_pending: pending } = invoice
  // Most payable invoices have nothing paid or pending yet; skipping the
  // subtraction then saves two BigInt allocations per invoice on large accounts.
  const payable = paid === 0n && pending === 0n ? total : total - paid - pending
  return payable > 0n ? payable : 0n
}

export type OrderableInvoice = Pick<AllocatableInvoice, "id" | "display_id" | "issued_at" | "due_at">

// Missing (or unreadable) dates sort after every real date.
function sortableTime(date: Date | null): number {
  const time = date === null ? Number.NaN : date.getTime()
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// Code-unit order, not localeCompare: the result must not depend on the host's locale.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Oldest-first: by due date, then issue date, then display id, ascending,
 * with missing dates last; the invoice id breaks any remaining tie so the
 * order is total.
 */
export function compareOldestFirst(a: OrderableInvoice, b: OrderableInvoice): number {
  return (
    compareNumbers(sortableTime(a.due_at), sortableTime(b.due_at)) ||
    compareNumbers(sortableTime(a.issued_at), sortableTime(b.issued_at)) ||
    compareNumbers(a.display_id, b.display_id) ||
    compareIds(a.id, b.id)
  )
}

/**
 * Positions of `invoices` in oldest-first order (same order as
 * compareOldestFirst). Sorting is most of the cost of allocating 100k
 * invoices, so the keys are read once into typed arrays and the comparator,
 * called about n·log n times, only reads flat numbers; the id is looked at only
 * when everything else ties. Array#sort is adaptive, so a caller that loads
 * invoices already ordered by (due_at, issued_at, display_id) pays close to
 * linear time.
 */
function oldestFirstOrder(invoices: readonly OrderableInvoice[]): number[] {
  const count = invoices.length
  const due = new Float64Array(count)
  const issued = new Float64Array(count)
  const displayId = new Float64Array(count)
  const order: number[] = new Array(count)
  for (let i = 0; i < count; i++) {
    due[i] = sortableTime(invoices[i].due_at)
    issued[i] = sortableTime(invoices[i].issued_at)
    displayId[i] = invoices[i].display_id
    order[i] = i
  }
  return order.sort(
    (a, b) =>
      compareNumbers(due[a], due[b]) ||
      compareNumbers(issued[a], issued[b]) ||
      compareNumbers(displayId[a], displayId[b]) ||
      compareIds(invoices[a].id, invoices[b].id)
  )
}

/** What `allocate` needs to know about one customer's account in one currency. */
interface CustomerAccount {
  currency: string
  /** Open or partially paid invoices in `currency` with something left to pay, in input order… */
  payableInvoices: AllocatableInvoice[]
  /** …and what each of them can still take (same positions). */
  payableAmounts: bigint[]
  /** Sum of `payableAmounts`. */
  payableTotal: bigint
  /** The customer's invoices among the ids a selected_invoices request names. */
  requested: Map<string, AllocatableInvoice>
}

interface ModeOutcome {
  amount: bigint
  allocations: Allocation[]
  credit_allocations: Allocation[]
  unapplied_amount: bigint
}

function isInCurrency(invoice: AllocatableInvoice, currency: string): boolean {
  // Medusa stores lower-case codes; only pay for toLowerCase when it is not.
  return invoice.currency_code === currency || invoice.currency_code.toLowerCase() === currency
}

/**
 * One pass over everything the caller loaded. Another customer's invoice is
 * skipped here, so from then on it behaves exactly like one that does not exist.
 */
function loadAccount(
  invoices: readonly AllocatableInvoice[],
  customerId: string,
  currency: string,
  requestedIds: ReadonlySet<string>
): CustomerAccount {
  const requested = new Map<string, AllocatableInvoice>()
  const payableInvoices: AllocatableInvoice[] = []
  const payableAmounts: bigint[] = []
  let payableTotal = 0n

  for (const invoice of invoices) {
    if (invoice.customer_id !== customerId) {
      continue
    }
    if (requestedIds.size > 0 && requestedIds.has(invoice.id)) {
      requested.set(invoice.id, invoice)
    }
    if (!isPayableStatus(invoice.status) || !isInCurrency(invoice, currency)) {
      continue
    }
    const amount = payableAmount(invoice)
    if (amount > 0n) {
      payableInvoices.push(invoice)
      payableAmounts.push(amount)
      payableTotal += amount
    }
  }

  return { currency, payableInvoices, payableAmounts, payableTotal, requested }
}

function toAllocation(invoice: AllocatableInvoice, amount: bigint): Allocation {
  return { invoice_id: invoice.id, display_id: invoice.display_id, amount }
}

function describeAmount(minor: bigint, currency: string): string {
  return `${toMajor(minor, currency)} ${currency.toUpperCase()}`
}

function nothingPayable(currency: string): AllocationError {
  return new AllocationError("nothing_payable", "mode", `Nothing is payable in ${currency.toUpperCase()}`)
}

function isBigint(value: unknown): value is bigint {
  return typeof value === "bigint"
}

/** A selected_invoices request whose shape has been checked; the invoices are checked later. */
interface Selection {
  /** Sorted, so that with several problems the one reported never depends on the client's order. */
  ids: string[]
  partialAmounts: Map<string, bigint>
}

function readSelection(req: AllocationRequest, settings: AllocationSettings): Selection {
  const requestedIds = req.invoice_ids
  if (!Array.isArray(requestedIds) || requestedIds.length === 0) {
    throw new AllocationError("invalid_request", "invoice_ids", "invoice_ids must list at least one invoice")
  }
  const ids = [...requestedIds].sort(compareIds)
  for (let i = 1; i < ids.length; i++) {
    if (ids[i] === ids[i - 1]) {
      throw new AllocationError("invalid_request", "invoice_ids", `Invoice ${ids[i]} is listed more than once`)
    }
  }
  return { ids, partialAmounts: readPartialAmounts(req.amounts, new Set(ids), settings) }
}

/** Per-invoice amounts, checked in key order. An empty object counts as "no partial amounts". */
function readPartialAmounts(
  amounts: Record<string, bigint> | undefined,
  selectedIds: ReadonlySet<string>,
  settings: AllocationSettings
): Map<string, bigint> {
  const entries = amounts == null ? [] : Object.entries(amounts)
  if (entries.length === 0) {
    return new Map()
  }
  if (!settings.allow_partial_payments) {
    throw new AllocationError("partial_payments_not_allowed", "amounts", "Partial payments are not allowed")
  }
  entries.sort(([a], [b]) => compareIds(a, b))
  for (const [invoiceId, amount] of entries) {
    if (!selectedIds.has(invoiceId)) {
      throw new AllocationError(
        "invalid_request",
        "amounts",
        `amounts lists invoice ${invoiceId}, which is not in invoice_ids`
      )
    }
    if (!isBigint(amount)) {
      throw new AllocationError(
        "invalid_request",
        "amounts",
        `The amount for invoice ${invoiceId} must be a whole number of minor units`
      )
    }
  }
  return new Map(entries)
}

function invoiceNotFound(id: string): AllocationError {
  return new AllocationError("not_found", "invoice_ids", `Invoice ${id} was not found`)
}

/** Why a selected invoice of the customer cannot take this payment, or null when it can. */
function refusalReason(invoice: AllocatableInvoice, currency: string): AllocationError | null {
  const label = formatDisplayId(invoice.display_id)
  if (!isPayableStatus(invoice.status)) {
    const state = invoice.status === "paid" ? "is paid" : invoice.status === "void" ? "is void" : "cannot be paid"
    return new AllocationError("not_payable", "invoice_ids", `Invoice ${label} ${state}`)
  }
  if (!isInCurrency(invoice, currency)) {
    return new AllocationError(
      "currency_mismatch",
      "invoice_ids",
      `Invoice ${label} is in ${invoice.currency_code.toUpperCase()}, but the payment is in ${currency.toUpperCase()}`
    )
  }
  if (payableAmount(invoice) <= 0n) {
    return new AllocationError("not_payable", "invoice_ids", `Invoice ${label} has nothing left to pay`)
  }
  return null
}

function allocateSelectedInvoices(account: CustomerAccount, selection: Selection): ModeOutcome {
  const chosen: AllocatableInvoice[] = []
  const shares: bigint[] = []
  let amount = 0n
  for (const id of selection.ids) {
    const invoice = account.requested.get(id)
    // Customers never see drafts, so a draft is reported exactly like a missing invoice.
    if (invoice === undefined || invoice.status === "draft") {
      throw invoiceNotFound(id)
    }
    const refusal = refusalReason(invoice, account.currency)
    if (refusal !== null) {
      throw refusal
    }

    const payable = payableAmount(invoice)
    const partial = selection.partialAmounts.get(id)
    if (partial !== undefined) {
      const label = formatDisplayId(invoice.display_id)
      if (partial <= 0n) {
        throw new AllocationError("invalid_amount", "amounts", `The amount for invoice ${label} must be greater than 0`)
      }
      if (partial > payable) {
        throw new AllocationError(
          "exceeds_balance",
          "amounts",
          `The amount for invoice ${label} exceeds its payable amount of ${describeAmount(payable, account.currency)}`
        )
      }
    }
    const share = partial ?? payable
    chosen.push(invoice)
    shares.push(share)
    amount += share
  }

  const allocations = oldestFirstOrder(chosen).map((i) => toAllocation(chosen[i], shares[i]))
  return { amount, allocations, credit_allocations: [], unapplied_amount: 0n }
}

/** The request's credit, checked: a non-negative amount (0n when absent). */
function requestCredit(req: AllocationRequest): bigint {
  const credit = req.credit ?? 0n
  if (!isBigint(credit) || credit < 0n) {
    throw new AllocationError("invalid_request", "credit", "credit must be a non-negative amount")
  }
  return credit
}

/** total_balance: the credit it uses up first and what is charged for the rest. */
function totalBalanceAmounts(payableTotal: bigint, req: AllocationRequest, currency: string) {
  const creditUsed = minBig(requestCredit(req), payableTotal)
  const amount = payableTotal - creditUsed
  if (amount <= 0n) {
    throw nothingPayable(currency)
  }
  return { creditUsed, amount }
}

/** fixed_amount: the entered amount, checked against the payable total and the prepayment setting. */
function fixedAmount(payableTotal: bigint, req: AllocationRequest, settings: AllocationSettings, currency: string): bigint {
  const amount = req.amount
  if (amount == null) {
    throw new AllocationError("invalid_request", "amount", "amount is required")
  }
  if (!isBigint(amount)) {
    throw new AllocationError("invalid_request", "amount", "amount must be a whole number of minor units")
  }
  if (amount <= 0n) {
    throw new AllocationError("invalid_amount", "amount", "amount must be greater than 0")
  }
  if (amount > payableTotal && !settings.allow_prepayment) {
    if (payableTotal === 0n) {
      throw nothingPayable(currency)
    }
    throw new AllocationError(
      "exceeds_balance",
      "amount",
      `amount exceeds the payable balance of ${describeAmount(payableTotal, currency)}`
    )
  }
  return amount
}

/**
 * Everything payable, oldest-first. Existing credit is used up first, so the
 * customer is only charged for what the credit does not cover.
 */
function allocateTotalBalance(account: CustomerAccount, req: AllocationRequest): ModeOutcome {
  const { creditUsed, amount } = totalBalanceAmounts(account.payableTotal, req, account.currency)

  const allocations: Allocation[] = []
  const creditAllocations: Allocation[] = []
  let creditLeft = creditUsed
  for (const i of oldestFirstOrder(account.payableInvoices)) {
    const invoice = account.payableInvoices[i]
    const payable = account.payableAmounts[i]
    const fromCredit = minBig(payable, creditLeft)
    if (fromCredit > 0n) {
      creditAllocations.push(toAllocation(invoice, fromCredit))
      creditLeft -= fromCredit
    }
    const fromPayment = fromCredit === 0n ? payable : payable - fromCredit
    if (fromPayment > 0n) {
      allocations.push(toAllocation(invoice, fromPayment))
    }
  }
  return { amount, allocations, credit_allocations: creditAllocations, unapplied_amount: 0n }
}

type RecencyKeys = Pick<AllocatableInvoice, "id" | "display_id" | "issued_at">

// Undated invoices count as the least recently issued.
function issuedTime(invoice: RecencyKeys): number {
  const time = invoice.issued_at === null ? Number.NaN : invoice.issued_at.getTime()
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time
}

/** Most recently issued first: issue date, then display id, then id, descending. */
function compareMostRecentFirst(a: RecencyKeys, b: RecencyKeys): number {
  return (
    compareNumbers(issuedTime(b), issuedTime(a)) ||
    compareNumbers(b.display_id, a.display_id) ||
    compareIds(b.id, a.id)
  )
}

/** The most recently issued payable invoice, in full. */
function allocateCurrentCharges(account: CustomerAccount): ModeOutcome {
  const { payableInvoices, payableAmounts } = account
  let latest = -1
  for (let i = 0; i < payableInvoices.length; i++) {
    if (latest < 0 || compareMostRecentFirst(payableInvoices[i], payableInvoices[latest]) < 0) {
      latest = i
    }
  }
  if (latest < 0) {
    throw nothingPayable(account.currency)
  }
  return {
    amount: payableAmounts[latest],
    allocations: [toAllocation(payableInvoices[latest], payableAmounts[latest])],
    credit_allocations: [],
    unapplied_amount: 0n,
  }
}

/** The entered amount, oldest-first, partial on the last invoice it reaches. */
function allocateFixedAmount(
  account: CustomerAccount,
  req: AllocationRequest,
  settings: AllocationSettings
): ModeOutcome {
  const amount = fixedAmount(account.payableTotal, req, settings, account.currency)
  const allocations: Allocation[] = []
  let remaining = amount
  for (const i of oldestFirstOrder(account.payableInvoices)) {
    if (remaining === 0n) {
      break
    }
    const share = minBig(account.payableAmounts[i], remaining)
    allocations.push(toAllocation(account.payableInvoices[i], share))
    remaining -= share
  }
  return { amount, allocations, credit_allocations: [], unapplied_amount: remaining }
}

/**
 * The portal's minimum payment, except for a payment that (with the credit it
 * uses) pays off everything payable: a customer can always clear the account,
 * and paying more than that is never worse for the business.
 */
function enforceMinimum(outcome: ModeOutcome, account: CustomerAccount, settings: AllocationSettings): void {
  if (settings.minimum_payment <= 0n || outcome.amount >= settings.minimum_payment) {
    return // no minimum to check: skip adding up the credit
  }
  let creditUsed = 0n
  for (const credit of outcome.credit_allocations) {
    creditUsed += credit.amount
  }
  checkMinimum(outcome.amount, creditUsed, account.payableTotal, settings, account.currency)
}

function checkMinimum(amount: bigint, creditUsed: bigint, payableTotal: bigint, settings: AllocationSettings, currency: string): void {
  const minimum = settings.minimum_payment
  if (minimum <= 0n || amount >= minimum) {
    return
  }
  const paysOffEverything = payableTotal > 0n && amount + creditUsed >= payableTotal
  if (!paysOffEverything) {
    throw new AllocationError("below_minimum", "amount", `The minimum payment is ${describeAmount(minimum, currency)}`)
  }
}

const NO_IDS: ReadonlySet<string> = new Set()

/** The request's mode and currency, checked; the currency lower-cased. */
function requestCurrency(req: Pick<AllocationRequest, "mode" | "currency_code">): string {
  if (!PAYMENT_MODES.includes(req.mode)) {
    throw new AllocationError("invalid_request", "mode", `mode must be one of ${PAYMENT_MODES.join(", ")}`)
  }
  if (typeof req.currency_code !== "string" || req.currency_code === "") {
    throw new AllocationError("invalid_request", "currency_code", "currency_code is required")
  }
  return req.currency_code.toLowerCase()
}

/**
 * Decides what a payment request charges and which invoices it pays.
 *
 * `invoices` may hold anything the caller loaded for the customer: other
 * currencies, drafts, paid and void invoices, even other customers' invoices
 * (ignored as if they did not exist). Each invoice must appear once: checking
 * for repeats would cost a hash lookup per invoice, and a repeated row is a
 * bug in the caller's query, not something a customer can cause.
 * Throws `AllocationError` for any request the customer must correct.
 */
export function allocate(
  invoices: readonly AllocatableInvoice[],
  req: AllocationRequest,
  settings: AllocationSettings
): AllocationResult {
  const currency = requestCurrency(req)

  // The request's own mistakes are reported before anything about the invoices.
  const selection = req.mode === "selected_invoices" ? readSelection(req, settings) : undefined
  const account = loadAccount(invoices, req.customer_id, currency, selection ? new Set(selection.ids) : NO_IDS)

  let outcome: ModeOutcome
  if (selection !== undefined) {
    outcome = allocateSelectedInvoices(account, selection)
  } else if (req.mode === "total_balance") {
    outcome = allocateTotalBalance(account, req)
  } else if (req.mode === "current_charges") {
    outcome = allocateCurrentCharges(account)
  } else {
    outcome = allocateFixedAmount(account, req, settings)
  }

  // Every mode already refuses an empty payment; this keeps the invariant for modes added later.
  if (outcome.amount <= 0n) {
    throw nothingPayable(currency)
  }
  enforceMinimum(outcome, account, settings)

  return { mode: req.mode, currency_code: currency, ...outcome }
}

/** DESIGN sec. 5: previews and payment answers list at most this many allocations unless asked for more (up to MAX_ALLOCATIONS_LIMIT). */
export const DEFAULT_ALLOCATIONS_LIMIT = 100
export const MAX_ALLOCATIONS_LIMIT = 1000

/**
 * A payment as a preview shows it: the whole payment's amount, its first
 * `limit` allocations (oldest first) and how many there are.
 */
export interface AllocationPreview {
  mode: PaymentMode
  currency_code: string
  amount: bigint
  allocations: Allocation[]
  allocation_count: number
  credit_allocations: Allocation[]
  unapplied_amount: bigint
}

/** The preview of a decided allocation: its first `limit` allocations. */
export function previewOf(result: AllocationResult, limit: number = DEFAULT_ALLOCATIONS_LIMIT): AllocationPreview {
  return {
    mode: result.mode,
    currency_code: result.currency_code,
    amount: result.amount,
    allocations: result.allocations.slice(0, limit),
    allocation_count: result.allocations.length,
    credit_allocations: result.credit_allocations,
    unapplied_amount: result.unapplied_amount,
  }
}

/**
 * What a current_charges preview needs of the customer's payable invoices:
 * the most recently issued one (issue date, then display id, descending;
 * undated last) and the payable total (for the minimum payment).
 */
export interface LatestPayable {
  total: bigint
  latest: { invoice_id: string; display_id: number; payable: bigint } | null
}

/** `LatestPayable` from every payable invoice (the reference the SQL is tested against). */
export function latestPayable(invoices: readonly PayableInvoice[]): LatestPayable {
  let total = 0n
  let latest: PayableInvoice | null = null
  for (const invoice of invoices) {
    if (invoice.payable_minor <= 0n) continue
    total += invoice.payable_minor
    if (latest === null || compareMostRecentFirst(invoice, latest) < 0) latest = invoice
  }
  return { total, latest: latest && { invoice_id: latest.id, display_id: latest.display_id, payable: latest.payable_minor } }
}

/**
 * A current_charges preview from the latest payable invoice and the total:
 * the same answer, refusals included, as `previewOf(allocate(every invoice), limit)`.
 */
export function previewCurrentCharges(summary: LatestPayable, req: AllocationRequest, settings: AllocationSettings, limit: number): AllocationPreview {
  const currency = requestCurrency(req)
  if (req.mode !== "current_charges") {
    throw new AllocationError("invalid_request", "mode", `${req.mode} is not previewed from the latest invoice`)
  }
  if (summary.latest === null) {
    throw nothingPayable(currency)
  }
  const { invoice_id, display_id, payable: amount } = summary.latest
  checkMinimum(amount, 0n, summary.total, settings, currency)
  return {
    mode: req.mode,
    currency_code: currency,
    amount,
    allocations: [{ invoice_id, display_id, amount }].slice(0, limit),
    allocation_count: 1,
    credit_allocations: [],
    unapplied_amount: 0n,
  }
}

/** The modes a preview can take from a payable window instead of every invoice. */
export type WindowMode = "total_balance" | "fixed_amount"

export function isWindowMode(mode: PaymentMode): mode is WindowMode {
  return mode === "total_balance" || mode === "fixed_amount"
}

/** What a payable window is asked for: the credit to use first, the amount that caps it, and the row limit. */
export interface PayableWindowQuery {
  /** total_balance: the customer's credit (used up first); fixed_amount: 0n. */
  credit: bigint
  /** fixed_amount: the entered amount; total_balance: null (everything payable). */
  cap: bigint | null
  limit: number
}

/** One payable invoice of a window, with where it ends in the oldest-first running sum. */
export interface PayableWindowRow {
  invoice_id: string
  display_id: number
  payable: bigint
  /** The running sum of payable amounts, oldest first, through this invoice. */
  end: bigint
}

/**
 * The part of a customer's payable invoices (oldest first, as one running
 * sum) that a total_balance or fixed_amount preview needs, with
 * lo = min(credit, total) and hi = cap ?? total, an invoice spanning
 * [end − payable, end):
 * - `total`: the sum of every payable invoice;
 * - `rows`: every invoice starting below lo (paid from credit), then the
 *   first `limit` invoices that reach into (lo, hi) (paid by the payment);
 * - `pay_count`: how many invoices reach into (lo, hi).
 * PostgreSQL computes it with window sums (invoicing repository,
 * `selectPayableWindow`); `payableWindow` below is the same in JavaScript,
 * and the tests prove both equal to `allocate`.
 */
export interface PayableWindow {
  total: bigint
  rows: PayableWindowRow[]
  pay_count: number
}

/** `PayableWindow` from every payable invoice (the reference the SQL is tested against). */
export function payableWindow(invoices: readonly PayableInvoice[], query: PayableWindowQuery): PayableWindow {
  const payable = invoices.filter((invoice) => invoice.payable_minor > 0n)
  let total = 0n
  for (const invoice of payable) {
    total += invoice.payable_minor
  }
  const lo = minBig(query.credit, total)
  const hi = query.cap ?? total
  const rows: PayableWindowRow[] = []
  let end = 0n
  let payCount = 0
  for (const i of oldestFirstOrder(payable)) {
    const invoice = payable[i]
    const start = end
    end += invoice.payable_minor
    const fromCredit = start < lo
    const pays = end > lo && start < hi
    if (pays) payCount++
    if (fromCredit || (pays && payCount <= query.limit)) {
      rows.push({ invoice_id: invoice.id, display_id: invoice.display_id, payable: invoice.payable_minor, end })
    }
  }
  return { total, rows, pay_count: payCount }
}

/**
 * The query a total_balance or fixed_amount preview needs from the
 * database. Checks nothing: `previewFromWindow` refuses what `allocate` would.
 */
export function payableWindowQuery(req: AllocationRequest, limit: number): PayableWindowQuery {
  const credit = req.mode === "total_balance" && isBigint(req.credit) && req.credit > 0n ? req.credit : 0n
  const cap = req.mode === "fixed_amount" && isBigint(req.amount) ? req.amount : null
  return { credit, cap, limit }
}

/**
 * A total_balance or fixed_amount preview from a payable window: the same
 * answer, refusals included, as `previewOf(allocate(every invoice), limit)`
 * (the unit tests compare them on generated accounts).
 */
export function previewFromWindow(
  window: PayableWindow,
  req: AllocationRequest,
  settings: AllocationSettings,
  limit: number
): AllocationPreview {
  const currency = requestCurrency(req)
  if (!isWindowMode(req.mode)) {
    throw new AllocationError("invalid_request", "mode", `${req.mode} is not previewed from a payable window`)
  }
  const { total } = window
  let amount: bigint
  let lo = 0n
  let hi: bigint
  if (req.mode === "total_balance") {
    const decided = totalBalanceAmounts(total, req, currency)
    amount = decided.amount
    lo = decided.creditUsed
    hi = total
  } else {
    amount = fixedAmount(total, req, settings, currency)
    hi = amount
  }
  const allocations: Allocation[] = []
  const creditAllocations: Allocation[] = []
  for (const row of window.rows) {
    const start = row.end - row.payable
    if (start < lo) {
      creditAllocations.push({ invoice_id: row.invoice_id, display_id: row.display_id, amount: minBig(row.end, lo) - start })
    }
    if (row.end > lo && start < hi && allocations.length < limit) {
      allocations.push({ invoice_id: row.invoice_id, display_id: row.display_id, amount: minBig(row.end, hi) - maxBig(start, lo) })
    }
  }
  if (amount <= 0n) {
    throw nothingPayable(currency)
  }
  checkMinimum(amount, lo, total, settings, currency)
  return {
    mode: req.mode,
    currency_code: currency,
    amount,
    allocations,
    allocation_count: window.pay_count,
    credit_allocations: creditAllocations,
    unapplied_amount: amount > total ? amount - total : 0n,
  }
}
