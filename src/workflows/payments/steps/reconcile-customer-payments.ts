import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { PaymentOutcome } from "../../../modules/invoicing/service"
import { processWebhookEvent } from "../process-webhook-event"
import { adapterFor } from "../../../providers/adapters"
import { readProviderPaymentStatus } from "../../../providers/internals/payment-provider-service"
import { recordLateCapture, recordOutcome, recordReversal } from "../record-outcome"
import {
  announceCapture,
  authorizeAndCapture,
  type CapturedPayment,
  receiptNextAction,
  recoverLostProviderObject,
  SAVED_METHOD_GONE,
  undoSessionlessProviderObject,
} from "./charge-customer-payment"
import { PAYMENT_METHOD_UNAVAILABLE } from "../../../domain/credit"
import { isLockBusy, paymentLockKey, withPaymentLock } from "../customer-lock"

export type ReconcileCustomerPaymentsStepInput = {
  /** workflow inputs are serialised: a Date arrives as its ISO string */
  now: Date | string
  /** pending payments younger than this are left alone (a client may still be confirming) */
  stale_after_minutes: number
  /** pending payments older than this that never got authorized are expired */
  abandon_after_minutes: number
  /**
   * bank debits still `processing` this long after they were made are re-read
   * from the provider (their settlement webhook may have been lost); default 60
   */
  processing_stale_after_minutes?: number
  customer_id?: string
  /**
   * Only this payment (an admin's "check with the provider now"): its
   * pending or processing status is settled as a run would, and nothing else
   * is looked at (no late captures, no stored webhook events).
   */
  payment_id?: string
}

export type ReconcileSummary = {
  checked: number
  succeeded: number
  processing: number
  failed: number
  expired: number
  reversed: number
  /** failed or expired payments the provider captured after all, now recorded as succeeded */
  late_captures: number
  /** pending payments left to the next run: being completed right now (their lock was held) */
  busy: number
}

/** How far back the reconciler looks for captures on payments we had given up on. */
const LATE_CAPTURE_WINDOW_DAYS = 30

/**
 * How long a session whose provider object was never learned, and is not
 * found at the provider, is looked for again before the payment expires: a
 * provider may still report an object made by a request it answered with an
 * error (Stripe says so of its 500s; its idempotency keys last a day).
 */
const LOST_OBJECT_GRACE_MS = 24 * 60 * 60 * 1000

/**
 * How long a run waits for a payment's lock, held by its completion (the
 * provider's answers take seconds at most), before leaving it to the next run.
 */
const PAYMENT_LOCK_WAIT_SECONDS = 5

/** At most this many processing payments are re-read from the provider per run (one provider call each). */
const PROCESSING_BATCH = 200

export const reconcileCustomerPaymentsStepId = "reconcile-customer-payments"

/**
 * Brings payments stuck in `pending` to the state the Payment Module knows
 * they are in — a process that died between the provider call and recording
 * its outcome — without charging anyone twice: a captured payment is only
 * recorded; an authorized card payment is captured (completing the one
 * charge); an unauthorized attempt past the abandon threshold is expired and
 * its reservations released. Stripe events stored but never processed are
 * retried here too.
 */
/**
 * How long a bank debit may wait on the customer's micro-deposit
 * verification before the reconciler expires it: Stripe's deposits arrive in
 * one or two business days and the customer then has about ten days to
 * enter them.
 */
export const BANK_VERIFICATION_WINDOW_DAYS = 10

