/**
 * Write plans several of the service's transactions share: applying a
 * customer's credit, creating allocations and appending ledger entries.
 * Always called inside the caller's transaction (`sharedContext.transactionManager`),
 * with the service's generated create methods for the ORM-owned rows.
 */
import type { Context } from "@medusajs/framework/types"
import { generateEntityId } from "@medusajs/framework/utils"
import { creditReceivedByInvoice, creditTargets, creditUsedBySource, distributeCredit, orderCreditSources } from "../../domain/credit"
import { postEntry } from "../../domain/ledger"
import { minBig, sumMinor, toMajor } from "../../domain/money"
import { creditAppliedPosting, type LedgerPosting } from "../../domain/postings"
import type { RefundPlan } from "../../domain/refund"
import { minorFromValue } from "../../utils/money"
import {
  lockAppliedAllocationsOfInvoice,
  releaseAllocations,
  selectReleasedByInvoice,
  settleReservedAllocations,
} from "./repositories/allocations"
import { lockInvoice, lockPayableInvoices, moveInvoiceAmounts, payableMinor } from "./repositories/invoices"
import { insertLedgerEntry, selectLastBalance, type LedgerEntryRow } from "./repositories/ledger"
import { lockLedgers } from "./repositories/locks"
import { lockCreditPayments, updateUnappliedAmount } from "./repositories/payments"
import { flushPending, type SqlManager } from "./repositories/sql"

/** The service's generated create methods these plans write through. */
export type WriteHost = {
  createPaymentAllocations(data: any, sharedContext?: Context): Promise<any>
  updatePaymentAllocations(data: any, sharedContext?: Context): Promise<unknown>
  createLedgerEntries(data: any, sharedContext?: Context): Promise<unknown>
}

/** Inserts allocations of one payment, all in one status. */
export async function createAllocations(
  host: WriteHost,
  paymentId: string,
  currency: string,
  allocations: { invoice_id: string; amount: bigint }[],
  status: "reserved" | "applied",
  sharedContext: Context
): Promise<void> {
  if (!allocations.length) return
  await host.createPaymentAllocations(
    allocations.map((a) => ({
      customer_payment_id: paymentId,
      invoice_id: a.invoice_id,
      amount: toMajor(a.amount, currency),
      status,
    })) as any[],
    sharedContext
  )
}

/**
 * Applies the customer's unapplied credit (succeeded payments'
 * `unapplied_amount`) to what it owes in one currency (DESIGN sec. 4,
 * invariant 5): oldest credit first, to the payable invoices oldest-first
 * (each up to `amount_due − amount_pending`), or — with `targets` — to those
 * invoices in that order, each up to the target amount (what a total_balance
 * payment decided to pay from credit). Writes `applied` allocations of the
 * credit-carrying payments, lowers their unapplied amounts and moves the
 * invoices. The balance does not move — what is owed and the credit shrink
 * together — so each invoice gets a `credit_applied` entry of amount 0, which
 * is returned for the caller to post with its own entries (one ledger
 * posting per transaction, after every row lock: see lockCustomerOf).
 * The caller holds the customer's advisory lock.
 */
