import { MedusaError } from "@medusajs/framework/utils"
import { formatDisplayId } from "../../../../domain/invoice-status"
import { MoneyError, sumMinor, toMinor } from "../../../../domain/money"
import { planRefundAfter } from "../../../../domain/refund"
import type InvoicingModuleService from "../../../../modules/invoicing/service"
import { refundAmountMessage } from "../../../../modules/invoicing/rules"
import { majorNumber, minorFromField } from "../../../../utils/money"

const money = (record: Record<string, any>, field: string, currency: string) => minorFromField(record, field, currency)

/** The invoices a payment's allocations name, in one query, by id. */
export async function loadAllocationInvoices(invoicing: InvoicingModuleService, invoiceIds: string[]) {
  const ids = [...new Set(invoiceIds.filter(Boolean))]
  if (!ids.length) return new Map<string, any>()
  const invoices = await invoicing.listInvoices({ id: ids } as any, {
    select: ["id", "display_id", "status", "currency_code", "due_at", "issued_at", "amount_due", "total"],
  })
  return new Map(invoices.map((i: any) => [i.id, i]))
}

/**
 * What may still be refunded on a payment, minor units: the amount less what
 * was refunded and less refunds begun but not yet recorded (the refund
 * workflow's own rule). 0 for a payment that has not succeeded.
 */
export function refundableNow(payment: Record<string, any>, pendingRefunds: Record<string, any>[]): bigint {
  if (payment.status !== "succeeded") return 0n
  const c = payment.currency_code
  const left =
    money(payment, "amount", c) -
    money(payment, "refunded_amount", c) -
    sumMinor(pendingRefunds.map((r) => money(r, "amount", c)))
  return left > 0n ? left : 0n
}

export type TimelineEvent = {
  type: string
  at: string
  label: string
  amount: number | null
  detail: string | null
}

const SOURCE_LABELS: Record<string, string> = {
  portal: "Paid in the customer portal",
  pay_link: "Paid through a pay link",
  autopay: "Charged by autopay",
  admin: "Recorded by an admin",
}

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d))

/**
 * A payment's history from what the database records: its own timestamps,
 * the ledger entries that reference it (payment, reversal) and its refunds
 * (requested, then the ledger's refund entry). Oldest first.
 */
export function buildPaymentTimeline(
  payment: Record<string, any>,
  ledger: Record<string, any>[],
  refunds: Record<string, any>[]
): TimelineEvent[] {
  const c = payment.currency_code
  const events: TimelineEvent[] = [
    {
      type: "created",
      at: iso(payment.created_at),
      label: "Payment created",
      amount: majorNumber(money(payment, "amount", c), c),
      detail: SOURCE_LABELS[payment.source] ?? null,
    },
  ]
  const entry = (type: string, referenceId: string) =>
    ledger.find((e) => e.type === type && e.reference_id === referenceId)
  switch (payment.status) {
    case "pending":
    case "processing":
      events.push({
        type: "processing",
        at: iso(payment.updated_at ?? payment.created_at),
        label: payment.status === "processing" ? "Processing" : "Awaiting confirmation",
        amount: null,
        detail: payment.method === "us_bank_account" ? "Bank payments take a few business days to clear" : null,
      })
      break
    case "failed":
      events.push({
        type: "failed",
        at: iso(payment.completed_at ?? payment.updated_at),
        label: "Payment failed",
        amount: null,
        detail: payment.failure_reason ?? null,
      })
      break
    case "canceled":
      events.push({ type: "canceled", at: iso(payment.updated_at), label: "Payment canceled", amount: null, detail: null })
      break
  }
  const posted = entry("payment", payment.id)
  if (posted || payment.status === "succeeded" || payment.status === "reversed") {
    events.push({
      type: "succeeded",
      at: iso(posted?.occurred_at ?? payment.completed_at ?? payment.updated_at),
      label: "Payment succeeded",
      amount: majorNumber(money(payment, "amount", c), c),
      detail: posted?.description ?? null,
    })
  }
  const reversal = entry("payment_reversal", payment.id)
  if (reversal || payment.status === "reversed") {
    events.push({
      type: "reversed",
      at: iso(reversal?.occurred_at ?? payment.updated_at),
      label: "Payment reversed",
      amount: reversal ? majorNumber(money(reversal, "amount", c), c) : null,
      detail: reversal?.description ?? payment.failure_reason ?? null,
    })
  }
  for (const refund of refunds) {
    const amount = majorNumber(money(refund, "amount", c), c)
    events.push({
      type: "refund_requested",
      at: iso(refund.created_at),
      label: "Refund requested",
      amount,
      detail: refund.reason ?? null,
    })
    const recorded = entry("refund", refund.id)
    if (recorded || refund.status === "succeeded") {
      events.push({
        type: "refunded",
        at: iso(recorded?.occurred_at ?? refund.completed_at ?? refund.updated_at),
        label: "Refunded",
        amount,
        detail: refund.reason ?? null,
      })
    }
  }
  // stable: events at the same instant keep the lifecycle order above
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i)
    .map(({ e }) => e)
}