export const reconcileCustomerPaymentsStep = createStep(
  reconcileCustomerPaymentsStepId,
  async (input: ReconcileCustomerPaymentsStepInput, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const paymentModule = container.resolve(Modules.PAYMENT)
    const now = new Date(input.now).getTime()
    const staleBefore = new Date(now - input.stale_after_minutes * 60_000)
    const abandonBefore = new Date(now - input.abandon_after_minutes * 60_000)
    const verificationBefore = new Date(now - BANK_VERIFICATION_WINDOW_DAYS * 24 * 60 * 60_000)
    const only = {
      ...(input.customer_id ? { customer_id: input.customer_id } : {}),
      ...(input.payment_id ? { id: input.payment_id } : {}),
    }
    const stuck = await invoicing.listCustomerPayments(
      {
        status: "pending",
        created_at: { $lt: staleBefore },
        ...only,
      },
      { select: ["id", "customer_id", "method", "created_at", "payment_collection_id", "provider_id", "metadata"], take: 500, order: { created_at: "ASC" } }
    )
    const summary: ReconcileSummary = {
      checked: stuck.length,
      succeeded: 0,
      processing: 0,
      failed: 0,
      expired: 0,
      reversed: 0,
      late_captures: 0,
      busy: 0,
    }
    // Why a payment cannot be finished, for an admin (flagged on the payment
    // when the run ends, however it ends, if it is still in the status the
    // run saw); the payments that waited without a problem this run lose an
    // earlier flag.
    const problems = new Map<string, { reason: string; status: "pending" | "processing" }>()
    const waitedFine: string[] = []
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    try {
      for (const payment of stuck) {
        const attention = (reason: string) => problems.set(payment.id, { reason, status: "pending" })
        try {
          // one at a time with its completion (the customer's `/complete`): never authorized or captured twice at once
          await withPaymentLock(
            container,
            payment.id,
            async () => {
              // read again under the lock: a completion that held it may have settled the payment
              const [current] = await invoicing.listCustomerPayments({ id: payment.id }, { select: ["id", "status"], take: 1 })
              if (current?.status !== "pending") return
              let outcome: PaymentOutcome | null = null
              // a capture made here is announced once its outcome is recorded (as the payment workflow does)
              const captures: CapturedPayment[] = []
              // a capture a process made before it died, never announced (that comes after the record):
              // announced by whoever records the outcome — here, if this run does
              let unannounced: CapturedPayment | null = null
              if (!payment.payment_collection_id) {
                // The provider was never reached.
                if (new Date(payment.created_at) < abandonBefore) outcome = { status: "canceled", failure_reason: "abandoned" }
              } else {
                const [collection] = await paymentModule.listPaymentCollections(
                  { id: payment.payment_collection_id },
                  { relations: ["payments", "payments.captures"], take: 1 }
                )
                const medusaPayment = collection?.payments?.[0]
                const transaction_id = medusaPayment ? String((medusaPayment.data as any)?.id ?? medusaPayment.id) : undefined
                if (medusaPayment?.captured_at || medusaPayment?.captures?.length) {
                  outcome = { status: "succeeded", transaction_id }
                  unannounced = { id: medusaPayment.id, payment_collection_id: payment.payment_collection_id }
                } else if (medusaPayment && !medusaPayment.canceled_at) {
                  if (payment.method === "card") {
                    const [session] = await paymentModule.listPaymentSessions(
                      { payment_collection_id: payment.payment_collection_id },
                      { select: ["id"], take: 1, order: { created_at: "DESC" } }
                    )
                    const charged = await authorizeAndKeepCapture(captures, container, {
                      payment_id: payment.id,
                      session_id: session.id,
                      method: payment.method,
                      payment_collection_id: payment.payment_collection_id,
                      provider_id: payment.provider_id ?? "",
                    })
                    outcome = charged.outcome
                    // authorized at the provider minutes ago or more, and the payment
                    // could not be completed: an authorization lapses
                    if (!outcome) {
                      attention(
                        `This card payment is authorized at the provider, but billing could not complete it (${charged.unanswered ?? "no answer"}); it tries again on every run. A card authorization lapses after about seven days.`
                      )
                    }
                  } else {
                    outcome = { status: "processing", transaction_id }
                  }
                } else if (new Date(payment.created_at) < abandonBefore) {
                  // Not abandoned: the customer is verifying the bank account by
                  // micro-deposits, which arrive a day or two later (the receipt
                  // offers Stripe's verification page); expired only past the window.
                  if (
                    !medusaPayment?.canceled_at &&
                    new Date(payment.created_at) >= verificationBefore &&
                    (await receiptNextAction(container, payment.id))
                  ) {
                    waitedFine.push(payment.id)
                    return
                  }
                  outcome = medusaPayment?.canceled_at
                    ? { status: "canceled", failure_reason: "expired" }
                    : await cancelAbandonedAtProvider(container, captures, {
                        id: payment.id,
                        method: payment.method,
                        payment_collection_id: payment.payment_collection_id,
                        provider_id: payment.provider_id ?? "",
                        customer_id: payment.customer_id,
                        created_at: payment.created_at,
                        saved_method_gone: (payment.metadata as Record<string, unknown> | null)?.[SAVED_METHOD_GONE] === true,
                        now,
                        attention,
                      })
                }
              }
              if (!outcome) {
                if (!problems.has(payment.id)) waitedFine.push(payment.id)
                return
              }
              let recorded: Awaited<ReturnType<typeof recordOutcome>>
              try {
                recorded = await recordOutcome(container, payment.id, outcome)
              } finally {
                for (const captured of captures) await announceCapture(container, captured)
              }
              if (!recorded.changed) {
                // still waiting as it was (a card on its 3-D Secure step): no problem of its own
                if (recorded.status === "pending" && !problems.has(payment.id)) waitedFine.push(payment.id)
                return
              }
              if (recorded.status === "succeeded") await announceCapture(container, unannounced)
              if (recorded.status === "succeeded") summary.succeeded++
              else if (recorded.status === "processing") summary.processing++
              else if (recorded.status === "canceled") summary.expired++
              else if (recorded.status === "failed") summary.failed++
            },
            PAYMENT_LOCK_WAIT_SECONDS
          )
        } catch (e: any) {
          // being completed right now: the next run looks at it again if it is still pending
          if (isLockBusy(e, paymentLockKey(payment.id))) {
            summary.busy++
            continue
          }
          // One payment's failure does not stop the others; someone must look.
          logger.error(`billing: reconciling payment ${payment.id} failed: ${e?.message ?? e}`)
          attention(`Billing could not finish this payment: ${e?.message ?? e}`)
        }
      }
      // Bank debits whose settlement webhook never came: the provider knows.
      const processingBefore = new Date(now - (input.processing_stale_after_minutes ?? 60) * 60_000)
      const processing = await invoicing.listCustomerPayments(
        {
          status: "processing",
          created_at: { $lt: processingBefore },
          ...only,
        },
        { select: ["id", "customer_id", "created_at", "payment_collection_id", "provider_id"], take: PROCESSING_BATCH, order: { created_at: "ASC" } }
      )
      summary.checked += processing.length
      for (const payment of processing) {
        let read: ProviderReading
        try {
          read = await settledByProvider(container, payment)
        } catch (e: any) {
          // Provider unreachable (or what it said could not be recorded): the next run asks again.
          logger.warn(`billing: could not re-read payment ${payment.id}: ${e?.message ?? e}`)
          problems.set(payment.id, { reason: `Where this bank payment stands could not be read from the provider, or recorded: ${e?.message ?? e}`, status: "processing" })
          continue
        }
        if (!read.outcome) {
          if (read.unknown) problems.set(payment.id, { reason: read.unknown, status: "processing" })
          else waitedFine.push(payment.id)
          continue
        }
        // (false while a return the provider reported is not kept on the payment)
        let returnKept = !read.returned
        try {
          // A return is recorded first, while the payment is still processing: it is kept on the payment
          // and applied with its success, in one transaction. Recorded after the success, a return whose
          // record failed (the customer's lock busy) was lost: the payment had left `processing`, so no
          // later run read it again. If the return cannot be recorded now, nothing is, and the next run
          // reads the payment again.
          if (read.returned) await recordReversal(container, payment.id, read.returned)
          returnKept = true
          const recorded = await recordOutcome(container, payment.id, read.outcome)
          if (recorded.changed && (recorded.status === "succeeded" || recorded.status === "reversed")) summary.succeeded++
          else if (recorded.changed && recorded.status === "failed") summary.failed++
          else if (recorded.changed && recorded.status === "canceled") summary.expired++
          if (recorded.changed && recorded.status === "reversed") summary.reversed++
        } catch (e: any) {
          logger.error(`billing: reconciling payment ${payment.id} failed: ${e?.message ?? e}`)
          problems.set(payment.id, { reason: `Billing could not record what the provider says of this bank payment: ${e?.message ?? e}`, status: "processing" })
        } finally {
          // Announced after the record (our subscriber then finds it settled instead of
          // racing this run); also when the record failed, so the subscriber can try —
          // unless a return could not be kept: the subscriber would record the success
          // without it, and no run would read the payment again. The next run does.
          if (returnKept) await announceCapture(container, read.captured)
        }
      }
      // One payment checked on an admin's request: nothing else.
      if (input.payment_id) return new StepResponse(summary)
      // Money captured for payments we had given up on, whose payment.captured
      // event was lost: recorded, never dropped (invariant 6).
      const givenUp = await invoicing.listCustomerPayments(
        {
          status: ["failed", "canceled"],
          payment_collection_id: { $ne: null },
          created_at: { $gte: new Date(now - LATE_CAPTURE_WINDOW_DAYS * 24 * 60 * 60_000) },
          ...(input.customer_id ? { customer_id: input.customer_id } : {}),
        } as any,
        { select: ["id", "payment_collection_id", "transaction_id"], take: 500, order: { created_at: "DESC" } }
      )
      if (givenUp.length) {
        const collections = await paymentModule.listPaymentCollections(
          { id: givenUp.map((p) => p.payment_collection_id!) },
          { select: ["id"], relations: ["payments", "payments.captures"] }
        )
        const captured = new Map<string, any>()
        for (const collection of collections) {
          const paid = collection.payments?.find((p: any) => p.captured_at || p.captures?.length)
          if (paid) captured.set(collection.id, paid)
        }
        for (const payment of givenUp) {
          const medusaPayment = captured.get(payment.payment_collection_id!)
          if (!medusaPayment) continue
          const recorded = await recordLateCapture(container, payment.id, {
            transaction_id: payment.transaction_id ?? String((medusaPayment.data as any)?.id ?? medusaPayment.id),
            occurred_at: new Date(),
          })
          if (recorded.changed) summary.late_captures++
        }
      }
      // Webhook events stored but not processed (a crash right after the 2xx).
      const retryBefore = new Date(now - 60_000)
      const unprocessed = await invoicing.listWebhookEvents(
        { processed_at: null, received_at: { $lt: retryBefore }, attempts: { $lt: 10 } },
        { select: ["id"], take: 100, order: { received_at: "ASC" } }
      )
      for (const row of unprocessed) {
        await processWebhookEvent(container, row.id).catch(() => undefined) // counted on the row
      }
    } finally {
      for (const [paymentId, { reason, status }] of problems) await invoicing.flagPaymentAttention(paymentId, reason, status)
      await invoicing.clearPaymentAttention(waitedFine)
    }
    return new StepResponse(summary)
  }
)