export async function applyCredit(
  host: WriteHost,
  scope: {
    customer_id: string
    currency_code: string
    occurred_at: Date
    targets?: { invoice_id: string; amount: bigint }[]
  },
  sharedContext: Context
): Promise<LedgerPosting[]> {
  const manager = sharedContext.transactionManager as SqlManager
  const currency = scope.currency_code
  if (scope.targets && !scope.targets.length) return []
  await flushPending(manager)
  const credits = orderCreditSources(await lockCreditPayments(manager, scope.customer_id, currency))
  if (!credits.length) return []
  const targetIds = scope.targets ? [...new Set(scope.targets.map((t) => t.invoice_id))].sort() : null
  const rows = await lockPayableInvoices(manager, scope.customer_id, currency, targetIds)
  const invoices = new Map(rows.map((r) => [r.id, r]))
  const targets = creditTargets(
    rows.map((r) => ({
      id: r.id,
      display_id: r.display_id,
      due_at: r.due_at ? new Date(r.due_at) : null,
      issued_at: r.issued_at ? new Date(r.issued_at) : null,
      payable: payableMinor(r),
    })),
    scope.targets
  )
  const applications = distributeCredit(
    credits.map((c) => ({ payment_id: c.id, available: minorFromValue(c.unapplied, currency) })),
    targets
  )
  if (!applications.length) return []

  const created: { id: string }[] = await host.createPaymentAllocations(
    applications.map((a) => ({
      customer_payment_id: a.payment_id,
      invoice_id: a.invoice_id,
      amount: toMajor(a.amount, currency),
      status: "applied",
    })) as any[],
    sharedContext
  )
  // The ledger holds one entry per (type, reference): an invoice can take
  // credit more than once, so each entry references an allocation it made.
  const firstAllocation = new Map<string, string>()
  applications.forEach((a, i) => {
    if (!firstAllocation.has(a.invoice_id)) firstAllocation.set(a.invoice_id, created[i].id)
  })
  const used = creditUsedBySource(applications)
  for (const credit of credits) {
    const taken = used.get(credit.id) ?? 0n
    if (taken === 0n) continue
    await updateUnappliedAmount(manager, credit.id, minorFromValue(credit.unapplied, currency) - taken, currency)
  }
  const postings: LedgerPosting[] = []
  for (const [invoiceId, applied] of creditReceivedByInvoice(applications)) {
    const invoice = invoices.get(invoiceId)!
    await moveInvoiceAmounts(manager, invoice, { paid: applied })
    postings.push(creditAppliedPosting(invoice, firstAllocation.get(invoiceId)!, applied, scope.occurred_at))
  }
  await flushPending(manager)
  return postings
}

/**
 * Appends ledger entries, computing each `balance_after` from the previous
 * entry of the same customer and currency. A transaction-scoped advisory lock
 * per (customer, currency) serialises concurrent postings across processes.
 */
export async function postLedgerEntries(host: WriteHost, postings: LedgerPosting[], sharedContext: Context): Promise<void> {
  const manager = sharedContext.transactionManager as SqlManager
  // Raw reads below must see what this transaction already wrote through the ORM.
  await flushPending(manager)
  await lockLedgers(manager, [...new Set(postings.map((p) => `${p.customer_id}:${p.currency_code}`))].sort())
  const balances = new Map<string, bigint>()
  const rows: LedgerEntryRow[] = []
  for (const posting of postings) {
    const key = `${posting.customer_id}:${posting.currency_code}`
    if (!balances.has(key)) {
      const last = await selectLastBalance(manager, posting.customer_id, posting.currency_code)
      balances.set(key, last !== null ? minorFromValue(last, posting.currency_code) : 0n)
    }
    const entry = postEntry(balances.get(key)!, posting.type, posting.amount)
    balances.set(key, entry.balance_after)
    rows.push({
      id: generateEntityId(undefined, "ledg"),
      customer_id: posting.customer_id,
      currency_code: posting.currency_code,
      type: posting.type,
      amount: toMajor(entry.amount, posting.currency_code),
      balance_after: toMajor(entry.balance_after, posting.currency_code),
      reference_type: posting.reference_type,
      reference_id: posting.reference_id,
      description: posting.description ?? null,
      occurred_at: posting.occurred_at,
    })
  }
  // One plain INSERT per entry, in order, so `sequence` follows the order of
  // the postings (the columns the ORM's create writes, without its unit of work).
  for (const row of rows) await insertLedgerEntry(manager, row)
}

/**
 * A payment's `reserved` allocations become `applied` (succeeded) or
 * `released` (failed, canceled) in one statement; their invoices move in id
 * order, each row locked as it is read: pending goes down, paid up on success.
 */
export async function settleReservations(
  manager: SqlManager,
  paymentId: string,
  succeeded: boolean,
  currency: string
): Promise<void> {
  const settled = await settleReservedAllocations(manager, paymentId, succeeded ? "applied" : "released")
  for (const allocation of settled) {
    const amount = minorFromValue(allocation.amount, currency)
    await moveInvoiceAmounts(manager, await lockInvoice(manager, allocation.invoice_id), {
      pending: -amount,
      paid: succeeded ? amount : 0n,
    })
  }
}