export type RefundPreview = {
  amount: number
  currency_code: string
  refundable_amount: number
  /** taken out of the credit the payment left unapplied */
  from_credit: number
  /** invoices that are owed again, most recently due first */
  reopens: { invoice_id: string; display_id: number; number: string; amount: number; amount_due_after: number }[]
  /** other unapplied credit the customer holds in this currency: the ledger applies it to the reopened invoices */
  customer_credit: number
}

/**
 * What a refund of `amountText` (major units; everything refundable when
 * null) would do, decided the way the refund workflow decides it
 * (`planRefund`: the payment's credit first, then its applied allocations,
 * most recently due invoice first), without writing anything. The same 400
 * messages as the refund itself for an amount it would refuse.
 */
export async function previewRefund(
  invoicing: InvoicingModuleService,
  paymentId: string,
  amountText: string | null
): Promise<RefundPreview> {
  const payment: any = await invoicing.retrieveCustomerPayment(paymentId, { relations: ["allocations"] })
  const c = payment.currency_code
  if (payment.status !== "succeeded") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Only succeeded payments can be refunded; this one is ${payment.status}`)
  }
  const pending = await invoicing.listCustomerPaymentRefunds({ customer_payment_id: payment.id, status: "pending" } as any, {
    select: ["id", "amount", "created_at"],
    order: { created_at: "ASC" },
  })
  const available = refundableNow(payment, pending)
  if (available <= 0n) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The payment is already fully refunded")
  let amount = available
  if (amountText !== null) {
    try {
      amount = toMinor(amountText, c, "amount")
    } catch (e) {
      if (e instanceof MoneyError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      throw e
    }
    if (amount <= 0n || amount > available) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, refundAmountMessage(available, c))
    }
  }
  const applied = (payment.allocations ?? []).filter((a: any) => a.status === "applied" && !a.deleted_at)
  const invoices = await loadAllocationInvoices(
    invoicing,
    applied.map((a: any) => a.invoice_id)
  )
  const time = (d: unknown) => (d ? new Date(d as any).getTime() : Number.POSITIVE_INFINITY)
  // the order of allocationsRepo.selectAppliedForRefund: due_at DESC NULLS FIRST, issued_at DESC NULLS FIRST, display_id DESC
  const ordered = [...applied].sort((a: any, b: any) => {
    const ia = invoices.get(a.invoice_id) ?? {}
    const ib = invoices.get(b.invoice_id) ?? {}
    return (
      time(ib.due_at) - time(ia.due_at) ||
      time(ib.issued_at) - time(ia.issued_at) ||
      Number(ib.display_id ?? 0) - Number(ia.display_id ?? 0)
    )
  })
  // refunds the provider made that are still being recorded take their share first, as recording them will
  const plan = planRefundAfter(
    pending.map((r: any) => money(r, "amount", c)),
    amount,
    money(payment, "unapplied_amount", c),
    ordered.map((a: any) => ({ id: a.id, invoice_id: a.invoice_id, amount: money(a, "amount", c) }))
  )
  // the customer's other credit: one SUM, less this payment's own
  const customerCredit = (await invoicing.getCustomerCredit(payment.customer_id, c)) - money(payment, "unapplied_amount", c)
  const pendingPerInvoice = new Map<string, bigint>()
  for (const taken of plan.earlier_from_allocations) {
    pendingPerInvoice.set(taken.invoice_id, (pendingPerInvoice.get(taken.invoice_id) ?? 0n) + taken.taken)
  }
  // one allocation per invoice is the norm; sum per invoice in case of several
  const perInvoice = new Map<string, bigint>()
  for (const taken of plan.from_allocations) {
    perInvoice.set(taken.invoice_id, (perInvoice.get(taken.invoice_id) ?? 0n) + taken.taken)
  }
  return {
    amount: majorNumber(amount, c),
    currency_code: c,
    refundable_amount: majorNumber(available, c),
    from_credit: majorNumber(plan.from_credit, c),
    reopens: [...perInvoice].map(([invoiceId, taken]) => {
      const invoice = invoices.get(invoiceId) ?? {}
      return {
        invoice_id: invoiceId,
        display_id: Number(invoice.display_id),
        number: formatDisplayId(invoice.display_id ?? 0),
        amount: majorNumber(taken, c),
        amount_due_after: majorNumber(money(invoice, "amount_due", c) + (pendingPerInvoice.get(invoiceId) ?? 0n) + taken, c),
      }
    }),
    customer_credit: majorNumber(customerCredit, c),
  }
}