/**
 * Before an abandoned payment expires, its provider object is canceled, so it
 * can no longer take money we would not record: each provider session of its
 * collection is deleted through the Payment Module (the provider's
 * `deletePayment`: Stripe cancels the PaymentIntent, the sandbox cancels an
 * authorized payment) — no Medusa payment exists yet on this path, so there
 * is nothing for `cancelPayment`. A provider that already holds the money
 * (authorized or captured: the customer confirmed after all) is completed
 * and recorded as succeeded instead; a provider that refuses to cancel for
 * another reason, or cannot be reached, leaves the payment pending for the
 * next run. The outcome to record, or null.
 */
async function cancelAbandonedAtProvider(
  container: any,
  captures: CapturedPayment[],
  payment: {
    id: string
    customer_id: string
    created_at: Date | string
    method: string
    payment_collection_id: string
    provider_id: string
    /** its saved method was gone at the provider when it was charged, and the provider's answer never came */
    saved_method_gone?: boolean
    /** the run's time (ms) */
    now: number
    /** why the payment waits, when someone must look (the admin sees it on the payment) */
    attention: (reason: string) => void
  }
): Promise<PaymentOutcome | null> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const sessions = await paymentModule.listPaymentSessions(
    { payment_collection_id: payment.payment_collection_id },
    { select: ["id", "provider_id", "data", "context", "status", "amount", "currency_code"], order: { created_at: "DESC" } }
  )
  const complete = async (sessionId: string) => {
    const { outcome } = await authorizeAndKeepCapture(captures, container, {
      payment_id: payment.id,
      session_id: sessionId,
      method: payment.method,
      payment_collection_id: payment.payment_collection_id,
      provider_id: payment.provider_id,
    })
    if (!outcome) payment.attention("The provider holds money for this abandoned payment, and billing could not complete it there yet: its authorization was not answered.")
    return outcome
  }
  const holdsMoney = async (session: any) => {
    const { status } = await readProviderPaymentStatus(paymentModule, session.provider_id, session.data ?? {})
    return status === "captured" || status === "authorized"
  }
  if (!sessions.length && payment.provider_id) {
    // The create threw (Stripe unreachable through every retry) and the
    // module deleted the session: the provider may hold an object anyway.
    try {
      const undone = await undoSessionlessProviderObject(container, payment)
      // nothing kept, and the method is gone: what the charge would have said had the provider answered
      if (undone?.status === "canceled" && payment.saved_method_gone) return { status: "failed", failure_reason: PAYMENT_METHOD_UNAVAILABLE }
      return undone
    } catch (e: any) {
      // Waits, its invoices reserved (the provider may hold money for it): an
      // error every run until the provider answers, or someone looks.
      logger.error(`billing: abandoned payment ${payment.id}: what its provider holds could not be undone or read: ${e?.message ?? e}`)
      payment.attention(`What the provider may hold for this payment (its answer to the charge was lost) could not be read or undone: ${e?.message ?? e}`)
      return null
    }
  }
  for (const session of sessions) {
    if (!adapterFor(container, session.provider_id).objectId((session.data ?? {}) as Record<string, any>)) {
      // The provider's answer to creating this session was lost (Stripe's
      // 500): found at the provider and adopted, it is completed or canceled
      // below like any other; none there, nothing can take money for it.
      try {
        const found = await recoverLostProviderObject(container, {
          payment_id: payment.id,
          customer_id: payment.customer_id,
          created_at: payment.created_at,
          session,
        })
        if (!found) {
          // Not there (yet: a provider may still report an object created by a
          // request it answered with an error — Stripe says so of its 500s).
          // Asked again every run for a day, then nothing can take money for
          // the session: dropped (nothing to cancel at the provider).
          const givenUpAt = new Date(payment.created_at).getTime() + LOST_OBJECT_GRACE_MS
          if (payment.now < givenUpAt) {
            payment.attention(
              `The provider's answer to this charge was lost and nothing made for it is found there yet; ` +
                `it is looked for on every run until ${new Date(givenUpAt).toISOString()}, then the payment expires.`
            )
            return null
          }
          await paymentModule.deletePaymentSession(session.id)
          continue
        }
        session.data = found
      } catch (e: any) {
        logger.warn(`billing: abandoned payment ${payment.id}: its session's provider object is unknown: ${e?.message ?? e}`)
        payment.attention(`The provider's object for this payment (its answer to the charge was lost) could not be found or checked: ${e?.message ?? e}`)
        return null
      }
    }
    // A provider object declined there (found for a session that never
    // learned it, now or by a run that adopted it and stopped before
    // recording): the payment failed, with the provider's reason. A session
    // the customer's browser confirms keeps what its create answered, which
    // holds no decline.
    const declined = adapterFor(container, session.provider_id).declineReason((session.data ?? {}) as Record<string, any>)
    try {
      if (await holdsMoney(session)) return await complete(session.id)
      await paymentModule.deletePaymentSession(session.id)
      if (declined) return { status: "failed", failure_reason: declined }
    } catch (e: any) {
      // Refused: most likely the provider took the money in the meantime.
      try {
        if (await holdsMoney(session)) return await complete(session.id)
      } catch {
        // unreachable: ask again on the next run
      }
      logger.warn(`billing: could not cancel abandoned payment ${payment.id} at the provider: ${e?.message ?? e}`)
      payment.attention(`This abandoned payment could not be completed or canceled at the provider: ${e?.message ?? e}`)
      return null
    }
  }
  return { status: "canceled", failure_reason: "expired" }
}