/**
 * A late capture pays again what its released reservations were for, on the
 * invoices still payable (each locked as it is read, in invoice-id order, up
 * to what it can take), as `applied` allocations. Returns what was applied.
 */
export async function reapplyReleased(
  host: WriteHost,
  paymentId: string,
  currency: string,
  sharedContext: Context
): Promise<bigint> {
  const manager = sharedContext.transactionManager as SqlManager
  const applied: { invoice_id: string; amount: bigint }[] = []
  for (const row of await selectReleasedByInvoice(manager, paymentId)) {
    const invoice = await lockInvoice(manager, row.invoice_id)
    if (invoice.status !== "open" && invoice.status !== "partially_paid") continue
    const take = minBig(minorFromValue(row.amount, currency), payableMinor(invoice))
    if (take <= 0n) continue
    await moveInvoiceAmounts(manager, invoice, { paid: take })
    applied.push({ invoice_id: row.invoice_id, amount: take })
  }
  await createAllocations(host, paymentId, currency, applied, "applied", sharedContext)
  await flushPending(manager)
  return sumMinor(applied.map((a) => a.amount))
}

/** Credit an invoice gave back to one payment: the amount and the first allocation it came from. */
export type ReturnedCredit = { amount: bigint; allocation_id: string }

/**
 * Gives the money applied to an invoice back to the payments it came from:
 * their applied allocations (locked with the payments, payment-id order)
 * become `released` and each payment's unapplied amount grows by what it gets
 * back. Returns what each payment got, in payment-id order.
 */
export async function returnAppliedToPayments(manager: SqlManager, invoiceId: string, currency: string): Promise<ReturnedCredit[]> {
  const allocations = await lockAppliedAllocationsOfInvoice(manager, invoiceId)
  const returned = new Map<string, { unapplied: bigint; amount: bigint; allocation_id: string }>()
  for (const a of allocations) {
    const entry = returned.get(a.customer_payment_id) ?? {
      unapplied: minorFromValue(a.unapplied, currency),
      amount: 0n,
      allocation_id: a.id,
    }
    entry.amount += minorFromValue(a.amount, currency)
    returned.set(a.customer_payment_id, entry)
  }
  if (allocations.length) await releaseAllocations(manager, allocations.map((a) => a.id))
  for (const [paymentId, { unapplied, amount }] of returned) {
    await updateUnappliedAmount(manager, paymentId, unapplied + amount, currency)
  }
  return [...returned.values()].map(({ amount, allocation_id }) => ({ amount, allocation_id }))
}

/**
 * Takes a refund back from the allocations the plan names, in its order: an
 * allocation taken whole becomes `reversed`; one taken in part keeps the rest
 * and the part becomes a `reversed` row of its own. Each invoice (locked as it
 * is reached) is owed that much again.
 */
export async function writeRefundFromAllocations(
  host: WriteHost,
  paymentId: string,
  currency: string,
  plan: RefundPlan,
  sharedContext: Context
): Promise<void> {
  const manager = sharedContext.transactionManager as SqlManager
  for (const allocation of plan.from_allocations) {
    if (allocation.taken === allocation.amount) {
      await host.updatePaymentAllocations({ id: allocation.id, status: "reversed" } as any, sharedContext)
    } else {
      await host.updatePaymentAllocations(
        { id: allocation.id, amount: toMajor(allocation.amount - allocation.taken, currency) } as any,
        sharedContext
      )
      await host.createPaymentAllocations(
        {
          customer_payment_id: paymentId,
          invoice_id: allocation.invoice_id,
          amount: toMajor(allocation.taken, currency),
          status: "reversed",
        } as any,
        sharedContext
      )
    }
    await moveInvoiceAmounts(manager, await lockInvoice(manager, allocation.invoice_id), { paid: -allocation.taken })
  }
}
