import { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import {
  payableAsAllocatable,
  type AllocatableInvoice,
  type AllocationResult,
  type LatestPayable,
  type PayableInvoice,
  type PayableWindow,
  type PayableWindowQuery,
} from "../../domain/allocation"
import { isLateCapture } from "../../domain/credit"
import { disputeDifferenceNote, type DisputeTaken } from "../../domain/dispute"
import { isInvoiceOrderField } from "../../domain/invoice-order"
import { deriveInvoiceStatus, formatDisplayId } from "../../domain/invoice-status"
import { sumMinor, toMajor } from "../../domain/money"
import { nextStatus, PaymentStatus } from "../../domain/payment-state"
import { accountBalance } from "../../domain/balances"
import { summarizeAging, type AgingSummary } from "../../domain/aging"
import { sanitizeMethodDetails } from "../../domain/payment-method-label"
import {
  creditReturnedPosting,
  invoicePosting,
  paymentPosting,
  refundPosting,
  reversalPosting,
  reversalReducedPosting,
  voidPosting,
} from "../../domain/postings"
import { planRefund, refundBeyondCredit } from "../../domain/refund"
import { minorFromValue } from "../../utils/money"
import {
  CustomerPayment,
  CustomerPaymentRefund,
  Invoice,
  InvoiceLine,
  LedgerEntry,
  PaymentAllocation,
  WebhookEvent,
} from "./models"
import * as allocationsRepo from "./repositories/allocations"
import { selectAccountBalances } from "./repositories/balances"
import * as invoicesRepo from "./repositories/invoices"
import { lockInvoice, moveInvoiceAmounts, type LockedInvoiceRow } from "./repositories/invoices"
import { lockCustomer, lockCustomerOf } from "./repositories/locks"
import * as paymentsRepo from "./repositories/payments"
import type { LockedPaymentRow } from "./repositories/payments"
import * as refundsRepo from "./repositories/refunds"
import { selectAgingRows, type AgingFilters } from "./repositories/aging"
import * as statementRepo from "./repositories/statement"
import * as webhookEventsRepo from "./repositories/webhook-events"
import { flushPending, inOneSnapshot, type SqlManager } from "./repositories/sql"
import {
  applyCredit,
  createAllocations,
  postLedgerEntries,
  reapplyReleased,
  returnAppliedToPayments,
  settleReservations,
  writeRefundFromAllocations,
} from "./writes"
import {
  assertManualAllocations,
  assertRefundable,
  invoiceAmounts,
  priceLines,
  refundableAfterPending,
  refundAmountMessage,
} from "./rules"
import {
  REFUND_KEY_CONFLICT_MESSAGE,
  type AccountBalance,
  type BeginRefundInput,
  type CreateDraftInvoiceInput,
  type InvoicePageFilter,
  type LedgerPosting,
  type PaymentOutcome,
  type RecordPaymentInput,
  type RecordRefundInput,
  type ReservedPayment,
  type StatementLedger,
  type ReservePaymentInput,
  type UpdateDraftInvoiceInput,
} from "./types"

export * from "./types"

/** The transaction's manager (inside an @InjectTransactionManager method). */
const tx = (sharedContext: Context) => sharedContext.transactionManager as SqlManager
/** The transaction's manager if there is one, else the plain one (reads). */
const anyManager = (sharedContext: Context) => (sharedContext.transactionManager ?? sharedContext.manager) as SqlManager


/** A return or dispute to record: why, when, and what the provider says it took when it says (a dispute's amount). */
export type ReversalInput = { reason: string; occurred_at: Date; taken?: DisputeTaken | null }

class InvoicingModuleService extends MedusaService({
  Invoice,
  InvoiceLine,
  CustomerPayment,
  PaymentAllocation,
  LedgerEntry,
  WebhookEvent,
  CustomerPaymentRefund,
}) {
  @InjectManager()
  async createDraftInvoice(input: CreateDraftInvoiceInput, @MedusaContext() sharedContext: Context = {}) {
    const id = await this.createDraftInvoice_(input, sharedContext)
    return await this.retrieveInvoice(id, { relations: ["lines"] }, sharedContext)
  }

  @InjectTransactionManager()
  protected async createDraftInvoice_(
    input: CreateDraftInvoiceInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    const currency = input.currency_code.toLowerCase()
    const lines = priceLines(input.lines, currency)
    const subtotal = sumMinor(lines.map((l) => l.totalMinor))
    const invoice = await this.createInvoices(
      {
        customer_id: input.customer_id,
        currency_code: currency,
        status: "draft",
        due_at: input.due_at ?? null,
        issued_at: input.issued_at ?? null,
        notes: input.notes ?? null,
        order_id: input.order_id ?? null,
        metadata: (input.metadata ?? null) as any,
        ...invoiceAmounts(subtotal, currency),
      } as any, // big-number fields take exact decimal strings at runtime
      sharedContext
    )
    await this.createInvoiceLines(
      lines.map((l, rank) => ({ ...l.data, rank, invoice_id: invoice.id })) as any[],
      sharedContext
    )
    return invoice.id
  }

  @InjectManager()
  async updateDraftInvoice(id: string, input: UpdateDraftInvoiceInput, @MedusaContext() sharedContext: Context = {}) {
    await this.updateDraftInvoice_(id, input, sharedContext)
    return await this.retrieveInvoice(id, { relations: ["lines"] }, sharedContext)
  }

  @InjectTransactionManager()
  protected async updateDraftInvoice_(
    id: string,
    input: UpdateDraftInvoiceInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const invoice = await lockInvoice(tx(sharedContext), id)
    if (invoice.status !== "draft") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Invoice ${formatDisplayId(invoice.display_id)} is ${invoice.status}; only drafts can be edited`
      )
    }
    const update: Record<string, unknown> = { id }
    for (const key of ["due_at", "issued_at", "notes", "order_id", "metadata"] as const) {
      if (input[key] !== undefined) update[key] = input[key]
    }
    if (input.lines) {
      const currency = invoice.currency_code
      const lines = priceLines(input.lines, currency)
      const existing = await this.listInvoiceLines({ invoice_id: id }, { select: ["id"] }, sharedContext)
      if (existing.length) {
        await this.deleteInvoiceLines(
          existing.map((l) => l.id),
          sharedContext
        )
      }
      await this.createInvoiceLines(
        lines.map((l, rank) => ({ ...l.data, rank, invoice_id: id })) as any[],
        sharedContext
      )
      Object.assign(update, invoiceAmounts(sumMinor(lines.map((l) => l.totalMinor)), currency))
    }
    await this.updateInvoices(update as any, sharedContext)
  }

  /** Draft → open (or paid when the total is zero), posting the `invoice` ledger entry. */
  @InjectManager()
  async issueInvoice(id: string, options: { now: Date; issued_at?: Date | null }, @MedusaContext() sharedContext: Context = {}) {
    await this.issueInvoice_(id, options, sharedContext)
    return await this.retrieveInvoice(id, { relations: ["lines"] }, sharedContext)
  }

  @InjectTransactionManager()
  protected async issueInvoice_(
    id: string,
    options: { now: Date; issued_at?: Date | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = tx(sharedContext)
    // Issuing applies credit: the customer's lock first, as every credit-moving transaction takes it.
    await lockCustomerOf(manager, "invoice", id)
    const invoice = await lockInvoice(manager, id)
    if (invoice.status !== "draft") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Invoice ${formatDisplayId(invoice.display_id)} is ${invoice.status}; only drafts can be issued`
      )
    }
    const currency = invoice.currency_code
    const total = minorFromValue(invoice.total, currency)
    const issuedAt = options.issued_at ?? invoice.issued_at ?? options.now
    await this.updateInvoices(
      {
        id,
        status: deriveInvoiceStatus("open", total, 0n),
        issued_at: issuedAt,
        amount_paid: "0",
        amount_pending: "0",
        amount_due: toMajor(total, currency),
      } as any,
      sharedContext
    )
    // The ledger never dates an entry after now (an admin's local "today", east of UTC): a statement
    // printed now, which stops at now, then still ends at the balance.
    const postedAt = new Date(issuedAt).getTime() > options.now.getTime() ? options.now : issuedAt
    const credit = await applyCredit(
      this,
      { customer_id: invoice.customer_id, currency_code: currency, occurred_at: postedAt },
      sharedContext
    )
    await postLedgerEntries(this, [invoicePosting(invoice, total, postedAt), ...credit], sharedContext)
  }

  /**
   * Voids a draft (no ledger effect) or an open invoice with nothing paid or
   * pending (posts a `void` entry that cancels the invoice's amount).
   */
  @InjectManager()
  async voidInvoice(id: string, options: { now: Date }, @MedusaContext() sharedContext: Context = {}) {
    await this.voidInvoice_(id, options, sharedContext)
    return await this.retrieveInvoice(id, { relations: ["lines"] }, sharedContext)
  }

  @InjectTransactionManager()
  protected async voidInvoice_(id: string, options: { now: Date }, @MedusaContext() sharedContext: Context = {}) {
    const invoice = await lockInvoice(tx(sharedContext), id)
    const label = formatDisplayId(invoice.display_id)
    const currency = invoice.currency_code
    if (invoice.status === "void") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Invoice ${label} is already void`)
    }
    if (minorFromValue(invoice.amount_paid, currency) > 0n) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Invoice ${label} has payments applied; refund them before voiding it`
      )
    }
    if (minorFromValue(invoice.amount_pending, currency) > 0n) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Invoice ${label} has a payment in progress`)
    }
    const wasIssued = invoice.status !== "draft"
    const due = minorFromValue(invoice.amount_due, currency)
    await this.updateInvoices(
      { id, status: "void", voided_at: options.now, amount_due: "0" } as any,
      sharedContext
    )
    if (wasIssued && due > 0n) await postLedgerEntries(this, [voidPosting(invoice, due, options.now)], sharedContext)
  }

  /**
   * Records a payment that has already succeeded (check, cash, bank transfer
   * received offline) against explicit invoice amounts: the payment, its
   * `applied` allocations, the invoices' paid amounts and statuses, and one
   * `payment` ledger entry, all in one transaction. Invoices are locked in id
   * order, so concurrent payments on the same invoices serialise instead of
   * over-paying; the invoice CHECK constraint is the last line.
   */
  @InjectManager()
  async recordSucceededPayment(input: RecordPaymentInput, @MedusaContext() sharedContext: Context = {}) {
    const { id, created } = await this.recordSucceededPayment_(input, sharedContext)
    const payment = await this.retrieveCustomerPayment(id, { relations: ["allocations"] }, sharedContext)
    return Object.assign(payment, { created })
  }

  @InjectTransactionManager()
  protected async recordSucceededPayment_(
    input: RecordPaymentInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; created: boolean }> {
    const manager = tx(sharedContext)
    const currency = input.currency_code.toLowerCase()
    await lockCustomer(manager, input.customer_id)
    // Under the customer's lock: a request with the same key has committed its payment by now.
    const existing = await this.findKeyedPayment(manager, input)
    if (existing) return { id: existing.id, created: false }
    const ids = [...new Set(input.allocations.map((a) => a.invoice_id))].sort()
    if (ids.length !== input.allocations.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "allocations: an invoice appears more than once")
    }
    const locked = new Map<string, LockedInvoiceRow>()
    for (const id of ids) {
      locked.set(id, await lockInvoice(manager, id))
    }
    const allocated = assertManualAllocations(input, currency, locked)
    const payment = await this.createCustomerPayments(
      {
        customer_id: input.customer_id,
        currency_code: currency,
        amount: toMajor(input.amount, currency),
        unapplied_amount: toMajor(input.amount - allocated, currency),
        method: input.method,
        source: input.source,
        mode: input.mode,
        status: "succeeded",
        transaction_id: input.transaction_id ?? null,
        method_details: sanitizeMethodDetails(input.method_details),
        note: input.note ?? null,
        idempotency_key: input.idempotency_key ?? null,
        request_hash: input.idempotency_key ? (input.request_hash ?? null) : null,
        completed_at: input.occurred_at,
      } as any,
      sharedContext
    )
    await createAllocations(this, payment.id, currency, input.allocations, "applied", sharedContext)
    for (const allocation of input.allocations) {
      await moveInvoiceAmounts(manager, locked.get(allocation.invoice_id)!, { paid: allocation.amount })
    }
    // What the allocations left over is credit, and credit does not idle (invariant 5).
    const credit = await applyCredit(
      this,
      { customer_id: input.customer_id, currency_code: currency, occurred_at: input.occurred_at },
      sharedContext
    )
    await postLedgerEntries(
      this,
      [paymentPosting({ ...input, currency_code: currency, id: payment.id }, input.description), ...credit],
      sharedContext
    )
    return { id: payment.id, created: true }
  }

  /**
   * Reserves a customer payment (DESIGN sec. 6, first transaction): under a
   * per-customer advisory lock and row locks on the candidate invoices (id
   * order), re-decides the allocation on the locked rows, then inserts the
   * `pending` payment and its `reserved` allocations and raises the invoices'
   * `amount_pending`. The same idempotency key returns the existing payment
   * (`created: false`) when the request is the same, and 409 when it differs.
   * No provider is called here. `decide` is the caller's pure allocation
   * (`allocate` with the request and the portal's settings) over what was read.
   */
  @InjectManager()
  async reservePayment(
    input: ReservePaymentInput,
    decide: (invoices: AllocatableInvoice[], credit: bigint) => AllocationResult,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReservedPayment> {
    // The per-customer advisory lock taken inside serialises reservations of
    // one customer across processes, so the idempotency lookup cannot race.
    return await this.reservePayment_(input, decide, sharedContext)
  }

  @InjectTransactionManager()
  protected async reservePayment_(
    input: ReservePaymentInput,
    decide: (invoices: AllocatableInvoice[], credit: bigint) => AllocationResult,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReservedPayment> {
    const manager = tx(sharedContext)
    const currency = input.currency_code.toLowerCase()
    await lockCustomer(manager, input.customer_id)
    const existing = await this.findReservation(manager, input)
    if (existing) return existing
    const { invoices, credit } = await this.lockAllocationInputs_(input, currency, sharedContext)
    return await this.writeReservation_(input, currency, decide(invoices, credit), sharedContext)
  }

  /** The payment already made under the request's idempotency key, or 409 when the request differs. */
  private async findKeyedPayment(
    manager: SqlManager,
    input: { customer_id: string; idempotency_key?: string | null; request_hash?: string | null }
  ): Promise<paymentsRepo.IdempotentPaymentRow | null> {
    if (!input.idempotency_key) return null
    const existing = await paymentsRepo.selectPaymentByIdempotencyKey(manager, input.customer_id, input.idempotency_key)
    if (!existing) return null
    if (existing.request_hash !== input.request_hash) {
      throw new MedusaError(MedusaError.Types.CONFLICT, "Idempotency-Key was already used with a different request body")
    }
    return existing
  }

  /** The reservation already made under the request's idempotency key, or 409 when the request differs. */
  private async findReservation(manager: SqlManager, input: ReservePaymentInput): Promise<ReservedPayment | null> {
    const existing = await this.findKeyedPayment(manager, input)
    if (!existing) return null
    return {
      payment_id: existing.id,
      created: false,
      amount: toMajor(minorFromValue(existing.amount, existing.currency_code), existing.currency_code),
      currency_code: existing.currency_code,
    }
  }

  /** Locks every invoice the allocation may touch, in id order, then reads them and the customer's credit. */
  private async lockAllocationInputs_(
    input: ReservePaymentInput,
    currency: string,
    sharedContext: Context
  ): Promise<{ invoices: AllocatableInvoice[]; credit: bigint }> {
    const manager = tx(sharedContext)
    const ids = input.invoice_ids ? [...new Set(input.invoice_ids)].sort() : undefined
    if (ids?.length) {
      await invoicesRepo.lockCustomerInvoices(manager, input.customer_id, ids)
    } else if (!ids) {
      await invoicesRepo.lockOpenInvoices(manager, input.customer_id, currency)
    }
    const [invoices, credit] = await Promise.all([
      ids
        ? this.listAllocatableInvoices(input.customer_id, { currency_code: currency, ids }, sharedContext)
        : this.listPayableInvoices(input.customer_id, currency, sharedContext).then((rows) => rows.map(payableAsAllocatable)),
      this.getCustomerCredit(input.customer_id, currency, sharedContext),
    ])
    return { invoices, credit }
  }

  /** Writes an allocation plan: credit applied first, then the `pending` payment, its reservations and the invoices' pending amounts. */
  private async writeReservation_(
    input: ReservePaymentInput,
    currency: string,
    result: AllocationResult,
    sharedContext: Context
  ): Promise<ReservedPayment> {
    // total_balance pays from the customer's credit first: those allocations
    // are the credit-carrying payments' own, applied now (DESIGN sec. 5).
    const creditPostings = await applyCredit(
      this,
      {
        customer_id: input.customer_id,
        currency_code: currency,
        occurred_at: new Date(),
        targets: result.credit_allocations.map((a) => ({ invoice_id: a.invoice_id, amount: a.amount })),
      },
      sharedContext
    )
    const creditApplied = sumMinor(result.credit_allocations.map((a) => a.amount))
    if (creditApplied > 0n && creditPostings.length === 0) {
      throw new MedusaError(MedusaError.Types.CONFLICT, "The customer's credit changed while the payment was prepared; try again")
    }
    // Plain INSERTs (the columns the ORM's create would write): no unit of work
    // to build and flush for the two rows every payment adds.
    const manager = tx(sharedContext)
    const paymentId = generateEntityId(undefined, "cpay")
    const createdAt = new Date()
    await paymentsRepo.insertPayment(manager, {
      id: paymentId,
      customer_id: input.customer_id,
      currency_code: currency,
      amount: result.amount,
      unapplied_amount: result.unapplied_amount,
      method: input.method,
      source: input.source,
      mode: result.mode,
      provider_id: input.provider_id ?? null,
      idempotency_key: input.idempotency_key ?? null,
      request_hash: input.request_hash ?? null,
      note: input.note ?? null,
      metadata: (input.metadata ?? null) as Record<string, unknown> | null,
      created_at: createdAt,
    })
    await allocationsRepo.insertAllocations(manager, paymentId, currency, result.allocations, "reserved", createdAt)
    // The rows are locked (lockAllocationInputs_); only amount_pending moves.
    await invoicesRepo.addPendingAmounts(manager, currency, result.allocations)
    if (creditPostings.length) await postLedgerEntries(this, creditPostings, sharedContext)
    return { payment_id: paymentId, created: true, amount: toMajor(result.amount, currency), currency_code: currency }
  }

  /**
   * A payment with its allocations, read in one query: what the store's
   * payment answers show (`serializePayment`), without the ORM's entity
   * building. Money fields carry their `raw_` twins; 404 when there is none.
   */
  @InjectManager()
  async retrievePaymentWithAllocations(
    paymentId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<paymentsRepo.PaymentWithAllocationsRow> {
    return await paymentsRepo.selectPaymentWithAllocations(anyManager(sharedContext), paymentId)
  }

  /**
   * Notes the payment collection (and provider) a reserved payment is being
   * charged through — before the provider is called, so the reconciler can
   * always find out what happened. One statement.
   */
  @InjectManager()
  async attachPaymentCollection(
    paymentId: string,
    paymentCollectionId: string,
    providerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await paymentsRepo.updatePaymentCollection(anyManager(sharedContext), paymentId, paymentCollectionId, providerId)
  }

  /**
   * Notes why the reconciler cannot finish a pending or processing payment,
   * for an admin (`attention`, `attention_since`); false when the payment
   * has left `status` since. A status change clears it.
   */
  @InjectManager()
  async flagPaymentAttention(
    paymentId: string,
    reason: string,
    /** the status the reason was seen in: a payment that has left it is not flagged */
    status: "pending" | "processing",
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await paymentsRepo.updateAttention(anyManager(sharedContext), paymentId, reason.slice(0, 2000), status)
  }

  /** Clears the note of a payment that is no longer pending or processing (the admin resolved it); whether there was one. */
  @InjectManager()
  async resolveSettledPaymentAttention(paymentId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await paymentsRepo.clearSettledAttention(anyManager(sharedContext), paymentId)
  }

  /** Puts back a settled payment's note (a failed resolve's compensation), unless it carries another one now. */
  @InjectManager()
  async restoreSettledPaymentAttention(
    paymentId: string,
    attention: string,
    since: Date | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await paymentsRepo.restoreAttention(anyManager(sharedContext), paymentId, attention, since)
  }

  /** Clears `flagPaymentAttention`'s note on those of these payments that carry one; how many. */
  @InjectManager()
  async clearPaymentAttention(paymentIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await paymentsRepo.clearAttention(anyManager(sharedContext), paymentIds)
  }

  /**
   * Notes the provider object a payment is made with, once: a later call
   * never replaces it. Returns the reference in effect.
   */
  @InjectManager()
  async recordProviderReference(
    paymentId: string,
    reference: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string | null> {
    return await paymentsRepo.updateProviderReferenceOnce(anyManager(sharedContext), paymentId, reference)
  }

  /**
   * Notes how a payment was made (brand and last4, bank and last4) for its
   * receipt, once: the first details known are kept. Only what
   * `sanitizeMethodDetails` lets through is written — never a full number.
   */
  @InjectManager()
  async recordMethodDetails(
    paymentId: string,
    details: unknown,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const kept = sanitizeMethodDetails(details)
    if (!kept) return false
    return await paymentsRepo.updateMethodDetailsOnce(anyManager(sharedContext), paymentId, kept)
  }

  /**
   * What a new provider session tells (its provider object, how it is paid),
   * each kept once, in one statement; answers the stored facts the provider
   * object is then checked against. Details go through
   * `sanitizeMethodDetails` as in `recordMethodDetails`.
   */
  @InjectManager()
  async recordSessionFacts(
    paymentId: string,
    facts: { reference: string | null; method_details: unknown },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<(paymentsRepo.PaymentVerificationRow & { has_method_details: boolean }) | undefined> {
    const details = facts.method_details == null ? null : sanitizeMethodDetails(facts.method_details)
    return await paymentsRepo.updateSessionFactsOnce(anyManager(sharedContext), paymentId, facts.reference, details ?? null)
  }

  /** The stored facts a payment's provider object must match (one query); undefined when there is none. */
  @InjectManager()
  async retrievePaymentForVerification(
    paymentId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<paymentsRepo.PaymentVerificationRow | undefined> {
    return await paymentsRepo.selectPaymentForVerification(anyManager(sharedContext), paymentId)
  }

  /** Our payment behind a Payment Module payment collection (one indexed query), or undefined: a cart's. */
  @InjectManager()
  async findPaymentByCollection(paymentCollectionId: string, @MedusaContext() sharedContext: Context = {}) {
    return await paymentsRepo.selectPaymentByCollection(anyManager(sharedContext), paymentCollectionId)
  }

  /**
   * Records what the provider said about a payment. Statuses only move
   * forward (the domain's state machine); repeating an outcome changes
   * nothing, so webhooks, retries and the reconciler may all call this.
   * `succeeded` applies the reserved allocations and posts the `payment`
   * ledger entry; `failed`/`canceled` release them.
   */
  @InjectManager()
  async recordPaymentOutcome(
    paymentId: string,
    outcome: PaymentOutcome,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ status: PaymentStatus; changed: boolean }> {
    return await this.recordPaymentOutcome_(paymentId, outcome, sharedContext)
  }

  @InjectTransactionManager()
  protected async recordPaymentOutcome_(
    paymentId: string,
    outcome: PaymentOutcome,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ status: PaymentStatus; changed: boolean }> {
    const manager = tx(sharedContext)
    const payment = await paymentsRepo.lockCustomerThenPayment(manager, paymentId)
    const from = payment.status
    const to = nextStatus(from, outcome.status)
    // Provider references, written only when they say something new.
    const references: Partial<Record<paymentsRepo.PaymentReferenceKey, string>> = {}
    for (const key of ["transaction_id", "payment_collection_id", "provider_id"] as const) {
      const value = outcome[key]
      if (value && value !== payment[key]) references[key] = value
    }
    if (to === from) {
      // A replayed or stale outcome: nothing to write unless it brings a new reference.
      if (Object.keys(references).length) await paymentsRepo.updatePaymentReferences(manager, paymentId, references)
      return { status: from, changed: false }
    }
    const currency = payment.currency_code
    const occurredAt = outcome.occurred_at ?? new Date()
    const final = to === "succeeded" || to === "failed" || to === "canceled"
    if (final) await settleReservations(manager, paymentId, to === "succeeded", currency)
    await paymentsRepo.updatePaymentStatus(manager, paymentId, {
      status: to,
      failure_reason: outcome.failure_reason ?? null,
      completed_at: final ? occurredAt : null,
      references,
      // Nothing was collected on a failure: nothing is left unapplied either.
      unapplied: to === "failed" || to === "canceled" ? { minor: 0n, currency } : undefined,
    })
    // A settled payment may carry credit, and a released reservation makes
    // invoices payable again: either way credit must not idle (invariant 5).
    const credit = final
      ? await applyCredit(this, { customer_id: payment.customer_id, currency_code: currency, occurred_at: occurredAt }, sharedContext)
      : []
    const postings: LedgerPosting[] = []
    if (to === "succeeded") {
      postings.push(
        paymentPosting({
          id: paymentId,
          customer_id: payment.customer_id,
          currency_code: currency,
          amount: minorFromValue(payment.amount, currency),
          occurred_at: occurredAt,
        })
      )
    }
    postings.push(...credit)
    if (postings.length) await postLedgerEntries(this, postings, sharedContext)
    if (to === "succeeded" && payment.deferred_reversal_at) {
      // A return or dispute arrived before the success it undoes.
      return await this.reversePayment_(
        paymentId,
        {
          reason: payment.deferred_reversal_reason ?? "",
          occurred_at: new Date(payment.deferred_reversal_at),
          taken: paymentsRepo.deferredReversalTaken(payment.metadata),
        },
        sharedContext
      )
    }
    return { status: to, changed: true }
  }

  /**
   * A capture the provider reports for a payment we had given up on (`failed`,
   * or `canceled` — e.g. expired by the reconciler): the money was taken, so it
   * is recorded, never dropped (DESIGN sec. 6, invariant 6). The payment
   * becomes `succeeded`; what its released reservations were meant to pay is
   * re-applied where those invoices are still payable, the rest becomes
   * credit, which then pays other invoices oldest-first (invariant 5); one
   * `payment` ledger entry. The earlier status and reason are kept in
   * `metadata.late_capture`. Any other status: nothing changes.
   */
  @InjectManager()
  async recordLateCapture(
    paymentId: string,
    capture: { transaction_id?: string | null; occurred_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ status: PaymentStatus; changed: boolean }> {
    return await this.recordLateCapture_(paymentId, capture, sharedContext)
  }

  @InjectTransactionManager()
  protected async recordLateCapture_(
    paymentId: string,
    capture: { transaction_id?: string | null; occurred_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ status: PaymentStatus; changed: boolean }> {
    const manager = tx(sharedContext)
    const payment = await paymentsRepo.lockCustomerThenPayment(manager, paymentId)
    if (!isLateCapture(payment.status, payment.failure_reason)) return { status: payment.status, changed: false }
    const currency = payment.currency_code
    const amount = minorFromValue(payment.amount, currency)
    // What the payment was for: its released reservations, per invoice.
    const applied = await reapplyReleased(this, paymentId, currency, sharedContext)
    await paymentsRepo.updateLateCaptured(manager, paymentId, {
      completed_at: capture.occurred_at,
      metadata: {
        ...(payment.metadata ?? {}),
        late_capture: {
          previous_status: payment.status,
          previous_failure_reason: payment.failure_reason ?? null,
          captured_at: capture.occurred_at.toISOString(),
        },
      },
      transaction_id: capture.transaction_id ?? null,
      unapplied: amount - applied,
      currency,
    })
    const credit = await applyCredit(
      this,
      { customer_id: payment.customer_id, currency_code: currency, occurred_at: capture.occurred_at },
      sharedContext
    )
    await postLedgerEntries(
      this,
      [
        paymentPosting(
          { id: paymentId, customer_id: payment.customer_id, currency_code: currency, amount, occurred_at: capture.occurred_at },
          "Payment received (captured after it had been given up)"
        ),
        ...credit,
      ],
      sharedContext
    )
    return { status: "succeeded", changed: true }
  }

  /**
   * Undoes issuing an invoice (the issue workflow's compensation). The credit
   * — and any payment — applied to it goes back to the payments it came from
   * (allocations `released`, `unapplied_amount` restored, a zero `adjustment`
   * entry each), and the invoice is voided (a `void` entry cancelling the
   * `invoice` entry): the ledger is append-only and holds one entry per
   * (type, reference), so an invoice is issued once and voided once — a draft
   * put back could never be issued again. The invoice ends void with nothing
   * paid, pending or due: no half-issued state remains. The returned credit
   * then pays other payable invoices, if any (invariant 5). A draft or an
   * already void invoice is left alone; one with a payment in flight is
   * refused.
   */
  @InjectManager()
  async revertInvoiceIssue(id: string, options: { now: Date }, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await this.revertInvoiceIssue_(id, options, sharedContext)
  }

  @InjectTransactionManager()
  protected async revertInvoiceIssue_(
    id: string,
    options: { now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = tx(sharedContext)
    await lockCustomerOf(manager, "invoice", id)
    const invoice = await lockInvoice(manager, id)
    const label = formatDisplayId(invoice.display_id)
    if (invoice.status === "draft" || invoice.status === "void") return
    const currency = invoice.currency_code
    if (minorFromValue(invoice.amount_pending, currency) > 0n) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Invoice ${label} has a payment in progress`)
    }
    const returned = await returnAppliedToPayments(manager, id, currency)
    const total = minorFromValue(invoice.total, currency)
    await invoicesRepo.voidWithNothingDue(manager, id, currency, options.now)
    const postings: LedgerPosting[] = returned.map(({ amount, allocation_id }) =>
      creditReturnedPosting(invoice, allocation_id, amount, options.now)
    )
    if (total > 0n) postings.push(voidPosting(invoice, total, options.now, true))
    const credit = await applyCredit(
      this,
      { customer_id: invoice.customer_id, currency_code: currency, occurred_at: options.now },
      sharedContext
    )
    await postLedgerEntries(this, [...postings, ...credit], sharedContext)
  }

  /**
   * Records money given back on a succeeded payment (the provider refund, if
   * any, is the caller's). It comes first out of the credit the payment left,
   * then out of its allocations, most recently due invoice first: those
   * invoices are owed again. One `refund` ledger entry puts the amount back on
   * the balance; the refunded part of an allocation is kept as a `reversed`
   * row. Refusals name the field.
   */
  @InjectManager()
  async recordRefund(
    paymentId: string,
    refund: RecordRefundInput,
    @MedusaContext() sharedContext: Context = {}
  ) {
    await this.recordRefund_(paymentId, refund, sharedContext)
    return await this.retrieveCustomerPayment(paymentId, { relations: ["allocations"] }, sharedContext)
  }

  @InjectTransactionManager()
  protected async recordRefund_(
    paymentId: string,
    refund: RecordRefundInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = tx(sharedContext)
    const payment = await paymentsRepo.lockCustomerThenPayment(manager, paymentId)
    if (refund.refund_id) {
      // Under the payment's row lock: a refund row that is already recorded
      // (a retried workflow, or a reversal that recorded it) is not recorded twice.
      const status = await refundsRepo.selectRefundStatus(manager, refund.refund_id, paymentId)
      if (!status) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refund with id: ${refund.refund_id} was not found`)
      }
      if (status === "succeeded") return
      if (payment.status === "reversed") {
        // The provider refunded, then a reversal was recorded before this
        // refund was: the reversal counted the refunded money as taken back
        // by the bank. The refund is recorded, and the reversal reduced by it.
        await this.recordRefundOfReversed_(payment, refund as RecordRefundInput & { refund_id: string }, sharedContext)
        return
      }
    }
    assertRefundable(payment, refund.amount)
    await this.applyRefund_(payment, refund, sharedContext)
  }

  /**
   * The ledger side of a refund of a succeeded, locked payment: out of the
   * credit the payment left first, then out of its allocations (most recently
   * due invoice first), one `refund` entry, any other credit re-applied, and
   * the refund row (if any) marked `succeeded`. The caller checked the amount.
   */
  private async applyRefund_(payment: LockedPaymentRow, refund: RecordRefundInput, sharedContext: Context): Promise<void> {
    const manager = tx(sharedContext)
    const paymentId = payment.id
    const currency = payment.currency_code
    const unapplied = minorFromValue(payment.unapplied_amount, currency)
    // The allocations are read only when the credit does not cover the refund.
    const allocations =
      refundBeyondCredit(refund.amount, unapplied) > 0n
        ? (await allocationsRepo.selectAppliedForRefund(manager, paymentId)).map((a) => ({
            ...a,
            amount: minorFromValue(a.amount, currency),
          }))
        : []
    const plan = planRefund(refund.amount, unapplied, allocations)
    await writeRefundFromAllocations(this, paymentId, currency, plan, sharedContext)
    await this.updateCustomerPayments(
      {
        id: paymentId,
        refunded_amount: toMajor(minorFromValue(payment.refunded_amount, currency) + refund.amount, currency),
        unapplied_amount: toMajor(unapplied - plan.from_credit, currency),
      } as any,
      sharedContext
    )
    await postLedgerEntries(
      this,
      [
        refundPosting(payment, refund),
        // reopened invoices take any other credit the customer holds (invariant 5)
        ...(await applyCredit(
          this,
          { customer_id: payment.customer_id, currency_code: currency, occurred_at: refund.occurred_at },
          sharedContext
        )),
      ],
      sharedContext
    )
    if (refund.refund_id) await this.markRefundSucceeded_(refund.refund_id, sharedContext)
  }

  /**
   * A provider-confirmed refund of a payment already reversed (the reversal
   * was recorded between the provider's refund and ours). A provider takes
   * back by dispute or return only what it had not refunded, so the reversal
   * overstated what the bank took by this refund: the `refund` entry and an
   * `adjustment` of minus the same amount leave the balance and the
   * reopened invoices as they are, and the ledger shows the refund.
   */
  private async recordRefundOfReversed_(
    payment: LockedPaymentRow,
    refund: RecordRefundInput & { refund_id: string },
    sharedContext: Context
  ): Promise<void> {
    const currency = payment.currency_code
    const refunded = minorFromValue(payment.refunded_amount, currency) + refund.amount
    if (refunded > minorFromValue(payment.amount, currency)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Refund ${refund.refund_id} is more than payment ${payment.id} has left`)
    }
    await this.updateCustomerPayments({ id: payment.id, refunded_amount: toMajor(refunded, currency) } as any, sharedContext)
    await postLedgerEntries(
      this,
      [refundPosting(payment, refund), reversalReducedPosting(payment, refund.amount, refund.occurred_at)],
      sharedContext
    )
    await this.markRefundSucceeded_(refund.refund_id, sharedContext)
  }

  private async markRefundSucceeded_(refundId: string, sharedContext: Context): Promise<void> {
    await this.updateCustomerPaymentRefunds(
      { id: refundId, status: "succeeded", completed_at: new Date() } as any,
      sharedContext
    )
  }

  /**
   * Starts an admin refund under its idempotency key: the same key returns
   * the refund it started (a different request under it is a 409), else a
   * `pending` refund row is written under the payment's row lock, checked
   * against what is left to refund minus the other refunds still pending.
   * Nothing is given back yet: the provider is called after this commits.
   */
  @InjectManager()
  async beginRefund(input: BeginRefundInput, @MedusaContext() sharedContext: Context = {}) {
    const { id, created } = await this.beginRefund_(input, sharedContext)
    return { refund: await this.retrieveCustomerPaymentRefund(id, {}, sharedContext), created }
  }

  @InjectTransactionManager()
  protected async beginRefund_(
    input: BeginRefundInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; created: boolean }> {
    const manager = tx(sharedContext)
    const payment = await paymentsRepo.lockPayment(manager, input.payment_id)
    // Read after the lock: a concurrent request with the same key has committed its row by now.
    const existing = await refundsRepo.selectRefundByIdempotencyKey(manager, input.idempotency_key)
    if (existing) {
      if (existing.request_hash !== input.request_hash) {
        throw new MedusaError(MedusaError.Types.CONFLICT, REFUND_KEY_CONFLICT_MESSAGE)
      }
      return { id: existing.id, created: false }
    }
    const currency = payment.currency_code
    const pending = await refundsRepo.sumPendingRefunds(manager, input.payment_id)
    const available = refundableAfterPending(payment, minorFromValue(pending, currency))
    const amount = input.amount ?? available
    if (amount <= 0n || amount > available) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, refundAmountMessage(available, currency))
    }
    const [row] = await this.createCustomerPaymentRefunds(
      [
        {
          customer_payment_id: payment.id,
          customer_id: payment.customer_id,
          currency_code: currency,
          amount: toMajor(amount, currency),
          status: "pending",
          idempotency_key: input.idempotency_key,
          request_hash: input.request_hash,
          reason: input.reason ?? null,
          created_by: input.created_by ?? null,
        } as any,
      ],
      sharedContext
    )
    return { id: row.id, created: true }
  }

  /** How much of a payment can still be refunded, minor units; throws when nothing can. */
  @InjectManager()
  async getRefundable(paymentId: string, @MedusaContext() sharedContext: Context = {}) {
    const payment = await this.retrieveCustomerPayment(
      paymentId,
      { select: ["id", "status", "currency_code", "amount", "refunded_amount"] },
      sharedContext
    )
    return assertRefundable(
      {
        status: payment.status,
        currency_code: payment.currency_code,
        amount: String((payment as any).raw_amount?.value ?? payment.amount),
        refunded_amount: String((payment as any).raw_refunded_amount?.value ?? payment.refunded_amount),
      },
      null
    )
  }

  /**
   * A return or dispute after success: the payment becomes `reversed`, its
   * applied allocations `reversed`, the invoices reopen, any credit it left
   * is withdrawn, and one `payment_reversal` entry puts the amount back on
   * the customer's balance. Idempotent. If the payment has not succeeded yet
   * (events out of order), the reversal is kept and applied the moment the
   * success is recorded, so the final state does not depend on the order.
   */
  @InjectManager()
  async reversePayment(
    paymentId: string,
    reversal: ReversalInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ status: PaymentStatus; changed: boolean }> {
    return await this.reversePayment_(paymentId, reversal, sharedContext)
  }

  @InjectTransactionManager()
  protected async reversePayment_(
    paymentId: string,
    reversal: ReversalInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ status: PaymentStatus; changed: boolean }> {
    const manager = tx(sharedContext)
    await flushPending(manager)
    const payment = await paymentsRepo.lockCustomerThenPayment(manager, paymentId)
    const status = payment.status
    if (status === "pending" || status === "processing") {
      if (!payment.deferred_reversal_at) await paymentsRepo.updateDeferredReversal(manager, paymentId, reversal)
      return { status, changed: false }
    }
    if (status !== "succeeded") return { status, changed: false }

    const currency = payment.currency_code
    // Refunds the provider has made but the ledger has not recorded yet (a
    // failed ledger write, or one still on its way) are recorded first: a
    // dispute or return takes back only what was not refunded.
    for (const row of await refundsRepo.lockProviderConfirmedPendingRefunds(manager, paymentId)) {
      const current = await paymentsRepo.lockPayment(manager, paymentId)
      const amount = minorFromValue(row.amount, currency)
      assertRefundable(current, amount)
      const madeAt = new Date(row.created_at)
      await this.applyRefund_(
        current,
        {
          amount,
          reference: row.id,
          reason: row.reason,
          occurred_at: madeAt < reversal.occurred_at ? madeAt : reversal.occurred_at,
          refund_id: row.id,
        },
        sharedContext
      )
    }
    const refundedAmount = (await paymentsRepo.lockPayment(manager, paymentId)).refunded_amount
    const allocations = await allocationsRepo.selectAppliedOfPayment(manager, paymentId)
    for (const allocation of allocations) {
      const amount = minorFromValue(allocation.amount, currency)
      await moveInvoiceAmounts(manager, await lockInvoice(manager, allocation.invoice_id), { paid: -amount })
    }
    if (allocations.length) {
      await this.updatePaymentAllocations(
        allocations.map((a) => ({ id: a.id, status: "reversed" })) as any,
        sharedContext
      )
    }
    await this.updateCustomerPayments(
      { id: paymentId, status: "reversed", failure_reason: reversal.reason, unapplied_amount: "0" } as any,
      sharedContext
    )
    const refunded = minorFromValue(refundedAmount, currency)
    const reversed = minorFromValue(payment.amount, currency) - refunded
    // a dispute that took other than what was not refunded: the admin is told what to do about the difference
    const note = disputeDifferenceNote(reversal.taken, { reversed, refunded, currency_code: currency })
    if (note) await paymentsRepo.noteAttention(manager, paymentId, note)
    await postLedgerEntries(
      this,
      [
        reversalPosting(payment, reversed, reversal.reason, reversal.occurred_at),
        // reopened invoices take any other credit the customer holds (invariant 5)
        ...(await applyCredit(
          this,
          { customer_id: payment.customer_id, currency_code: currency, occurred_at: reversal.occurred_at },
          sharedContext
        )),
      ],
      sharedContext
    )
    return { status: "reversed", changed: true }
  }

  /**
   * The invoices a payment may be allocated to, in the shape the pure
   * allocation core takes: a customer's unpaid invoices in one currency, or —
   * when `ids` is given — exactly those invoices of that customer (any status,
   * so the core can say why one is not payable). Drafts never leave here.
   */
  @InjectManager()
  async listAllocatableInvoices(
    customerId: string,
    selector: { currency_code: string; ids?: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AllocatableInvoice[]> {
    const ids = selector.ids ? [...new Set(selector.ids)] : undefined
    if (ids && !ids.length) return []
    return await invoicesRepo.selectAllocatableInvoices(anyManager(sharedContext), customerId, {
      currency_code: selector.currency_code.toLowerCase(),
      ids,
    })
  }

  /**
   * A customer's payable invoices in one currency (open or partially paid),
   * lean, for the modes that pay over all of them (total balance, current
   * charges, fixed amount): oldest-first from the index, with what each can
   * still take (`payable_minor`: `amount_due − amount_pending`) computed
   * exactly by PostgreSQL in integer minor units, and the dates as epoch
   * milliseconds, so no row is decoded into big-number or date strings.
   * `payableAsAllocatable` gives them the shape the allocation core takes.
   */
  @InjectManager()
  async listPayableInvoices(
    customerId: string,
    currencyCode: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PayableInvoice[]> {
    return await invoicesRepo.selectPayableInvoices(anyManager(sharedContext), customerId, currencyCode.toLowerCase())
  }

  /**
   * The part of the customer's payable invoices a total_balance or
   * fixed_amount preview shows (`PayableWindow`, DESIGN sec. 5): running sums
   * computed by PostgreSQL, at most `limit` rows of the payment's allocations
   * (plus those the credit pays), the total and the count.
   */
  @InjectManager()
  async getPayableWindow(
    customerId: string,
    currencyCode: string,
    window: PayableWindowQuery,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PayableWindow> {
    return await inOneSnapshot(sharedContext, (manager) =>
      invoicesRepo.selectPayableWindow(manager, customerId, currencyCode.toLowerCase(), window)
    )
  }

  /**
   * A whole-account total_balance or fixed_amount preview's reads in one
   * snapshot: the customer's unapplied credit (with `withCredit`) and the
   * payable window it implies (`selectCreditAndPayableWindow`). Read apart, a
   * payment recorded in between could be counted once as credit and again as
   * money already on the invoices.
   */
  @InjectManager()
  async getCreditAndPayableWindow(
    customerId: string,
    currencyCode: string,
    window: { withCredit: boolean; cap: bigint | null; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ credit: bigint; window: PayableWindow }> {
    return await inOneSnapshot(sharedContext, (manager) =>
      invoicesRepo.selectCreditAndPayableWindow(manager, customerId, currencyCode.toLowerCase(), window)
    )
  }

  /** What a current_charges preview needs: the payable total and the most recently issued payable invoice (`LatestPayable`). */
  @InjectManager()
  async getLatestPayable(customerId: string, currencyCode: string, @MedusaContext() sharedContext: Context = {}): Promise<LatestPayable> {
    return await inOneSnapshot(sharedContext, (manager) => invoicesRepo.selectLatestPayable(manager, customerId, currencyCode.toLowerCase()))
  }

  /**
   * One page of a customer's invoices for the store list, and the total
   * count: two plain queries on the (customer, …) indexes, returning only the
   * columns the list shows, so a page costs the same however many invoices
   * the customer has. Money comes back as exact decimal strings.
   */
  @InjectManager()
  async listInvoicePage(
    filter: InvoicePageFilter,
    page: { order: string; offset: number; limit: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<[Record<string, unknown>[], number]> {
    const descending = page.order.startsWith("-")
    const field = descending ? page.order.slice(1) : page.order
    if (!isInvoiceOrderField(field)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `order: ${page.order} is not a sortable field`)
    }
    return await invoicesRepo.selectInvoicePage(sharedContext.manager as SqlManager, filter, {
      field,
      descending,
      offset: page.offset,
      limit: page.limit,
    })
  }

  /** The customer's unapplied credit in a currency, minor units. */
  @InjectManager()
  async getCustomerCredit(customerId: string, currencyCode: string, @MedusaContext() sharedContext: Context = {}) {
    const currency = currencyCode.toLowerCase()
    return minorFromValue(await paymentsRepo.sumCustomerCredit(anyManager(sharedContext), customerId, currency), currency)
  }

  /**
   * Stores a verified third-party webhook event once (the provider's event id
   * is unique). Returns whether this delivery created it, and whether it is
   * left for processing: an event about no payment of ours (`transaction_id`
   * null or no customer payment's) is stored processed.
   */
  @InjectManager()
  async storeWebhookEvent(
    input: { provider: string; event_id: string; type: string; payload: Record<string, unknown>; received_at: Date; transaction_id: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<webhookEventsRepo.StoredWebhookEvent> {
    return await webhookEventsRepo.insertWebhookEvent(anyManager(sharedContext), input)
  }

  /**
   * Counts one more processing attempt of an inbox event and returns it
   * (`attempts` includes this one); null when it is already processed.
   * Throws not found for an unknown id.
   */
  @InjectManager()
  async claimWebhookEvent(
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<webhookEventsRepo.ClaimedWebhookEvent | null> {
    const claimed = await webhookEventsRepo.claimWebhookEvent(anyManager(sharedContext), id)
    if (claimed === undefined) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Webhook event with id: ${id} was not found`)
    }
    return claimed
  }

  /** The payment a provider event names by its transaction id (one indexed query), or undefined. */
  @InjectManager()
  async findPaymentByTransaction(
    transactionId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<paymentsRepo.ProviderEventPaymentRow | undefined> {
    return await paymentsRepo.selectPaymentByTransaction(anyManager(sharedContext), transactionId)
  }

  /** Marks an inbox event processed (`error` null), or records why this attempt failed. */
  @InjectManager()
  async finishWebhookEvent(id: string, error: string | null, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await webhookEventsRepo.finishWebhookEvent(anyManager(sharedContext), id, error)
  }

  /**
   * Per-currency balances of a customer, from stored columns only, at a cost
   * that does not grow with the number of invoices: the total balance is the
   * last ledger entry's `balance_after`; past due is what is owed minus the
   * invoices not yet due (a short index range); current charges is one index
   * probe; pending and credit come from the customer's in-flight and
   * credit-carrying payments, which are few.
   */
  @InjectManager()
  async getAccountBalances(
    customerId: string,
    options: { now: Date; time_zone: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AccountBalance[]> {
    const rows = await selectAccountBalances(sharedContext.manager as SqlManager, customerId, options.now, options.time_zone)
    return rows.map((row) => {
      const c = row.currency_code
      return accountBalance({
        currency_code: c,
        balance: minorFromValue(row.balance ?? "0", c),
        not_yet_due: minorFromValue(row.not_yet_due, c),
        current_charges: row.current_charges == null ? 0n : minorFromValue(row.current_charges, c),
        credit: minorFromValue(row.credit, c),
        pending: minorFromValue(row.pending, c),
      })
    })
  }

  /**
   * Receivables aging per currency (DESIGN sec. 8): the open invoices'
   * `amount_due` by days past due as of `as_of`, in one grouped query. The
   * admin report and each statement's aging summary read it.
   */
  @InjectManager()
  async getAgingSummaries(filters: AgingFilters, @MedusaContext() sharedContext: Context = {}): Promise<AgingSummary[]> {
    return summarizeAging(await selectAgingRows(anyManager(sharedContext), filters))
  }

  /** The currencies a customer's ledger has entries in, alphabetically. */
  @InjectManager()
  async listLedgerCurrencies(customerId: string, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await statementRepo.selectLedgerCurrencies(anyManager(sharedContext), customerId)
  }

  /**
   * The ledger part of a statement, in date order (`occurred_at`, then the
   * posting `sequence`): the balance owed before the period and the entries
   * in it. A range opens with what was owed before `from`; "all time" opens
   * at 0 with the first entry; "since zero" opens at 0 just after the latest
   * entry up to `to` that left the customer owing nothing (`from` is that
   * entry's date; null when the balance has not been zero since the first
   * entry). The caller adds the entries up from the opening balance.
   */
  @InjectManager()
  async getStatementLedger(
    customerId: string,
    currencyCode: string,
    period: { kind: "range" | "all_time" | "since_zero"; from: Date | null; to: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StatementLedger> {
    const manager = anyManager(sharedContext)
    const currency = currencyCode.toLowerCase()
    if (period.kind === "range") {
      if (!period.from) throw new MedusaError(MedusaError.Types.INVALID_DATA, "from is required for a range")
      const [opening, entries] = await Promise.all([
        statementRepo.selectBalanceBefore(manager, customerId, currency, period.from),
        statementRepo.selectStatementEntries(manager, customerId, currency, { from: period.from, to: period.to }),
      ])
      return { from: period.from, opening_balance: opening, entries }
    }
    const zero =
      period.kind === "since_zero"
        ? await statementRepo.selectLastZeroPoint(manager, customerId, currency, period.to)
        : undefined
    const entries = await statementRepo.selectStatementEntries(manager, customerId, currency, {
      after: zero ?? null,
      to: period.to,
    })
    return { from: zero ? new Date(zero.occurred_at) : null, opening_balance: "0", entries }
  }
}

export default InvoicingModuleService