type ProviderReading = {
  outcome: PaymentOutcome | null
  returned?: { reason: string; occurred_at: Date }
  /** no outcome because the provider could not be asked about it, not because it is on its way: why, for the admin */
  unknown?: string
  /** the Payment Module payment this reading captured, announced once the outcome is recorded */
  captured?: CapturedPayment
}

/**
 * Where a `processing` payment really is, from the provider's
 * `getPaymentStatus`: settled (captured in the Payment Module here if the
 * webhook that would have done it was lost — once: a captured payment is not
 * captured again), failed, canceled, or still on its way (no outcome).
 */
async function settledByProvider(
  container: any,
  payment: { id: string; customer_id: string; created_at: Date | string; payment_collection_id: string | null; provider_id: string | null }
): Promise<ProviderReading> {
  if (!payment.payment_collection_id || !payment.provider_id) {
    return {
      outcome: null,
      unknown: "This bank payment has no record at a payment provider to ask about; only the provider's webhook can settle it.",
    }
  }
  const paymentModule = container.resolve(Modules.PAYMENT)
  const [collection] = await paymentModule.listPaymentCollections(
    { id: payment.payment_collection_id },
    { relations: ["payments", "payments.captures", "payment_sessions"], take: 1 }
  )
  const medusaPayment = collection?.payments?.[0]
  const session = [...(collection?.payment_sessions ?? [])].sort(
    (a: any, b: any) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime()
  )[0]
  let known = (medusaPayment?.data ?? session?.data ?? {}) as Record<string, any>
  if (!medusaPayment && session && !adapterFor(container, payment.provider_id).objectId(known)) {
    // A bank debit whose creation the provider never answered, reported
    // processing by its webhook: found at the provider and adopted, or asked again next run.
    const found = await recoverLostProviderObject(container, {
      payment_id: payment.id,
      customer_id: payment.customer_id,
      created_at: payment.created_at,
      session,
    })
    if (!found) {
      return {
        outcome: null,
        unknown:
          "The provider reported this bank payment processing, but the provider's answer to creating it was lost and its object is not found at the provider yet; billing looks for it again on every run.",
      }
    }
    known = found
  }
  const captured = !!(medusaPayment?.captured_at || medusaPayment?.captures?.length)
  const { status, data: fresh = {} } = await readProviderPaymentStatus(paymentModule, payment.provider_id, known)
  const transaction_id = String((fresh as any).id ?? known.id ?? medusaPayment?.id ?? "") || undefined
  switch (status) {
    case "captured": {
      // Captured with the module (what core's capture workflow does for a collection of no
      // order), announced by the caller once the outcome is recorded.
      let capturedNow: CapturedPayment | undefined
      if (!captured) {
        if (medusaPayment) {
          await paymentModule.capturePayment({ payment_id: medusaPayment.id })
          capturedNow = { id: medusaPayment.id, payment_collection_id: payment.payment_collection_id }
        } else if (session) {
          // Stripe-style async debit: never authorized in Medusa; authorizing re-reads the provider.
          const authorized = await paymentModule.authorizePaymentSession(session.id, {})
          if (authorized && !authorized.captured_at) {
            await paymentModule.capturePayment({ payment_id: authorized.id })
            capturedNow = { id: authorized.id, payment_collection_id: payment.payment_collection_id }
          }
        }
      }
      const f = fresh as Record<string, any>
      const returned =
        f.ach_status === "returned"
          ? {
              reason: f.return_code ? `returned (${f.return_code})` : "returned",
              occurred_at: f.returns_at ? new Date(f.returns_at) : new Date(),
            }
          : undefined
      return { outcome: { status: "succeeded", transaction_id }, returned, captured: capturedNow }
    }
    case "error":
      return { outcome: { status: "failed", failure_reason: adapterFor(container, payment.provider_id).failureReason(fresh, "failed"), transaction_id } }
    case "canceled":
      return { outcome: { status: "canceled", failure_reason: adapterFor(container, payment.provider_id).failureReason(fresh, "canceled") } }
    default:
      return { outcome: null }
  }
}

/**
 * The reconciler's authorize and capture: a capture it made is kept in
 * `captures`, announced (`payment.captured`) once the outcome is recorded —
 * our subscriber then finds the payment settled instead of racing the
 * reconciler to record it.
 */
async function authorizeAndKeepCapture(
  captures: CapturedPayment[],
  container: any,
  input: Parameters<typeof authorizeAndCapture>[1]
) {
  const charged = await authorizeAndCapture(container, input)
  if (charged.captured) captures.push(charged.captured)
  return charged
}
