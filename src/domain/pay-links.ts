/**
 * Pay links (DESIGN sec. 11 and 15), pure: when a link expires, whether it
 * can still be used, what a payment through it may ask for, whether an
 * expired one is worth replacing, and where its page is. No clock: `now` is
 * passed in. Money is integer minor units.
 *
 * A pay link lets whoever holds its token pay a fixed set of one customer's
 * invoices in one currency without a login. It is reusable (a declined card
 * does not spend it) until those invoices are paid or voided, it expires, or
 * a newer link for the same invoices replaces it.
 */
import { createHash } from "crypto"
import type { PaymentMode } from "./allocation"
import { businessDay, DEFAULT_TIME_ZONE, startOfBusinessDay } from "./business-day"
import { paymentRequestHash, type PaymentRequestIdentity } from "./idempotency"
import { isPayableStatus, type InvoiceStatus } from "./invoice-status"

export const DAY_MS = 24 * 60 * 60 * 1000

/** The plugin option `payLinks` (DESIGN sec. 3). */
export type PayLinkLimits = {
  /** days a link stays valid after its invoices' latest due date */
  maxDaysAfterDue: number
  /** days a link stays valid at most after it was made */
  maxDays: number
}

export const DEFAULT_PAY_LINK_LIMITS: PayLinkLimits = { maxDaysAfterDue: 30, maxDays: 90 }

/**
 * When a link made at `now` for invoices due on `dueDates` stops working:
 * `maxDaysAfterDue` days after the latest due date — as the business's
 * calendar counts them, so a link for an invoice due on Jan 15 works through
 * Feb 13 where the business is (`timeZone`) — and never later than `maxDays`
 * days after `now`. A due date already past counts as `now`, so an overdue
 * invoice sent as a reminder gets a link that works for `maxDaysAfterDue`
 * days rather than one born expired. Without any due date, the link lasts
 * `maxDays`.
 */
export function payLinkExpiresAt(
  dueDates: readonly (Date | null | undefined)[],
  now: Date,
  limits: PayLinkLimits,
  timeZone: string = DEFAULT_TIME_ZONE
): Date {
  const start = now.getTime()
  const cap = start + limits.maxDays * DAY_MS
  const after = limits.maxDaysAfterDue * DAY_MS
  let latest: number | null = null
  for (const date of dueDates) {
    const time = date ? date.getTime() : Number.NaN
    if (Number.isNaN(time)) continue
    latest = latest === null ? time : Math.max(latest, time)
  }
  if (latest === null) return new Date(cap)
  // A due date is a calendar day stored as its midnight UTC: that day begins where the business is.
  const end = latest + after
  const midnightUtc = end - (((end % DAY_MS) + DAY_MS) % DAY_MS)
  const afterDue = end + (startOfBusinessDay(new Date(midnightUtc), timeZone).getTime() - midnightUtc)
  return new Date(Math.min(Math.max(afterDue, start + after), cap))
}

/**
 * The last day a link works, on the business's calendar (as a midnight UTC,
 * the way dates are printed): the day of its last millisecond. A link that
 * expires at midnight where the business is works through the day before.
 */
export function payLinkLastDay(expiresAt: Date, timeZone: string = DEFAULT_TIME_ZONE): Date {
  return businessDay(new Date(expiresAt.getTime() - 1), timeZone)
}

/** What a link's state reads from its row. */
export type PayLinkState = {
  customer_id: string
  currency_code: string
  invoice_ids: readonly string[]
  expires_at: Date
  revoked_at: Date | null
}

/** What a link's state reads from one of its invoices (amounts in minor units). */
export type PayLinkInvoice = {
  id: string
  customer_id: string
  currency_code: string
  status: InvoiceStatus
  amount_due: bigint
}

/**
 * `usable`; `revoked` (a newer link replaced it); `expired`; `settled` (none
 * of its invoices is left to pay: paid, voided, or gone). Checked in that
 * order. Every answer but `usable` looks the same from outside.
 */
export type PayLinkStatus = "usable" | "revoked" | "expired" | "settled"

/**
 * The link's invoices that can still be paid through it: listed on the link,
 * the link's customer's and currency's (anything else never counts, whatever
 * the caller loaded), open or partially paid, with something due. In the
 * link's order.
 */
export function payableLinkInvoices<I extends PayLinkInvoice>(link: PayLinkState, invoices: readonly I[]): I[] {
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]))
  const currency = link.currency_code.toLowerCase()
  const out: I[] = []
  for (const id of new Set(link.invoice_ids)) {
    const invoice = byId.get(id)
    if (!invoice) continue
    if (invoice.customer_id !== link.customer_id || invoice.currency_code.toLowerCase() !== currency) continue
    if (!isPayableStatus(invoice.status) || invoice.amount_due <= 0n) continue
    out.push(invoice)
  }
  return out
}

export function payLinkStatus(link: PayLinkState, invoices: readonly PayLinkInvoice[], now: Date): PayLinkStatus {
  if (link.revoked_at) return "revoked"
  if (link.expires_at.getTime() <= now.getTime()) return "expired"
  return payableLinkInvoices(link, invoices).length ? "usable" : "settled"
}

export const isPayLinkUsable = (link: PayLinkState, invoices: readonly PayLinkInvoice[], now: Date) =>
  payLinkStatus(link, invoices, now) === "usable"

/**
 * What is left on a link's payable invoices (minor units): due, already on
 * its way (pending payments), and what can still be paid now.
 */
