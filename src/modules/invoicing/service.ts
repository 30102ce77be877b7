import { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { compareOldestFirst, type AllocatableInvoice, type AllocationResult } from "../../domain/allocation"
import { distributeCredit, isLateCapture } from "../../domain/credit"
import { nextStatus, PaymentStatus } from "../../domain/payment-state"
import { deriveInvoiceStatus, formatDisplayId, InvoiceStatus } from "../../domain/invoice-status"
import { isInvoiceOrderField } from "../../domain/invoice-order"
import { LedgerEntryType, postEntry } from "../../domain/ledger"
import { currencyExponent, maxBig, minBig, MoneyError, priceInvoiceLines, sumMinor, toMajor } from "../../domain/money"
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

export type DraftInvoiceLineInput = {
  title: string
  description?: string | null
  /** decimal string, up to 4 decimals */
  quantity: string
  /** major units, decimal string */
  unit_price: string
  service_date?: Date | null
}

export type CreateDraftInvoiceInput = {
  customer_id: string
  currency_code: string
  due_at?: Date | null
  issued_at?: Date | null
  notes?: string | null
  order_id?: string | null
  metadata?: Record<string, unknown> | null
  lines: DraftInvoiceLineInput[]
}

export type UpdateDraftInvoiceInput = Partial<Omit<CreateDraftInvoiceInput, "customer_id" | "currency_code">>

/** Balances of one customer in one currency, integer minor units. */
export type AccountBalance = {
  currency_code: string
  total_balance: bigint
  current_charges: bigint
  past_due: bigint
  pending: bigint
  credit: bigint
}

export type LedgerPosting = {
  customer_id: string
  currency_code: string
  type: LedgerEntryType
  /** magnitude in minor units (signed only for `adjustment`) */
  amount: bigint
  reference_type: string
  reference_id: string
  description?: string | null
  occurred_at: Date
}

type DateRangeFilter = { $gte?: Date; $gt?: Date; $lte?: Date; $lt?: Date }

export type InvoicePageFilter = {
  customer_id: string
  status?: string[]
  currency_code?: string
  display_id?: number
  notes_ilike?: string
  due_at?: DateRangeFilter
  issued_at?: DateRangeFilter
  created_at?: DateRangeFilter
}

export type RecordPaymentInput = {
  customer_id: string
  currency_code: string
  /** minor units; more than the allocations leaves the rest as credit */
  amount: bigint
  allocations: { invoice_id: string; amount: bigint }[]
  method: "card" | "us_bank_account" | "manual" | "credit"
  source: "portal" | "autopay" | "pay_link" | "admin"
  mode: "selected_invoices" | "total_balance" | "current_charges" | "fixed_amount"
  transaction_id?: string | null
  note?: string | null
  description?: string | null
  occurred_at: Date
}

export type ReservePaymentInput = {
  customer_id: string
  currency_code: string
  /** selected_invoices: the invoices to lock and pay */
  invoice_ids?: string[]
  method: "card" | "us_bank_account" | "manual" | "credit"
  source: "portal" | "autopay" | "pay_link" | "admin"
  provider_id?: string | null
  idempotency_key?: string | null
  /** a hash of the request body, to tell a retry from a different request under the same key */
  request_hash?: string | null
  note?: string | null
  metadata?: Record<string, unknown> | null
}

/** A reservation: the payment, whether this call created it, and what the provider is to charge. */
export type ReservedPayment = {
  payment_id: string
  created: boolean
  /** major units, exact decimal string */
  amount: string
  currency_code: string
}

export type RecordRefundInput = {
  /** minor units */
  amount: bigint
  /** the ledger entry's reference (the refund row's id for admin refunds) */
  reference: string
  reason?: string | null
  occurred_at: Date
  /** the `customer_payment_refund` row this records: marked succeeded with the ledger entry, recorded at most once */
  refund_id?: string
}

export type BeginRefundInput = {
  payment_id: string
  /** minor units; the whole amount still refundable when null */
  amount: bigint | null
  idempotency_key: string
  request_hash: string
  reason?: string | null
  created_by?: string | null
}

export const REFUND_KEY_CONFLICT_MESSAGE = "Idempotency-Key was already used with a different request body"

export type PaymentOutcome = {
  status: PaymentStatus
  transaction_id?: string | null
  failure_reason?: string | null
  payment_collection_id?: string | null
  provider_id?: string | null
  occurred_at?: Date
}

type LockedInvoiceRow = {
  id: string
  display_id: number
  customer_id: string
  currency_code: string
  status: InvoiceStatus
  issued_at: Date | null
  total: string
  amount_paid: string
  amount_pending: string
  amount_due: string
}

type SqlManager = { execute: (sql: string, params?: unknown[], method?: "all" | "get" | "run") => Promise<any> }

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
    const manager = sharedContext.transactionManager as SqlManager
    const invoice = await lockInvoice(manager, id)
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
    const manager = sharedContext.transactionManager as SqlManager
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
    const credit = await this.applyCredit_(
      { customer_id: invoice.customer_id, currency_code: currency, occurred_at: issuedAt },
      sharedContext
    )
    await this.postLedgerEntries_(
      [
        {
          customer_id: invoice.customer_id,
          currency_code: currency,
          type: "invoice",
          amount: total,
          reference_type: "invoice",
          reference_id: id,
          description: `Invoice ${formatDisplayId(invoice.display_id)}`,
          occurred_at: issuedAt,
        },
        ...credit,
      ],
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
  @InjectTransactionManager()
  protected async applyCredit_(
    scope: {
      customer_id: string
      currency_code: string
      occurred_at: Date
      targets?: { invoice_id: string; amount: bigint }[]
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerPosting[]> {
    const manager = sharedContext.transactionManager as SqlManager
    const currency = scope.currency_code
    if (scope.targets && !scope.targets.length) return []
    await flushPending(sharedContext)
    const credits: { id: string; unapplied: string; completed_at: Date | null; created_at: Date }[] = await manager.execute(
      `SELECT id, unapplied_amount::text AS unapplied, completed_at, created_at FROM customer_payment
        WHERE customer_id = ? AND currency_code = ? AND status = 'succeeded' AND unapplied_amount > 0
          AND deleted_at IS NULL
        ORDER BY id FOR UPDATE`,
      [scope.customer_id, currency]
    )
    if (!credits.length) return []
    const time = (d: Date | string | null) => (d === null ? Number.POSITIVE_INFINITY : new Date(d).getTime())
    credits.sort(
      (a, b) =>
        time(a.completed_at) - time(b.completed_at) ||
        time(a.created_at) - time(b.created_at) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    )
    const targetIds = scope.targets ? [...new Set(scope.targets.map((t) => t.invoice_id))].sort() : null
    const rows: (LockedInvoiceRow & { due_at: Date | null })[] = await manager.execute(
      `SELECT id, display_id, customer_id, currency_code, status, issued_at, due_at,
              total::text AS total, amount_paid::text AS amount_paid,
              amount_pending::text AS amount_pending, amount_due::text AS amount_due
         FROM invoice
        WHERE customer_id = ? AND currency_code = ? AND deleted_at IS NULL
          AND status IN ('open', 'partially_paid') AND amount_due > amount_pending
          ${targetIds ? `AND id IN (${targetIds.map(() => "?").join(", ")})` : ""}
        ORDER BY id FOR UPDATE`,
      [scope.customer_id, currency, ...(targetIds ?? [])]
    )
    const invoices = new Map(rows.map((r) => [r.id, r]))
    const payable = (r: LockedInvoiceRow) =>
      minorFromValue(r.total, currency) - minorFromValue(r.amount_paid, currency) - minorFromValue(r.amount_pending, currency)
    const targets = scope.targets
      ? scope.targets
          .filter((t) => invoices.has(t.invoice_id))
          .map((t) => ({ invoice_id: t.invoice_id, amount: minBig(t.amount, payable(invoices.get(t.invoice_id)!)) }))
      : rows
          .map((r) => ({
            id: r.id,
            display_id: r.display_id,
            due_at: r.due_at ? new Date(r.due_at) : null,
            issued_at: r.issued_at ? new Date(r.issued_at) : null,
          }))
          .sort(compareOldestFirst)
          .map((r) => ({ invoice_id: r.id, amount: payable(invoices.get(r.id)!) }))
    const applications = distributeCredit(
      credits.map((c) => ({ payment_id: c.id, available: minorFromValue(c.unapplied, currency) })),
      targets
    )
    if (!applications.length) return []

    const created = await this.createPaymentAllocations(
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
    for (const credit of credits) {
      const used = sumMinor(applications.filter((a) => a.payment_id === credit.id).map((a) => a.amount))
      if (used === 0n) continue
      const set = bigNumberSet({ unapplied_amount: toMajor(minorFromValue(credit.unapplied, currency) - used, currency) })
      await manager.execute(`UPDATE customer_payment SET ${set.sql}, updated_at = now() WHERE id = ?`, [...set.params, credit.id])
    }
    const postings: LedgerPosting[] = []
    const perInvoice = new Map<string, bigint>()
    for (const a of applications) perInvoice.set(a.invoice_id, (perInvoice.get(a.invoice_id) ?? 0n) + a.amount)
    for (const [invoiceId, applied] of perInvoice) {
      const invoice = invoices.get(invoiceId)!
      await this.moveInvoiceAmounts_(invoice, { paid: applied }, sharedContext)
      postings.push({
        customer_id: scope.customer_id,
        currency_code: currency,
        type: "credit_applied",
        amount: 0n,
        reference_type: "payment_allocation",
        reference_id: firstAllocation.get(invoiceId)!,
        description: `Credit of ${toMajor(applied, currency)} ${currency.toUpperCase()} applied to ${formatDisplayId(invoice.display_id)}`,
        occurred_at: scope.occurred_at,
      })
    }
    await flushPending(sharedContext)
    return postings
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
    const manager = sharedContext.transactionManager as SqlManager
    const invoice = await lockInvoice(manager, id)
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
    if (wasIssued && due > 0n) {
      await this.postLedgerEntries_(
        [
          {
            customer_id: invoice.customer_id,
            currency_code: currency,
            type: "void",
            amount: due,
            reference_type: "invoice",
            reference_id: id,
            description: `Invoice ${label} voided`,
            occurred_at: options.now,
          },
        ],
        sharedContext
      )
    }
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
    const id = await this.recordSucceededPayment_(input, sharedContext)
    return await this.retrieveCustomerPayment(id, { relations: ["allocations"] }, sharedContext)
  }

  @InjectTransactionManager()
  protected async recordSucceededPayment_(
    input: RecordPaymentInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    const manager = sharedContext.transactionManager as SqlManager
    const currency = input.currency_code.toLowerCase()
    await lockCustomer(manager, input.customer_id)
    const ids = [...new Set(input.allocations.map((a) => a.invoice_id))].sort()
    if (ids.length !== input.allocations.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "allocations: an invoice appears more than once")
    }
    const locked = new Map<string, LockedInvoiceRow>()
    for (const id of ids) {
      locked.set(id, await lockInvoice(manager, id))
    }
    let allocated = 0n
    for (const allocation of input.allocations) {
      const invoice = locked.get(allocation.invoice_id)!
      const label = formatDisplayId(invoice.display_id)
      if (invoice.customer_id !== input.customer_id) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Invoice with id: ${allocation.invoice_id} was not found`)
      }
      if (invoice.currency_code !== currency) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Invoice ${label} is in ${invoice.currency_code.toUpperCase()}, not ${currency.toUpperCase()}`
        )
      }
      if (invoice.status !== "open" && invoice.status !== "partially_paid") {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Invoice ${label} is ${invoice.status}`)
      }
      const total = minorFromValue(invoice.total, currency)
      const paid = minorFromValue(invoice.amount_paid, currency)
      const pending = minorFromValue(invoice.amount_pending, currency)
      if (allocation.amount <= 0n || allocation.amount > total - paid - pending) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `amount for invoice ${label} must be between 0 and ${toMajor(total - paid - pending, currency)}`
        )
      }
      allocated += allocation.amount
    }
    if (input.amount < allocated) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "amount is less than the allocated amounts")
    }
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
        note: input.note ?? null,
        completed_at: input.occurred_at,
      } as any,
      sharedContext
    )
    await this.createAllocations_(payment.id, currency, input.allocations, "applied", sharedContext)
    for (const allocation of input.allocations) {
      await this.moveInvoiceAmounts_(locked.get(allocation.invoice_id)!, { paid: allocation.amount }, sharedContext)
    }
    // What the allocations left over is credit, and credit does not idle (invariant 5).
    const credit = await this.applyCredit_(
      { customer_id: input.customer_id, currency_code: currency, occurred_at: input.occurred_at },
      sharedContext
    )
    await this.postLedgerEntries_(
      [paymentPosting({ ...input, currency_code: currency, id: payment.id }, input.description), ...credit],
      sharedContext
    )
    return payment.id
  }

  /**
   * Reserves a customer payment (DESIGN sec. 6, first transaction): under a
   * per-customer advisory lock and row locks on the candidate invoices (id
   * order), re-decides the allocation on the locked rows, then inserts the
   * `pending` payment and its `reserved` allocations and raises the invoices'
   * `amount_pending`. The same idempotency key returns the existing payment
   * (`created: false`) when the request is the same, and 409 when it differs.
   * No provider is called here.
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
    const manager = sharedContext.transactionManager as SqlManager
    const currency = input.currency_code.toLowerCase()
    await lockCustomer(manager, input.customer_id)
    if (input.idempotency_key) {
      const [existing] = await manager.execute(
        `SELECT id, request_hash, amount::text AS amount, currency_code FROM customer_payment
          WHERE customer_id = ? AND idempotency_key = ? AND deleted_at IS NULL`,
        [input.customer_id, input.idempotency_key]
      )
      if (existing) {
        if (existing.request_hash !== input.request_hash) {
          throw new MedusaError(
            MedusaError.Types.CONFLICT,
            "Idempotency-Key was already used with a different request body"
          )
        }
        return {
          payment_id: existing.id,
          created: false,
          amount: toMajor(minorFromValue(existing.amount, existing.currency_code), existing.currency_code),
          currency_code: existing.currency_code,
        }
      }
    }
    // Lock every invoice the allocation may touch, in id order, before reading them.
    const ids = input.invoice_ids ? [...new Set(input.invoice_ids)].sort() : undefined
    if (ids?.length) {
      await manager.execute(
        `SELECT id FROM invoice WHERE customer_id = ? AND id IN (${ids.map(() => "?").join(", ")})
          ORDER BY id FOR UPDATE`,
        [input.customer_id, ...ids]
      )
    } else if (!ids) {
      await manager.execute(
        `SELECT id FROM invoice WHERE customer_id = ? AND currency_code = ?
            AND status IN ('open', 'partially_paid') AND deleted_at IS NULL
          ORDER BY id FOR UPDATE`,
        [input.customer_id, currency]
      )
    }
    const [invoices, credit] = await Promise.all([
      ids
        ? this.listAllocatableInvoices(input.customer_id, { currency_code: currency, ids }, sharedContext)
        : this.listPayableInvoices(input.customer_id, currency, sharedContext),
      this.getCustomerCredit(input.customer_id, currency, sharedContext),
    ])
    const result = decide(invoices, credit)
    // total_balance pays from the customer's credit first: those allocations
    // are the credit-carrying payments' own, applied now (DESIGN sec. 5).
    const creditPostings = await this.applyCredit_(
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
    const payment = await this.createCustomerPayments(
      {
        customer_id: input.customer_id,
        currency_code: currency,
        amount: toMajor(result.amount, currency),
        unapplied_amount: toMajor(result.unapplied_amount, currency),
        method: input.method,
        source: input.source,
        mode: result.mode,
        status: "pending",
        provider_id: input.provider_id ?? null,
        idempotency_key: input.idempotency_key ?? null,
        request_hash: input.request_hash ?? null,
        note: input.note ?? null,
        metadata: (input.metadata ?? null) as any,
      } as any,
      sharedContext
    )
    await this.createAllocations_(payment.id, currency, result.allocations, "reserved", sharedContext)
    // The rows are locked above; only amount_pending moves (status and amount
    // due follow what is paid), in one statement per 500 invoices. The CHECK
    // constraint on invoice refuses any over-reservation.
    for (let i = 0; i < result.allocations.length; i += 500) {
      const chunk = result.allocations.slice(i, i + 500)
      await manager.execute(
        `UPDATE invoice AS i
            SET amount_pending = trim_scale(i.amount_pending + v.amount),
                raw_amount_pending = jsonb_build_object('value', trim_scale(i.amount_pending + v.amount)::text, 'precision', 20),
                updated_at = now()
           FROM (VALUES ${chunk.map(() => "(?, ?::numeric)").join(", ")}) AS v(id, amount)
          WHERE i.id = v.id AND i.deleted_at IS NULL`,
        chunk.flatMap((a) => [a.invoice_id, trimDecimal(toMajor(a.amount, currency))])
      )
    }
    if (creditPostings.length) await this.postLedgerEntries_(creditPostings, sharedContext)
    return { payment_id: payment.id, created: true, amount: toMajor(result.amount, currency), currency_code: currency }
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
    const manager = (sharedContext.transactionManager ?? sharedContext.manager) as SqlManager
    await manager.execute(
      `UPDATE customer_payment SET payment_collection_id = ?, provider_id = ?, updated_at = now()
        WHERE id = ? AND deleted_at IS NULL`,
      [paymentCollectionId, providerId, paymentId]
    )
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
    const manager = (sharedContext.transactionManager ?? sharedContext.manager) as SqlManager
    const rows = await manager.execute(
      `UPDATE customer_payment SET provider_reference = COALESCE(provider_reference, ?), updated_at = now()
        WHERE id = ? AND deleted_at IS NULL RETURNING provider_reference`,
      [reference, paymentId]
    )
    return rows[0]?.provider_reference ?? null
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
    const manager = sharedContext.transactionManager as SqlManager
    await lockCustomerOf(manager, "customer_payment", paymentId)
    const [payment] = await manager.execute(
      `SELECT id, customer_id, currency_code, status, amount::text AS amount, metadata,
              transaction_id, payment_collection_id, provider_id
         FROM customer_payment WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [paymentId]
    )
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${paymentId} was not found`)
    }
    const from = payment.status as PaymentStatus
    const to = nextStatus(from, outcome.status)
    // Provider references, written only when they say something new.
    const details: Record<string, string> = {}
    for (const key of ["transaction_id", "payment_collection_id", "provider_id"] as const) {
      const value = outcome[key]
      if (value && value !== payment[key]) details[key] = value
    }
    const detailKeys = Object.keys(details)
    if (to === from) {
      // A replayed or stale outcome: nothing to write unless it brings a new reference.
      if (detailKeys.length) {
        await manager.execute(
          `UPDATE customer_payment SET ${detailKeys.map((k) => `${k} = ?`).join(", ")}, updated_at = now() WHERE id = ?`,
          [...detailKeys.map((k) => details[k]), paymentId]
        )
      }
      return { status: from, changed: false }
    }
    const currency = payment.currency_code
    const occurredAt = outcome.occurred_at ?? new Date()
    const final = to === "succeeded" || to === "failed" || to === "canceled"
    if (final) {
      // The reserved allocations become applied (or released) in one statement;
      // their invoices move in id order, each row locked as it is read.
      const allocations = (
        await manager.execute(
          `UPDATE payment_allocation SET status = ?, updated_at = now()
            WHERE customer_payment_id = ? AND status = 'reserved' AND deleted_at IS NULL
            RETURNING invoice_id, amount::text AS amount`,
          [to === "succeeded" ? "applied" : "released", paymentId]
        )
      ).sort((a: any, b: any) => (a.invoice_id < b.invoice_id ? -1 : a.invoice_id > b.invoice_id ? 1 : 0))
      for (const allocation of allocations) {
        const amount = minorFromValue(allocation.amount, currency)
        await this.moveInvoiceAmounts_(
          await lockInvoice(manager, allocation.invoice_id),
          { pending: -amount, paid: to === "succeeded" ? amount : 0n },
          sharedContext
        )
      }
    }
    // Nothing was collected on a failure: nothing is left unapplied either.
    const unapplied = to === "failed" || to === "canceled" ? bigNumberSet({ unapplied_amount: "0" }) : null
    await manager.execute(
      `UPDATE customer_payment
          SET status = ?, failure_reason = ?, completed_at = ?, updated_at = now()
              ${detailKeys.map((k) => `, ${k} = ?`).join("")}${unapplied ? `, ${unapplied.sql}` : ""}
        WHERE id = ?`,
      [
        to,
        outcome.failure_reason ?? null,
        final ? occurredAt : null,
        ...detailKeys.map((k) => details[k]),
        ...(unapplied?.params ?? []),
        paymentId,
      ]
    )
    // A settled payment may carry credit, and a released reservation makes
    // invoices payable again: either way credit must not idle (invariant 5).
    const credit = final
      ? await this.applyCredit_(
          { customer_id: payment.customer_id, currency_code: currency, occurred_at: occurredAt },
          sharedContext
        )
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
    if (postings.length) await this.postLedgerEntries_(postings, sharedContext)
    const deferred = payment.metadata?.deferred_reversal
    if (to === "succeeded" && deferred) {
      // A return or dispute arrived before the success it undoes.
      return await this.reversePayment_(
        paymentId,
        { reason: deferred.reason, occurred_at: new Date(deferred.occurred_at) },
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
    const manager = sharedContext.transactionManager as SqlManager
    await lockCustomerOf(manager, "customer_payment", paymentId)
    const [payment] = await manager.execute(
      `SELECT id, customer_id, currency_code, status, amount::text AS amount, metadata, failure_reason, transaction_id
         FROM customer_payment WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [paymentId]
    )
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${paymentId} was not found`)
    }
    if (!isLateCapture(payment.status)) return { status: payment.status, changed: false }
    const currency = payment.currency_code
    const amount = minorFromValue(payment.amount, currency)
    // What the payment was for: its released reservations, per invoice.
    const released = await manager.execute(
      `SELECT invoice_id, SUM(amount)::text AS amount FROM payment_allocation
        WHERE customer_payment_id = ? AND status = 'released' AND deleted_at IS NULL
        GROUP BY invoice_id ORDER BY invoice_id`,
      [paymentId]
    )
    const applied: { invoice_id: string; amount: bigint }[] = []
    for (const row of released) {
      const invoice = await lockInvoice(manager, row.invoice_id)
      if (invoice.status !== "open" && invoice.status !== "partially_paid") continue
      const payable =
        minorFromValue(invoice.total, currency) -
        minorFromValue(invoice.amount_paid, currency) -
        minorFromValue(invoice.amount_pending, currency)
      const take = minBig(minorFromValue(row.amount, currency), payable)
      if (take <= 0n) continue
      await this.moveInvoiceAmounts_(invoice, { paid: take }, sharedContext)
      applied.push({ invoice_id: row.invoice_id, amount: take })
    }
    await this.createAllocations_(paymentId, currency, applied, "applied", sharedContext)
    await flushPending(sharedContext)
    const unapplied = bigNumberSet({
      unapplied_amount: toMajor(amount - sumMinor(applied.map((a) => a.amount)), currency),
    })
    const metadata = {
      ...(payment.metadata ?? {}),
      late_capture: {
        previous_status: payment.status,
        previous_failure_reason: payment.failure_reason ?? null,
        captured_at: capture.occurred_at.toISOString(),
      },
    }
    await manager.execute(
      `UPDATE customer_payment
          SET status = 'succeeded', failure_reason = NULL, completed_at = ?, metadata = ?::jsonb,
              transaction_id = COALESCE(transaction_id, ?), ${unapplied.sql}, updated_at = now()
        WHERE id = ?`,
      [capture.occurred_at, JSON.stringify(metadata), capture.transaction_id ?? null, ...unapplied.params, paymentId]
    )
    const credit = await this.applyCredit_(
      { customer_id: payment.customer_id, currency_code: currency, occurred_at: capture.occurred_at },
      sharedContext
    )
    await this.postLedgerEntries_(
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
    const manager = sharedContext.transactionManager as SqlManager
    await lockCustomerOf(manager, "invoice", id)
    const invoice = await lockInvoice(manager, id)
    const label = formatDisplayId(invoice.display_id)
    if (invoice.status === "draft" || invoice.status === "void") return
    const currency = invoice.currency_code
    if (minorFromValue(invoice.amount_pending, currency) > 0n) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Invoice ${label} has a payment in progress`)
    }
    const allocations = await manager.execute(
      `SELECT a.id, a.customer_payment_id, a.amount::text AS amount, p.unapplied_amount::text AS unapplied
         FROM payment_allocation a JOIN customer_payment p ON p.id = a.customer_payment_id
        WHERE a.invoice_id = ? AND a.status = 'applied' AND a.deleted_at IS NULL
        ORDER BY a.customer_payment_id
          FOR UPDATE OF a, p`,
      [id]
    )
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
    if (allocations.length) {
      await manager.execute(
        `UPDATE payment_allocation SET status = 'released', updated_at = now()
          WHERE id IN (${allocations.map(() => "?").join(", ")})`,
        allocations.map((a: any) => a.id)
      )
    }
    for (const [paymentId, { unapplied, amount }] of returned) {
      const set = bigNumberSet({ unapplied_amount: toMajor(unapplied + amount, currency) })
      await manager.execute(`UPDATE customer_payment SET ${set.sql}, updated_at = now() WHERE id = ?`, [...set.params, paymentId])
    }
    const total = minorFromValue(invoice.total, currency)
    const set = bigNumberSet({ amount_paid: "0", amount_pending: "0", amount_due: "0" })
    await manager.execute(
      `UPDATE invoice SET ${set.sql}, status = 'void', voided_at = ?, updated_at = now() WHERE id = ?`,
      [...set.params, options.now, id]
    )
    const postings: LedgerPosting[] = [...returned].map(([, { amount, allocation_id }]) => ({
      customer_id: invoice.customer_id,
      currency_code: currency,
      type: "adjustment" as const,
      amount: 0n,
      reference_type: "payment_allocation",
      reference_id: allocation_id,
      description: `Credit of ${toMajor(amount, currency)} ${currency.toUpperCase()} returned from ${label} (issue undone)`,
      occurred_at: options.now,
    }))
    if (total > 0n) {
      postings.push({
        customer_id: invoice.customer_id,
        currency_code: currency,
        type: "void",
        amount: total,
        reference_type: "invoice",
        reference_id: id,
        description: `Invoice ${label} voided (issue undone)`,
        occurred_at: options.now,
      })
    }
    const credit = await this.applyCredit_(
      { customer_id: invoice.customer_id, currency_code: currency, occurred_at: options.now },
      sharedContext
    )
    await this.postLedgerEntries_([...postings, ...credit], sharedContext)
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
  ) {
    const manager = sharedContext.transactionManager as SqlManager
    await lockCustomerOf(manager, "customer_payment", paymentId)
    const [payment] = await manager.execute(
      `SELECT id, customer_id, currency_code, status, amount::text AS amount,
              refunded_amount::text AS refunded_amount, unapplied_amount::text AS unapplied_amount
         FROM customer_payment WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [paymentId]
    )
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${paymentId} was not found`)
    }
    if (refund.refund_id) {
      // Under the payment's row lock: a refund row that is already recorded
      // (a retried workflow) is not recorded twice.
      const [row] = await manager.execute(
        `SELECT status FROM customer_payment_refund
          WHERE id = ? AND customer_payment_id = ? AND deleted_at IS NULL`,
        [refund.refund_id, paymentId]
      )
      if (!row) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refund with id: ${refund.refund_id} was not found`)
      }
      if (row.status === "succeeded") return null
    }
    const currency = payment.currency_code
    const refundable = assertRefundable(payment, refund.amount)

    let remaining = refund.amount
    const fromCredit = minBig(remaining, minorFromValue(payment.unapplied_amount, currency))
    remaining -= fromCredit
    if (remaining > 0n) {
      const allocations = await manager.execute(
        `SELECT a.id, a.invoice_id, a.amount::text AS amount FROM payment_allocation a
           JOIN invoice i ON i.id = a.invoice_id
          WHERE a.customer_payment_id = ? AND a.status = 'applied' AND a.deleted_at IS NULL
          ORDER BY i.due_at DESC NULLS FIRST, i.issued_at DESC NULLS FIRST, i.display_id DESC`,
        [paymentId]
      )
      for (const allocation of allocations) {
        if (remaining === 0n) break
        const amount = minorFromValue(allocation.amount, currency)
        const taken = minBig(amount, remaining)
        remaining -= taken
        if (taken === amount) {
          await this.updatePaymentAllocations({ id: allocation.id, status: "reversed" } as any, sharedContext)
        } else {
          await this.updatePaymentAllocations(
            { id: allocation.id, amount: toMajor(amount - taken, currency) } as any,
            sharedContext
          )
          await this.createPaymentAllocations(
            {
              customer_payment_id: paymentId,
              invoice_id: allocation.invoice_id,
              amount: toMajor(taken, currency),
              status: "reversed",
            } as any,
            sharedContext
          )
        }
        await this.moveInvoiceAmounts_(await lockInvoice(manager, allocation.invoice_id), { paid: -taken }, sharedContext)
      }
    }
    await this.updateCustomerPayments(
      {
        id: paymentId,
        refunded_amount: toMajor(minorFromValue(payment.refunded_amount, currency) + refund.amount, currency),
        unapplied_amount: toMajor(minorFromValue(payment.unapplied_amount, currency) - fromCredit, currency),
      } as any,
      sharedContext
    )
    await this.postLedgerEntries_(
      [
        {
          customer_id: payment.customer_id,
          currency_code: currency,
          type: "refund",
          amount: refund.amount,
          reference_type: "customer_payment_refund",
          reference_id: refund.reference,
          description: refund.reason ? `Refund: ${refund.reason}` : "Refund",
          occurred_at: refund.occurred_at,
        },
        // reopened invoices take any other credit the customer holds (invariant 5)
        ...(await this.applyCredit_(
          { customer_id: payment.customer_id, currency_code: currency, occurred_at: refund.occurred_at },
          sharedContext
        )),
      ],
      sharedContext
    )
    if (refund.refund_id) {
      await this.updateCustomerPaymentRefunds(
        { id: refund.refund_id, status: "succeeded", completed_at: new Date() } as any,
        sharedContext
      )
    }
    return refundable - refund.amount
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
    const manager = sharedContext.transactionManager as SqlManager
    const [payment] = await manager.execute(
      `SELECT id, customer_id, currency_code, status, amount::text AS amount, refunded_amount::text AS refunded_amount
         FROM customer_payment WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [input.payment_id]
    )
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${input.payment_id} was not found`)
    }
    // Read after the lock: a concurrent request with the same key has committed its row by now.
    const [existing] = await manager.execute(
      `SELECT id, request_hash FROM customer_payment_refund WHERE idempotency_key = ? AND deleted_at IS NULL`,
      [input.idempotency_key]
    )
    if (existing) {
      if (existing.request_hash !== input.request_hash) {
        throw new MedusaError(MedusaError.Types.CONFLICT, REFUND_KEY_CONFLICT_MESSAGE)
      }
      return { id: existing.id, created: false }
    }
    const currency = payment.currency_code
    const [pending] = await manager.execute(
      `SELECT COALESCE(SUM(amount), 0)::text AS amount FROM customer_payment_refund
        WHERE customer_payment_id = ? AND status = 'pending' AND deleted_at IS NULL`,
      [input.payment_id]
    )
    const available = refundableAfterPending(payment, minorFromValue(pending.amount, currency))
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
    reversal: { reason: string; occurred_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ status: PaymentStatus; changed: boolean }> {
    return await this.reversePayment_(paymentId, reversal, sharedContext)
  }

  @InjectTransactionManager()
  protected async reversePayment_(
    paymentId: string,
    reversal: { reason: string; occurred_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ status: PaymentStatus; changed: boolean }> {
    const manager = sharedContext.transactionManager as SqlManager
    await flushPending(sharedContext)
    await lockCustomerOf(manager, "customer_payment", paymentId)
    const [payment] = await manager.execute(
      `SELECT id, customer_id, currency_code, status, amount::text AS amount,
              refunded_amount::text AS refunded_amount, metadata
         FROM customer_payment WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [paymentId]
    )
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment with id: ${paymentId} was not found`)
    }
    const status = payment.status as PaymentStatus
    if (status === "pending" || status === "processing") {
      if (!payment.metadata?.deferred_reversal) {
        await this.updateCustomerPayments(
          {
            id: paymentId,
            metadata: {
              ...(payment.metadata ?? {}),
              deferred_reversal: { reason: reversal.reason, occurred_at: reversal.occurred_at.toISOString() },
            },
          } as any,
          sharedContext
        )
      }
      return { status, changed: false }
    }
    if (status !== "succeeded") return { status, changed: false }

    const currency = payment.currency_code
    const allocations = await manager.execute(
      `SELECT id, invoice_id, amount::text AS amount FROM payment_allocation
        WHERE customer_payment_id = ? AND status = 'applied' AND deleted_at IS NULL ORDER BY invoice_id`,
      [paymentId]
    )
    for (const allocation of allocations) {
      const amount = minorFromValue(allocation.amount, currency)
      await this.moveInvoiceAmounts_(await lockInvoice(manager, allocation.invoice_id), { paid: -amount }, sharedContext)
    }
    if (allocations.length) {
      await this.updatePaymentAllocations(
        allocations.map((a: any) => ({ id: a.id, status: "reversed" })) as any,
        sharedContext
      )
    }
    await this.updateCustomerPayments(
      { id: paymentId, status: "reversed", failure_reason: reversal.reason, unapplied_amount: "0" } as any,
      sharedContext
    )
    const reversed = minorFromValue(payment.amount, currency) - minorFromValue(payment.refunded_amount, currency)
    await this.postLedgerEntries_(
      [
        {
          customer_id: payment.customer_id,
          currency_code: currency,
          type: "payment_reversal",
          amount: reversed,
          reference_type: "customer_payment",
          reference_id: paymentId,
          description: `Payment reversed (${reversal.reason})`,
          occurred_at: reversal.occurred_at,
        },
        // reopened invoices take any other credit the customer holds (invariant 5)
        ...(await this.applyCredit_(
          { customer_id: payment.customer_id, currency_code: currency, occurred_at: reversal.occurred_at },
          sharedContext
        )),
      ],
      sharedContext
    )
    return { status: "reversed", changed: true }
  }

  @InjectTransactionManager()
  protected async createAllocations_(
    paymentId: string,
    currency: string,
    allocations: { invoice_id: string; amount: bigint }[],
    status: "reserved" | "applied",
    @MedusaContext() sharedContext: Context = {}
  ) {
    if (!allocations.length) return
    await this.createPaymentAllocations(
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
   * Moves money on a locked invoice — `pending` (reserved by in-flight
   * payments) and `paid` (applied) change by the given signed amounts — and
   * derives `amount_due` and the status from the result.
   */
  @InjectTransactionManager()
  protected async moveInvoiceAmounts_(
    invoice: LockedInvoiceRow,
    change: { paid?: bigint; pending?: bigint },
    @MedusaContext() sharedContext: Context = {}
  ) {
    const currency = invoice.currency_code
    const total = minorFromValue(invoice.total, currency)
    const paid = minorFromValue(invoice.amount_paid, currency) + (change.paid ?? 0n)
    const pending = minorFromValue(invoice.amount_pending, currency) + (change.pending ?? 0n)
    // One statement on the row the caller locked (the ORM's update would read it again first).
    const set = bigNumberSet({
      amount_paid: toMajor(paid, currency),
      amount_pending: toMajor(pending, currency),
      amount_due: toMajor(total - paid, currency),
    })
    const status = deriveInvoiceStatus(invoice.status, total, paid)
    await (sharedContext.transactionManager as SqlManager).execute(
      `UPDATE invoice SET ${set.sql}, status = ?, updated_at = now() WHERE id = ?`,
      [...set.params, status, invoice.id]
    )
    // Callers may move the same invoice again in this transaction.
    invoice.amount_paid = toMajor(paid, currency)
    invoice.amount_pending = toMajor(pending, currency)
    invoice.amount_due = toMajor(total - paid, currency)
    invoice.status = status
  }

  /**
   * Appends ledger entries, computing each `balance_after` from the previous
   * entry of the same customer and currency. A transaction-scoped advisory lock
   * per (customer, currency) serialises concurrent postings across processes.
   */
  @InjectTransactionManager()
  protected async postLedgerEntries_(postings: LedgerPosting[], @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.transactionManager as SqlManager
    // Raw reads below must see what this transaction already wrote through the ORM.
    await flushPending(sharedContext)
    const keys = [...new Set(postings.map((p) => `${p.customer_id}:${p.currency_code}`))].sort()
    for (const key of keys) {
      await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [`billing-ledger:${key}`])
    }
    const balances = new Map<string, bigint>()
    const rows: Record<string, unknown>[] = []
    for (const posting of postings) {
      const key = `${posting.customer_id}:${posting.currency_code}`
      if (!balances.has(key)) {
        const [last] = await manager.execute(
          `SELECT balance_after FROM ledger_entry
            WHERE customer_id = ? AND currency_code = ? AND deleted_at IS NULL
            ORDER BY sequence DESC LIMIT 1`,
          [posting.customer_id, posting.currency_code]
        )
        balances.set(key, last ? minorFromValue(String(last.balance_after), posting.currency_code) : 0n)
      }
      const entry = postEntry(balances.get(key)!, posting.type, posting.amount)
      balances.set(key, entry.balance_after)
      rows.push({
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
    // One at a time so `sequence` follows the order of the postings.
    for (const row of rows) {
      await this.createLedgerEntries(row as any, sharedContext)
    }
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
    const manager = (sharedContext.transactionManager ?? sharedContext.manager) as SqlManager
    const ids = selector.ids ? [...new Set(selector.ids)] : undefined
    if (ids && !ids.length) return []
    const rows = await manager.execute(
      `SELECT id, display_id, customer_id, currency_code, status, issued_at, due_at,
              total::text AS total, amount_paid::text AS amount_paid, amount_pending::text AS amount_pending
         FROM invoice
        WHERE customer_id = ? AND deleted_at IS NULL AND status <> 'draft'
          AND ${ids ? `id IN (${ids.map(() => "?").join(", ")})` : "currency_code = ? AND status IN ('open', 'partially_paid')"}
        ORDER BY due_at ASC NULLS LAST, issued_at ASC NULLS LAST, display_id ASC`,
      [customerId, ...(ids ?? [selector.currency_code.toLowerCase()])]
    )
    return rows.map((row: any) => ({
      id: row.id,
      display_id: row.display_id,
      customer_id: row.customer_id,
      currency_code: row.currency_code,
      status: row.status,
      issued_at: row.issued_at ? new Date(row.issued_at) : null,
      due_at: row.due_at ? new Date(row.due_at) : null,
      total: minorFromValue(row.total, row.currency_code),
      amount_paid: minorFromValue(row.amount_paid, row.currency_code),
      amount_pending: minorFromValue(row.amount_pending, row.currency_code),
    }))
  }

  /**
   * A customer's payable invoices in one currency (open or partially paid),
   * lean, for the modes that pay over all of them (total balance, current
   * charges, fixed amount): oldest-first from the index, with what each can
   * still take — `amount_due − amount_pending` — computed exactly by
   * PostgreSQL in integer minor units, and the dates as epoch milliseconds,
   * so no row is decoded into big-number or date strings. In the shape the
   * allocation core takes, `total` holds that payable amount (paid and
   * pending are already subtracted), which is all these modes read.
   */
  @InjectManager()
  async listPayableInvoices(
    customerId: string,
    currencyCode: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AllocatableInvoice[]> {
    const manager = (sharedContext.transactionManager ?? sharedContext.manager) as SqlManager
    const currency = currencyCode.toLowerCase()
    const scale = 10n ** BigInt(currencyExponent(currency))
    const rows = await manager.execute(
      `SELECT id, display_id, ((amount_due - amount_pending) * ${scale})::bigint AS payable,
              (extract(epoch FROM due_at) * 1000)::float8 AS due_ms,
              (extract(epoch FROM issued_at) * 1000)::float8 AS issued_ms
         FROM invoice
        WHERE customer_id = ? AND currency_code = ? AND status IN ('open', 'partially_paid') AND deleted_at IS NULL
        ORDER BY due_at ASC NULLS LAST, issued_at ASC NULLS LAST, display_id ASC`,
      [customerId, currency]
    )
    const invoices: AllocatableInvoice[] = new Array(rows.length)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]
      invoices[i] = {
        id: row.id,
        display_id: row.display_id,
        customer_id: customerId,
        currency_code: currency,
        status: "open",
        issued_at: row.issued_ms === null ? null : new Date(row.issued_ms),
        due_at: row.due_ms === null ? null : new Date(row.due_ms),
        total: BigInt(row.payable),
        amount_paid: 0n,
        amount_pending: 0n,
      }
    }
    return invoices
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
    const manager = sharedContext.manager as SqlManager
    const where: string[] = ["deleted_at IS NULL", "customer_id = ?"]
    const params: unknown[] = [filter.customer_id]
    if (filter.status?.length) {
      where.push(`status IN (${filter.status.map(() => "?").join(", ")})`)
      params.push(...filter.status)
    }
    if (filter.currency_code) {
      where.push("currency_code = ?")
      params.push(filter.currency_code)
    }
    if (filter.display_id !== undefined) {
      where.push("display_id = ?")
      params.push(filter.display_id)
    }
    if (filter.notes_ilike) {
      where.push("notes ILIKE ?")
      params.push(filter.notes_ilike)
    }
    for (const field of ["due_at", "issued_at", "created_at"] as const) {
      for (const [op, sql] of [["$gte", ">="], ["$gt", ">"], ["$lte", "<="], ["$lt", "<"]] as const) {
        const value = filter[field]?.[op]
        if (value !== undefined) {
          where.push(`${field} ${sql} ?`)
          params.push(value)
        }
      }
    }
    const descending = page.order.startsWith("-")
    const field = descending ? page.order.slice(1) : page.order
    if (!isInvoiceOrderField(field)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `order: ${page.order} is not a sortable field`)
    }
    // PostgreSQL's default null ordering, so a backward index scan serves "newest first".
    const direction = descending ? "DESC" : "ASC"
    // Qualified: the select list has text aliases of the same names.
    const orderBy =
      field === "display_id"
        ? `invoice.display_id ${direction}`
        : `invoice.${field} ${direction}, invoice.display_id ${direction}`
    const whereSql = where.join(" AND ")
    const [rows, [{ count }]] = await Promise.all([
      manager.execute(
        `SELECT id, display_id, customer_id, currency_code, status, issued_at, due_at,
                subtotal::text AS subtotal, tax_total::text AS tax_total, total::text AS total,
                amount_paid::text AS amount_paid, amount_pending::text AS amount_pending,
                amount_due::text AS amount_due, order_id, notes, created_at, updated_at
           FROM invoice WHERE ${whereSql}
          ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
        [...params, page.limit, page.offset]
      ),
      manager.execute(`SELECT count(*)::int AS count FROM invoice WHERE ${whereSql}`, params),
    ])
    return [rows, count]
  }

  /** The customer's unapplied credit in a currency, minor units. */
  @InjectManager()
  async getCustomerCredit(customerId: string, currencyCode: string, @MedusaContext() sharedContext: Context = {}) {
    const manager = (sharedContext.transactionManager ?? sharedContext.manager) as SqlManager
    const currency = currencyCode.toLowerCase()
    const [row] = await manager.execute(
      `SELECT COALESCE(SUM(unapplied_amount), 0)::text AS credit FROM customer_payment
        WHERE customer_id = ? AND currency_code = ? AND status = 'succeeded' AND deleted_at IS NULL`,
      [customerId, currency]
    )
    return minorFromValue(row.credit, currency)
  }

  /**
   * Stores a verified third-party webhook event once (the provider's event id
   * is unique). Returns whether this delivery created it.
   */
  @InjectManager()
  async storeWebhookEvent(
    input: { provider: string; event_id: string; type: string; payload: Record<string, unknown>; received_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; created: boolean }> {
    const [existing] = await this.listWebhookEvents(
      { provider: input.provider, event_id: input.event_id },
      { select: ["id"], take: 1 },
      sharedContext
    )
    if (existing) return { id: existing.id, created: false }
    try {
      const created = await this.createWebhookEvents(input as any, sharedContext)
      return { id: created.id, created: true }
    } catch (e: any) {
      // A concurrent redelivery inserted it first.
      const [row] = await this.listWebhookEvents(
        { provider: input.provider, event_id: input.event_id },
        { select: ["id"], take: 1 },
        sharedContext
      )
      if (row) return { id: row.id, created: false }
      throw e
    }
  }

  /**
   * Per-currency balances of a customer, from stored columns only, at a cost
   * that does not grow with the number of invoices: the total balance is the
   * last ledger entry's `balance_after`; past due is what is owed minus the
   * invoices not yet due (a short index range); current charges is one index
   * probe; pending and credit come from the customer's in-flight and
   * credit-carrying payments, which are few. (Every filter repeats
   * `deleted_at IS NULL`: Medusa's indexes are partial on it.)
   */
  @InjectManager()
  async getAccountBalances(
    customerId: string,
    options: { now: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AccountBalance[]> {
    const manager = sharedContext.manager as SqlManager
    const rows = await manager.execute(
      `WITH RECURSIVE currencies AS (
         (SELECT currency_code FROM ledger_entry WHERE customer_id = :customer AND deleted_at IS NULL
           ORDER BY currency_code LIMIT 1)
         UNION ALL
         SELECT (SELECT l.currency_code FROM ledger_entry l
                  WHERE l.customer_id = :customer AND l.currency_code > c.currency_code AND l.deleted_at IS NULL
                  ORDER BY l.currency_code LIMIT 1)
           FROM currencies c WHERE c.currency_code IS NOT NULL
       )
       SELECT c.currency_code,
              (SELECT l.balance_after::text FROM ledger_entry l
                WHERE l.customer_id = :customer AND l.currency_code = c.currency_code AND l.deleted_at IS NULL
                ORDER BY l.sequence DESC LIMIT 1) AS balance,
              ((SELECT COALESCE(SUM(i.amount_due), 0) FROM invoice i
                 WHERE i.customer_id = :customer AND i.currency_code = c.currency_code
                   AND i.status IN ('open', 'partially_paid') AND i.deleted_at IS NULL AND i.due_at >= :now)
               + (SELECT COALESCE(SUM(i.amount_due), 0) FROM invoice i
                 WHERE i.customer_id = :customer AND i.currency_code = c.currency_code
                   AND i.status IN ('open', 'partially_paid') AND i.deleted_at IS NULL AND i.due_at IS NULL)
              )::text AS not_yet_due,
              (SELECT (i.amount_due - i.amount_pending)::text FROM invoice i
                WHERE i.customer_id = :customer AND i.currency_code = c.currency_code
                  AND i.status IN ('open', 'partially_paid') AND i.deleted_at IS NULL
                ORDER BY i.issued_at DESC NULLS LAST, i.display_id DESC LIMIT 1) AS current_charges,
              (SELECT COALESCE(SUM(p.unapplied_amount), 0)::text FROM customer_payment p
                WHERE p.customer_id = :customer AND p.currency_code = c.currency_code
                  AND p.status = 'succeeded' AND p.unapplied_amount > 0 AND p.deleted_at IS NULL) AS credit,
              (SELECT COALESCE(SUM(a.amount), 0)::text FROM customer_payment p
                 JOIN payment_allocation a ON a.customer_payment_id = p.id
                WHERE p.customer_id = :customer AND p.currency_code = c.currency_code
                  AND p.status IN ('pending', 'processing') AND p.deleted_at IS NULL
                  AND a.status = 'reserved' AND a.deleted_at IS NULL) AS pending
         FROM currencies c
        WHERE c.currency_code IS NOT NULL
        ORDER BY c.currency_code`.replace(/:now/g, "?").replace(/:customer/g, "?"),
      // one binding per placeholder, in order of appearance
      [customerId, customerId, customerId, customerId, options.now, customerId, customerId, customerId, customerId]
    )
    return rows.map((row: any) => {
      const c = row.currency_code
      const balance = minorFromValue(row.balance ?? "0", c)
      const credit = minorFromValue(row.credit, c)
      // balance = owed − credit (invariant 3), so owed = balance + credit
      const owed = balance + credit
      return {
        currency_code: c,
        total_balance: balance,
        current_charges: row.current_charges == null ? 0n : minorFromValue(row.current_charges, c),
        past_due: maxBig(owed - minorFromValue(row.not_yet_due, c), 0n),
        pending: minorFromValue(row.pending, c),
        credit,
      }
    })
  }
}

function priceLines(lines: DraftInvoiceLineInput[], currency: string) {
  let priced: ReturnType<typeof priceInvoiceLines>
  try {
    // every price, line total and the invoice total within MAX_AMOUNT_MINOR
    priced = priceInvoiceLines(lines, currency)
  } catch (e) {
    if (e instanceof MoneyError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
    throw e
  }
  return lines.map((line, index) => {
    const unitPrice = priced.unitPrices[index]
    const totalMinor = priced.lineTotals[index]
    return {
      totalMinor,
      data: {
        title: line.title,
        description: line.description ?? null,
        quantity: line.quantity,
        unit_price: toMajor(unitPrice, currency),
        total: toMajor(totalMinor, currency),
        service_date: line.service_date ?? null,
      },
    }
  })
}

function invoiceAmounts(subtotal: bigint, currency: string) {
  const amount = toMajor(subtotal, currency)
  return { subtotal: amount, tax_total: "0", total: amount, amount_paid: "0", amount_pending: "0", amount_due: "0" }
}

/**
 * What is left to refund on a payment; with `amount`, also checks that amount
 * against it. Refusals are 400s naming the field.
 */
function assertRefundable(
  payment: { status: string; currency_code: string; amount: string; refunded_amount: string },
  amount: bigint | null
): bigint {
  const c = payment.currency_code
  if (payment.status !== "succeeded") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Only succeeded payments can be refunded; this one is ${payment.status}`)
  }
  const refundable = minorFromValue(payment.amount, c) - minorFromValue(payment.refunded_amount, c)
  if (refundable <= 0n) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The payment is already fully refunded")
  }
  if (amount !== null && (amount <= 0n || amount > refundable)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, refundAmountMessage(refundable, c))
  }
  return refundable
}

function refundAmountMessage(refundable: bigint, currency: string) {
  return `amount must be greater than 0 and at most ${toMajor(refundable, currency)} ${currency.toUpperCase()}`
}

/**
 * What a new refund may still take: the refundable amount less the refunds
 * begun but not yet recorded (their money may already be on its way back).
 */
function refundableAfterPending(
  payment: { status: string; currency_code: string; amount: string; refunded_amount: string },
  pending: bigint
): bigint {
  const refundable = assertRefundable(payment, null) - pending
  if (refundable <= 0n) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The payment is already fully refunded")
  }
  return refundable
}

/**
 * Medusa's generated create/update methods only persist into the ORM's unit
 * of work; this writes them out so raw SQL later in the same transaction
 * sees them.
 */
async function flushPending(sharedContext: Context) {
  await (sharedContext.transactionManager as any)?.flush?.()
}

/** The ledger entry a succeeded payment posts: its whole amount, applied or left as credit. */
function paymentPosting(
  payment: { id: string; customer_id: string; currency_code: string; amount: bigint; occurred_at: Date },
  description?: string | null
): LedgerPosting {
  return {
    customer_id: payment.customer_id,
    currency_code: payment.currency_code,
    type: "payment",
    amount: payment.amount,
    reference_type: "customer_payment",
    reference_id: payment.id,
    description: description ?? "Payment received",
    occurred_at: payment.occurred_at,
  }
}

/** "60.50" → "60.5", "40.00" → "40": the form the ORM stores big numbers in. */
function trimDecimal(value: string): string {
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value
}

/**
 * SET assignments for Medusa big-number columns written with raw SQL: the
 * numeric column and its `raw_` twin (`{ value, precision: 20 }`, as the ORM
 * writes it), from exact decimal strings.
 */
function bigNumberSet(values: Record<string, string>): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  for (const [field, decimal] of Object.entries(values)) {
    const value = trimDecimal(decimal)
    parts.push(`${field} = ?::numeric`, `raw_${field} = ?::jsonb`)
    params.push(value, JSON.stringify({ value, precision: 20 }))
  }
  return { sql: parts.join(", "), params }
}

/**
 * The customer's transaction-scoped advisory lock (the one reservePayment_
 * takes). Every transaction that moves credit takes it before any row lock,
 * so two of them for one customer serialise instead of locking invoices and
 * credit-carrying payments in opposite orders.
 */
async function lockCustomer(manager: SqlManager, customerId: string) {
  await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [`billing-customer:${customerId}`])
}

/** lockCustomer for the customer of an invoice or payment (read without a row lock: it never changes). */
async function lockCustomerOf(manager: SqlManager, table: "invoice" | "customer_payment", id: string) {
  const [row] = await manager.execute(`SELECT customer_id FROM ${table} WHERE id = ? AND deleted_at IS NULL`, [id])
  if (row) await lockCustomer(manager, row.customer_id)
}

async function lockInvoice(manager: SqlManager, id: string): Promise<LockedInvoiceRow> {
  const [row] = await manager.execute(
    `SELECT id, display_id, customer_id, currency_code, status, issued_at,
            total::text AS total, amount_paid::text AS amount_paid,
            amount_pending::text AS amount_pending, amount_due::text AS amount_due
       FROM invoice WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
    [id]
  )
  if (!row) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Invoice with id: ${id} was not found`)
  }
  return row
}

export default InvoicingModuleService