export function payLinkTotals(
  link: PayLinkState,
  invoices: readonly (PayLinkInvoice & { amount_pending: bigint })[]
): { amount_due: bigint; amount_pending: bigint; amount_payable: bigint } {
  let due = 0n
  let pending = 0n
  let payable = 0n
  for (const invoice of payableLinkInvoices(link, invoices)) {
    due += invoice.amount_due
    pending += invoice.amount_pending
    const left = invoice.amount_due - invoice.amount_pending
    if (left > 0n) payable += left
  }
  return { amount_due: due, amount_pending: pending, amount_payable: payable }
}

/** The one answer for every link that cannot be used, whatever the reason. */
export const PAY_LINK_NOT_FOUND = "This payment link is no longer valid"

/** The payment modes a link offers: its invoices chosen one by one, or all of them. */
export const PAY_LINK_MODES = ["selected_invoices", "total_balance"] as const satisfies readonly PaymentMode[]

/** A payment request through a link, as far as the link limits it. */
export type PayLinkRequest = {
  mode: string
  currency_code: string
  invoice_ids?: readonly string[]
  amount?: unknown
}

/** A request the link does not allow; `message` names the field. 400. */
export class PayLinkRequestError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(`${field}: ${message}`)
    this.name = "PayLinkRequestError"
  }
}

/**
 * Throws PayLinkRequestError unless the request stays within the link: one of
 * the link's modes (`total_balance` then means the link's invoices, never
 * the whole account), the link's currency, only the link's invoices, no
 * free amount (no prepayment, no fixed amount). Whether each invoice can
 * still take the payment is the allocation's to say.
 */
export function checkPayLinkRequest(link: PayLinkState, request: PayLinkRequest): void {
  if (!(PAY_LINK_MODES as readonly string[]).includes(request.mode)) {
    throw new PayLinkRequestError("mode", `a payment link pays ${PAY_LINK_MODES.join(" or ")}`)
  }
  if (request.currency_code.toLowerCase() !== link.currency_code.toLowerCase()) {
    throw new PayLinkRequestError("currency_code", `this payment link is for ${link.currency_code.toUpperCase()} invoices`)
  }
  if (request.amount !== undefined && request.amount !== null) {
    throw new PayLinkRequestError("amount", "a payment link pays its invoices, not a chosen amount")
  }
  if (request.mode === "selected_invoices") {
    const own = new Set(link.invoice_ids)
    for (const id of request.invoice_ids ?? []) {
      // the same words whether the invoice exists elsewhere or not at all
      if (!own.has(id)) throw new PayLinkRequestError("invoice_ids", `${id} is not one of this payment link's invoices`)
    }
  }
}

/**
 * The request hash of a payment through a link: the request's meaning
 * (`paymentRequestHash`) bound to the link, so one Idempotency-Key replayed
 * through another link of the same customer is a different request (409),
 * never the first link's payment.
 */
export function payLinkPaymentRequestHash(payLinkId: string, request: PaymentRequestIdentity): string {
  return createHash("sha256").update(`pay_link:${payLinkId}:${paymentRequestHash(request)}`).digest("hex")
}

/** How long after a link for some invoices was made no other one is mailed for them on request. */
export const PAY_LINK_RESEND_COOLDOWN_MS = 10 * 60 * 1000

export type PayLinkResendDecision =
  | { send: true; invoice_ids: string[] }
  | { send: false; reason: "usable" | "settled" | "replaced" | "too_soon" }

/**
 * "Email me a new link" on a link: only when it expired (and was not
 * replaced since) and some of its invoices are still payable — then a new
 * link for those. A replaced (revoked) link never asks for another: its
 * replacement was mailed when it was made, and each new link revokes the
 * customer's current one, so an old token held by anyone could otherwise
 * rotate the live link and mail the customer again and again. A resend
 * revokes the expired link it answers, so one expired link yields one new
 * one. Not again within the cool-down after the newest link for those
 * invoices was made (a double click).
 */
export function payLinkResendDecision(
  link: PayLinkState,
  invoices: readonly PayLinkInvoice[],
  newestLinkCreatedAt: Date | null,
  now: Date,
  cooldownMs = PAY_LINK_RESEND_COOLDOWN_MS
): PayLinkResendDecision {
  const payable = payableLinkInvoices(link, invoices)
  if (!payable.length) return { send: false, reason: "settled" }
  if (link.revoked_at) return { send: false, reason: "replaced" }
  if (payLinkStatus(link, invoices, now) === "usable") return { send: false, reason: "usable" }
  if (newestLinkCreatedAt && now.getTime() - newestLinkCreatedAt.getTime() < cooldownMs) {
    return { send: false, reason: "too_soon" }
  }
  return { send: true, invoice_ids: payable.map((invoice) => invoice.id) }
}

/**
 * The pay page a link's email opens, with the token in the fragment (never
 * sent to a server, so no log or Referer carries it): the hosted portal's
 * `<origin of portalUrl><hostedPortalPath>/pay#token=…`, or, when the plugin
 * serves no portal (`hostedPortalPath` null), the storefront's
 * `<portalUrl>/pay#token=…`.
 */
export function payLinkUrl(portalUrl: string, hostedPortalPath: string | null, token: string): string {
  const fragment = `/pay#token=${encodeURIComponent(token)}`
  if (hostedPortalPath === null) return `${portalUrl.replace(/[?#].*$/, "").replace(/\/+$/, "")}${fragment}`
  const path = `/${hostedPortalPath.replace(/^\/+|\/+$/g, "")}`.replace(/^\/$/, "")
  return `${originOf(portalUrl)}${path}${fragment}`
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.origin && parsed.origin !== "null") return parsed.origin
  } catch {
    // not an absolute URL: use what precedes its path
  }
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(url)
  return match ? match[1] : ""
}
