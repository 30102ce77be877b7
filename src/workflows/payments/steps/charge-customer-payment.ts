import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { PaymentOutcome } from "../../../modules/invoicing/service"
import type { PaymentVerificationRow } from "../../../modules/invoicing/repositories/payments"
import { PAYMENT_METHOD_UNAVAILABLE, PROVIDER_ERROR, PROVIDER_OBJECT_MISMATCH } from "../../../domain/credit"
import {
  adapterFor,
  type MethodDetails,
  type NextAction,
  type PaymentMethodInput,
  type PaymentProviderAdapter,
} from "../../../providers/adapters"
import { toMajor } from "../../../domain/money"
import { minorFromField } from "../../../utils/money"
import {
  type AccountHolder,
  assertEnrollmentCharges,
  customerWithAccountHolders,
  holderFor,
  listHolderPaymentMethods,
  type PaymentCustomer,
  type SavedMethodType,
} from "../../payment-methods/payment-methods"
import { crashPoint } from "../../../utils/crash-points"
import {
  paymentProviderInstance,
  readProviderPaymentStatus,
  undoAtProvider,
} from "../../../providers/internals/payment-provider-service"
import { isLockBusy, paymentLockKey, withCustomerLock, withPaymentLock } from "../customer-lock"
import { AUTOPAY_TURNED_OFF } from "../../../domain/autopay"
import type { EnrolledMethod } from "./validate-payment-method"

export type { NextAction, PaymentMethodInput }

export type ChargeCustomerPaymentStepInput = {
  payment_id: string
  /** false when an earlier request with the same key already charged it */
  created: boolean
  /** what to charge (major units, exact) and in which currency; read from the payment when absent */
  amount?: string
  currency_code?: string
  customer_id: string
  provider_id: string
  payment_method: PaymentMethodInput
  /** a saved method's display details (validate step), recorded for the receipt */
  method_details?: MethodDetails | null
  /** a saved method's account holder and the customer as providers see them (validate step) */
  account_holder?: AccountHolder | null
  payment_customer?: PaymentCustomer | null
  off_session?: boolean
  /** an autopay charge: sent only while its enrollment still charges this method (see `chargeCustomerPayment`) */
  enrolled_method?: EnrolledMethod | null
}

/** A Payment Module payment this call captured (to announce as `payment.captured`). */
export type CapturedPayment = { id: string; payment_collection_id: string }

export type ChargeCustomerPaymentStepOutput = {
  payment_id: string
  outcome: PaymentOutcome | null
  next_action: NextAction | null
  /** set when this call captured the payment: announced after the outcome is recorded */
  captured?: CapturedPayment | null
  /** why there is no outcome when authorizing was not answered (the error's message) */
  unanswered?: string
}

export const chargeCustomerPaymentStepId = "charge-customer-payment"

/**
 * The provider call, outside any database transaction (the reservation is
 * already committed): a payment collection for this payment, a session with
 * the provider, authorize, and — for cards — capture, the path Medusa core
 * uses to mark a payment collection as paid. What the provider answered is
 * returned as an outcome for the next step to record; a provider that cannot
 * be reached leaves the payment `pending` for the reconciler.
 */
export const chargeCustomerPaymentStep = createStep(
  chargeCustomerPaymentStepId,
  async (input: ChargeCustomerPaymentStepInput, { container }) => {
    if (!input.created) {
      // A replay of the same key and body: nothing is charged again, but a
      // payment still waiting on the client answers with the same next_action.
      return new StepResponse<ChargeCustomerPaymentStepOutput>({
        payment_id: input.payment_id,
        outcome: null,
        next_action: await pendingNextAction(container, input.payment_id),
      })
    }
    return new StepResponse<ChargeCustomerPaymentStepOutput>(await chargeCustomerPayment(container, input))
  }
)

/**
 * The provider call of a reserved payment; its outcome is for the caller to
 * record. An autopay charge is made under the customer's lock, which a
 * cancel, a pause and a new consent take too: its enrollment is checked
 * again there, and a charge whose customer turned autopay off after it was
 * reserved is released (`canceled`, `autopay_turned_off`) without reaching
 * the provider. A cancel answered before the charge began is never followed
 * by it; one that comes while the provider is charging waits for it.
 */
export async function chargeCustomerPayment(
  container: any,
  input: Omit<ChargeCustomerPaymentStepInput, "created">
): Promise<ChargeCustomerPaymentStepOutput> {
  const enrolled = input.enrolled_method
  const savedMethodId = input.payment_method.saved_method_id
  if (!enrolled || !savedMethodId) return await chargeAtProvider(container, input)
  return await withCustomerLock(container, input.customer_id, async () => {
    try {
      await assertEnrollmentCharges(container, {
        customer_id: input.customer_id,
        provider_id: input.provider_id,
        type: input.payment_method.type as SavedMethodType,
        saved_method_id: savedMethodId,
        enrollment_id: enrolled.enrollment_id,
      })
    } catch (e) {
      if (!MedusaError.isMedusaError(e) || (e as MedusaError).type !== MedusaError.Types.INVALID_DATA) throw e
      return { payment_id: input.payment_id, outcome: { status: "canceled", failure_reason: AUTOPAY_TURNED_OFF }, next_action: null }
    }
    return await chargeAtProvider(container, input)
  })
}

async function chargeAtProvider(
  container: any,
  input: Omit<ChargeCustomerPaymentStepInput, "created">
): Promise<ChargeCustomerPaymentStepOutput> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const paymentModule = container.resolve(Modules.PAYMENT)
  let { amount, currency_code: currency } = input
  if (!amount || !currency) {
    const payment = await invoicing.retrieveCustomerPayment(input.payment_id)
    currency = payment.currency_code
    amount = toMajor(minorFromField(payment, "amount", currency), currency)
  }

  await crashPoint("after_reservation") // test-only (kill -9 tests): reservation committed, provider not called
  const collection = await paymentModule.createPaymentCollections({ currency_code: currency, amount })
  // Recorded before the provider is called: from here on, the reconciler can
  // find out what happened even if this process dies.
  await invoicing.attachPaymentCollection(input.payment_id, collection.id, input.provider_id)
  const adapter = adapterFor(container, input.provider_id)
  const data = adapter.sessionData(input.payment_method, { off_session: input.off_session ?? false, payment_id: input.payment_id })
  const context = { idempotency_key: input.payment_id }
  const createSession = async (): Promise<{ id: string; data?: Record<string, unknown> | null }> => {
    if (input.account_holder) {
      // A saved method, found under this account holder when it was checked:
      // the session is created for that holder, as core's workflow would (the
      // module's own call, without the workflow's collection, region, customer
      // and session queries, already answered or moot for a new collection).
      return await paymentModule.createPaymentSession(collection.id, {
        provider_id: input.provider_id,
        currency_code: currency,
        amount,
        data,
        context: { ...context, customer: input.payment_customer ?? undefined, account_holder: input.account_holder },
      } as any)
    }
    if (input.payment_method.saved_method_id || input.payment_method.save_for_autopay) {
      // A method to save belongs to the customer's account holder at the
      // provider: core's workflow finds or creates it and links it.
      const { result } = await createPaymentSessionsWorkflow(container).run({
        input: { payment_collection_id: collection.id, provider_id: input.provider_id, customer_id: input.customer_id, data, context },
      })
      return result
    }
    // A one-off payment needs no account holder: the module's own call (what
    // that workflow ends with), without its customer, region and link queries.
    return await paymentModule.createPaymentSession(collection.id, {
      provider_id: input.provider_id,
      currency_code: currency,
      amount,
      data,
      context,
    })
  }
  // A saved method the server confirms: what the provider answered to the
  // create is noted, so a refusal can be told from an answer never received.
  // (Nothing noted, if Medusa's internals changed: a refusal is then treated as unknown, the safe side.)
  let provider: unknown = null
  if (input.payment_method.saved_method_id) {
    try {
      provider = paymentProviderInstance(paymentModule, input.provider_id)
      adapter.watchCreate(provider, input.payment_id)
    } catch {
      provider = null
    }
  }
  let session: { id: string; data?: Record<string, unknown> | null }
  try {
    session = await createSession()
  } catch (e: any) {
    // The module deleted the session it had started. (Details the customer
    // typed were checked before the reservation: the adapter's `checkDetails`.)
    const failed = (failure_reason: string) => ({
      payment_id: input.payment_id,
      outcome: { status: "failed", failure_reason, payment_collection_id: collection.id, provider_id: input.provider_id } as PaymentOutcome,
      next_action: null,
    })
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const didNotStart = `billing: payment ${input.payment_id}: the provider did not start the session (${e?.message ?? e})`
    if (!input.payment_method.saved_method_id) {
      // Only the customer's browser could confirm what the provider may have
      // created, and it never received it: nothing can take money, and the
      // invoices are payable again at once. Not the customer's doing
      // (unreachable, a key revoked, an amount the provider will not take):
      // someone must look.
      logger.error(didNotStart)
      return failed(PROVIDER_ERROR)
    }
    const refused = !!provider && adapter.refusedCreate(provider, input.payment_id, e)
    const gone = !!input.account_holder && (await savedMethodGone(container, input.account_holder, input.payment_method.saved_method_id))
    // Refused for sure (the provider answered, and nothing of the request is
    // on its way: an amount or currency the account will not take, a
    // parameter refused), or refused with the method no longer the
    // holder's at the provider (removed there since it was saved or
    // enrolled): nothing was charged, unless an earlier request for the
    // payment reached the provider and only its answer was lost. What the
    // provider holds for the payment is undone first (canceled, refunded, or
    // its decline kept), then the payment fails and its invoices are payable
    // again. With the method gone but no answer received (a timeout), an
    // object the provider is still making would not be found yet: then only
    // one found is undone now, and otherwise the payment stays pending for
    // the reconciler, which looks again once the payment is abandoned.
    if (input.account_holder && (refused || gone)) {
      if (refused) logger.error(`billing: payment ${input.payment_id}: the provider refused the saved method (${e?.message ?? e})`)
      else logger.warn(didNotStart)
      const undone = await undoSessionlessProviderObject(
        container,
        { id: input.payment_id, customer_id: input.customer_id, created_at: new Date(), provider_id: input.provider_id },
        { ifNoneFound: refused ? "expire" : "wait" }
      ).catch((lookup: any) => {
        logger.warn(`billing: payment ${input.payment_id}: left pending: what the provider holds for it is unknown (${lookup?.message ?? lookup})`)
        return null
      })
      if (!undone) {
        // The reconciler ends it as a gone method too, once it has looked again (autopay then pauses).
        if (gone) await noteSavedMethodGone(container, input.payment_id)
        return { payment_id: input.payment_id, outcome: null, next_action: null }
      }
      if (gone) return failed(PAYMENT_METHOD_UNAVAILABLE)
      return failed(undone.status === "failed" && undone.failure_reason ? undone.failure_reason : PROVIDER_ERROR)
    }
    logger.warn(didNotStart)
    // A saved method the server confirms, the provider unreachable or its
    // answer lost: it may have charged. The payment stays pending and the
    // reconciler settles it from what the provider holds (it finds an object
    // created anyway by the payment it names).
    return { payment_id: input.payment_id, outcome: null, next_action: null }
  }
  await crashPoint("after_session_created") // test-only: session at the provider, its reference not recorded
  // The provider object this payment is made with, recorded once: nothing is
  // recorded as paid unless the provider object checked then is this one.
  // How it is paid, for the receipt: the saved method's details, else what the
  // provider's session says (the sandbox always knows; Stripe only when
  // expanded). One statement for both, which answers what the provider
  // object is checked against after authorize.
  const sessionData = (session.data ?? {}) as Record<string, any>
  const stored = await invoicing.recordSessionFacts(input.payment_id, {
    reference: adapter.objectId(sessionData),
    method_details: readMethodDetails(container, input.payment_id, () => input.method_details ?? adapter.methodDetails(sessionData)),
  })
  // Under the payment's lock, as its completion and the reconciler: a retry of this request (same
  // key) answers the client's next action at once, so the customer may confirm and complete the
  // payment while this is still authorizing it.
  return await chargeUnderPaymentLock(container, input.payment_id, () =>
    authorizeAndCapture(container, {
      payment_id: input.payment_id,
      session_id: session.id,
      method: input.payment_method.type,
      payment_collection_id: collection.id,
      provider_id: input.provider_id,
      stored,
      account_holder: input.account_holder,
    })
  )
}

/**
 * Runs `charge` (a payment's authorize and capture) under the payment's lock
 * (`withPaymentLock`). When the lock is not had in time, another request is
 * completing the payment: no outcome, and the payment is answered as it
 * stands (pending) for the client to follow.
 */
export async function chargeUnderPaymentLock(
  container: any,
  paymentId: string,
  charge: () => Promise<ChargeCustomerPaymentStepOutput>
): Promise<ChargeCustomerPaymentStepOutput> {
  try {
    return await withPaymentLock(container, paymentId, charge)
  } catch (e) {
    if (!isLockBusy(e, paymentLockKey(paymentId))) throw e
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`billing: payment ${paymentId} is being completed by another request; answered as it stands`)
    return { payment_id: paymentId, outcome: null, next_action: null }
  }
}

/** `metadata` key of a waiting payment whose saved method the provider no longer had when it was charged. */
export const SAVED_METHOD_GONE = "saved_method_gone"

/** Notes on the payment that its saved method was gone at the provider (kept with its other metadata). */
async function noteSavedMethodGone(container: any, paymentId: string) {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const { metadata } = await invoicing.retrieveCustomerPayment(paymentId, { select: ["id", "metadata"] })
  await invoicing.updateCustomerPayments({ id: paymentId, metadata: { ...((metadata as Record<string, unknown>) ?? {}), [SAVED_METHOD_GONE]: true } })
}

/**
 * After the provider refused a session for a saved method: whether the
 * provider no longer lists that method for the account holder, which is asked
 * only then (a charge does not list the holder's methods first). False when
 * the listing itself fails: then nothing is known.
 */
async function savedMethodGone(container: any, holder: AccountHolder, methodId: string | undefined): Promise<boolean> {
  if (!methodId) return false
  try {
    return !(await listHolderPaymentMethods(container, holder)).some((method) => method.id === methodId)
  } catch {
    return false
  }
}

/**
 * Authorizes a session and, for cards, captures it — after the adapter has
 * checked that the provider object is the one created for this payment (id
 * recorded at creation, amount, currency, customer). Shared with the
 * complete workflow and the reconciler.
 */
export async function authorizeAndCapture(
  container: any,
  input: {
    payment_id: string
    session_id: string
    method: string
    payment_collection_id: string
    provider_id: string
    /**
     * The payment as stored, when the caller has just written it (the
     * session's facts): not read again. Else it is read for the check.
     */
    stored?: (PaymentVerificationRow & { has_method_details?: boolean }) | null
    /** the customer's account holder for this provider, when the caller has it (a saved method's): not read again */
    account_holder?: AccountHolder | null
  }
): Promise<ChargeCustomerPaymentStepOutput> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const adapter = adapterFor(container, input.provider_id)
  const base = { payment_collection_id: input.payment_collection_id, provider_id: input.provider_id }
  const outcome = (status: PaymentOutcome["status"], extra: Partial<PaymentOutcome> = {}, next_action: NextAction | null = null) => ({
    payment_id: input.payment_id,
    outcome: { status, ...extra, ...base } as PaymentOutcome,
    next_action,
  })
  let medusaPayment: any
  try {
    medusaPayment = await paymentModule.authorizePaymentSession(input.session_id, {})
  } catch (e: any) {
    if (e?.type !== MedusaError.Types.NOT_ALLOWED) {
      // Unknown state (provider unreachable, timeout, a session without its
      // provider object): leave it pending; the reconciler re-reads it from
      // the provider.
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`billing: payment ${input.payment_id}: authorization not answered (${e?.message ?? e}); left pending for the reconciler`)
      return { payment_id: input.payment_id, outcome: null, next_action: null, unanswered: String(e?.message ?? e) }
    }
  }
  if (medusaPayment) await crashPoint("after_authorize") // test-only: authorized, not verified or captured
  if (!medusaPayment) {
    const session = await paymentModule.retrievePaymentSession(input.session_id)
    const data = (session.data ?? {}) as Record<string, any>
    const transaction_id = adapter.objectId(data) ?? undefined
    switch (session.status) {
      case "requires_more":
      case "pending":
        // An asynchronous method (Stripe's ACH `processing`): the money moves
        // days later and the provider's webhook says how it ended.
        if (adapter.isProcessing(data)) return outcome("processing", { transaction_id })
        // The provider waits for the client to confirm (3-D Secure, Stripe.js).
        return outcome("pending", { transaction_id }, adapter.nextAction(session.status, data))
      case "pending_authorization":
        return outcome("processing", { transaction_id })
      default:
        return outcome("failed", { failure_reason: adapter.failureReason(data, "declined") })
    }
  }
  const data = (medusaPayment.data ?? {}) as Record<string, any>
  const verification = await verifyProviderObject(container, adapter, input.payment_id, data, input.stored, input.account_holder)
  if (!verification.ok) {
    // Never capture or record as paid a provider object that is not this
    // payment's: the payment fails and its invoices are payable again.
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .error(`billing: payment ${input.payment_id} refused: ${verification.reason}`)
    return outcome("failed", { failure_reason: PROVIDER_OBJECT_MISMATCH })
  }
  const transaction_id = adapter.objectId(data) ?? String(medusaPayment.id)
  // Known only now for a method the client confirmed with the provider; kept
  // only if nothing was recorded when the session was created.
  if (!input.stored?.has_method_details) await recordMethodDetails(container, input.payment_id, () => adapter.methodDetails(data))
  if (input.method === "us_bank_account") {
    // Authorized, but an ACH debit settles days later: the provider's webhook
    // captures it (Medusa's own webhook flow), and `payment.captured` tells us.
    return outcome("processing", { transaction_id })
  }
  const captured = await capturePayment(container, medusaPayment)
  return {
    ...outcome("succeeded", { transaction_id }),
    captured: captured ? { id: String(medusaPayment.id), payment_collection_id: input.payment_collection_id } : null,
  }
}

/** A Payment Module session, as the reconciler reads it. */
export type StoredSession = {
  id: string
  provider_id: string
  status: string
  amount: unknown
  currency_code: string
  data?: Record<string, unknown> | null
  context?: Record<string, unknown> | null
}

/**
 * A session that never learned its provider object — the provider's answer
 * to creating it was lost (Stripe answered 500, an `api_error`, yet may have
 * created and confirmed the intent), or the process died while the Payment
 * Module created it: the object is looked up at the provider
 * (`adapter.findLostObject`), and adopted only once it checks out as this
 * payment's, with the same checks as before a capture (amount, currency,
 * this customer's account holder, never another object already recorded).
 * The session then holds it as if the create had answered (the Payment
 * Module's update; the provider is not called for an unchanged amount), so
 * it can be completed or canceled as any other. Answers the adopted object,
 * or null when the provider has none that could take money for the session.
 * Throws when the provider cannot tell, or when what it holds does not check
 * out: the payment then waits (logged).
 */
export async function recoverLostProviderObject(
  container: any,
  input: { payment_id: string; customer_id: string; created_at: Date | string; session: StoredSession }
): Promise<Record<string, any> | null> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const adapter = adapterFor(container, input.session.provider_id)
  const sessionData = (input.session.data ?? {}) as Record<string, any>
  if (adapter.objectId(sessionData)) return sessionData
  const found = await findCheckedLostObject(container, adapter, {
    payment_id: input.payment_id,
    provider_id: input.session.provider_id,
    session: { id: input.session.id, data: sessionData },
    // the Stripe customer the session was created for, else the customer's current one
    account_holder: sessionAccountHolder(input.session) ?? (await accountHolderIdAt(container, input.customer_id, input.session.provider_id)),
    created_at: input.created_at,
  })
  if (!found) return null
  const { object, id: objectId } = found
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  await paymentModule.updatePaymentSession({
    id: input.session.id,
    data: object,
    amount: input.session.amount,
    currency_code: input.session.currency_code,
    status: input.session.status,
  } as any)
  await invoicing.recordProviderReference(input.payment_id, objectId)
  container
    .resolve(ContainerRegistrationKeys.LOGGER)
    .warn(`billing: payment ${input.payment_id}: ${objectId}, whose creation the provider had not answered, found and adopted`)
  return object
}

/**
 * The provider object found for a payment whose provider's answer was lost
 * (see `adapter.findLostObject`), once it checks out as this payment's (the
 * checks made before a capture), or null when the provider has none. Throws
 * when the provider cannot tell, or when what it holds does not check out
 * (logged as an error: never used, someone must look).
 */
async function findCheckedLostObject(
  container: any,
  adapter: PaymentProviderAdapter,
  input: {
    payment_id: string
    provider_id: string
    session: { id: string; data: Record<string, any> } | null
    account_holder: string | null
    created_at: Date | string
  }
): Promise<{ object: Record<string, any>; id: string; stored: PaymentVerificationRow } | null> {
  const object = await adapter.findLostObject({
    provider: paymentProviderInstance(container.resolve(Modules.PAYMENT), input.provider_id),
    payment_id: input.payment_id,
    session: input.session,
    account_holder: input.account_holder,
    created_after: new Date(input.created_at),
  })
  if (!object) return null
  const objectId = adapter.objectId(object)
  const stored = await (container.resolve(INVOICING_MODULE) as InvoicingModuleService).retrievePaymentForVerification(input.payment_id)
  if (!objectId || !stored) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `payment ${input.payment_id}: the provider's object has no id`)
  const verification = await verifyProviderObject(container, adapter, input.payment_id, object, {
    ...stored,
    provider_reference: stored.provider_reference ?? objectId,
  })
  if (!verification.ok) {
    // Never used; the payment waits, and someone must look: an error, not a warning.
    const message = `payment ${input.payment_id}: ${objectId} found at the provider is not adopted: ${verification.reason}`
    container.resolve(ContainerRegistrationKeys.LOGGER).error(`billing: ${message}`)
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, message)
  }
  return { object, id: objectId, stored }
}

/**
 * An abandoned payment whose collection has no session: the Payment Module
 * deleted it because the provider's create threw (Stripe unreachable through
 * every retry), yet the provider may have created the object, and — for a
 * saved method the server confirmed — authorized it or, for a store that
 * captures automatically, taken the money, with nothing in Medusa to
 * complete it through. Looked up by the payment it names: an authorization
 * is canceled and money taken is refunded in full at the provider (nothing
 * is kept that no record holds; the invoices are payable again), a decline
 * fails the payment with the provider's reason, a debit still on its way is
 * waited for. None there (or a provider with no such lookup: the sandbox):
 * the payment expires, or, with `ifNoneFound: "wait"`, waits. The outcome to
 * record, or null to wait (provider unreachable, a debit in flight, nothing
 * found yet); throws, as `findCheckedLostObject`, to wait too.
 */
export async function undoSessionlessProviderObject(
  container: any,
  payment: { id: string; customer_id: string; created_at: Date | string; provider_id: string },
  /** with nothing found: the payment expires (the default), or waits (null: an object may still be on its way) */
  options: { ifNoneFound?: "expire" | "wait" } = {}
): Promise<PaymentOutcome | null> {
  const expired: PaymentOutcome = { status: "canceled", failure_reason: "expired" }
  const declinedOr = (reason: string | null): PaymentOutcome => (reason ? { status: "failed", failure_reason: reason } : expired)
  const adapter = adapterFor(container, payment.provider_id)
  const found = await findCheckedLostObject(container, adapter, {
    payment_id: payment.id,
    provider_id: payment.provider_id,
    session: null,
    account_holder: await accountHolderIdAt(container, payment.customer_id, payment.provider_id),
    created_at: payment.created_at,
  })
  if (!found) return options.ifNoneFound === "wait" ? null : expired
  const { object, id: objectId, stored } = found
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  await invoicing.recordProviderReference(payment.id, objectId)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const { status, data = object } = await readProviderPaymentStatus(paymentModule, payment.provider_id, object)
  // canceled already (a run that canceled it died before recording): its decline, if any, still counts
  if (status === "canceled") return declinedOr(adapter.declineReason(data))
  // a bank debit on its way (Medusa reports it `pending_authorization` for asynchronous methods): waited for
  if (status === "pending_authorization" || ((status === "pending" || status === "requires_more") && adapter.isProcessing(data))) return null
  const taken = status === "captured"
  // the amount checked against the object (verified above)
  const amount = toMajor(minorFromField(stored, "amount", stored.currency_code), stored.currency_code)
  await undoAtProvider(paymentModule, payment.provider_id, { data, taken, amount, key: payment.id })
  container
    .resolve(ContainerRegistrationKeys.LOGGER)
    .warn(`billing: payment ${payment.id}: ${objectId}, made at the provider for it although its session was dropped, ${taken ? "refunded" : "canceled"}`)
  return declinedOr(taken ? null : adapter.declineReason(data))
}

/** The account holder id the session was created for (the Payment Module keeps the session's context), or null. */
function sessionAccountHolder(session: StoredSession): string | null {
  const id = (session.context as any)?.account_holder?.data?.id
  return typeof id === "string" && id ? id : null
}

/** The customer's account holder id at a provider (Stripe: the Stripe customer), or null. */
async function accountHolderIdAt(container: any, customerId: string, providerId: string, known?: AccountHolder | null): Promise<string | null> {
  const holder = known?.provider_id === providerId ? known : holderFor((await customerWithAccountHolders(container, customerId)).holders, providerId)
  const holderId = (holder?.data as any)?.id ?? holder?.external_id
  return typeof holderId === "string" ? holderId : null
}

/**
 * What the provider object must be: the one whose id was recorded when the
 * session was created (a session created before a crash that kept the id
 * from being recorded is adopted here: sessions are only ever created and
 * changed by the server), for the payment's amount and currency, and — when
 * it names a customer — this customer's account holder.
 */
async function verifyProviderObject(
  container: any,
  adapter: PaymentProviderAdapter,
  paymentId: string,
  data: Record<string, any>,
  stored?: PaymentVerificationRow | null,
  knownHolder?: AccountHolder | null
) {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const payment = stored ?? (await invoicing.retrievePaymentForVerification(paymentId))
  if (!payment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `CustomerPayment with id: ${paymentId} was not found`)
  let reference = payment.provider_reference
  if (!reference) {
    const [first] = await container.resolve(Modules.PAYMENT).listPaymentSessions(
      { payment_collection_id: payment.payment_collection_id },
      { select: ["id", "data"], order: { created_at: "ASC" }, take: 1 }
    )
    const adopted = first ? adapter.objectId((first.data ?? {}) as Record<string, any>) : null
    if (adopted) reference = await invoicing.recordProviderReference(paymentId, adopted)
  }
  const accountHolder = data.customer != null ? await accountHolderIdAt(container, payment.customer_id, String(payment.provider_id), knownHolder) : null
  return adapter.verify(data, {
    reference,
    amount: minorFromField(payment, "amount", payment.currency_code),
    currency_code: payment.currency_code,
    account_holder: accountHolder,
  })
}

/**
 * Notes how the payment was made, for its receipt. Never fails the payment:
 * between an authorization and its capture, a write that could not be made
 * must not leave money authorized and uncaptured; the receipt then says
 * "Card" / "Bank account".
 */
async function recordMethodDetails(container: any, paymentId: string, read: () => MethodDetails | null) {
  try {
    const details = readMethodDetails(container, paymentId, read)
    if (!details) return
    await (container.resolve(INVOICING_MODULE) as InvoicingModuleService).recordMethodDetails(paymentId, details)
  } catch (e: any) {
    warnNoMethodDetails(container, paymentId, e)
  }
}

/**
 * The provider's account of how a payment is made, or null: an adapter that
 * throws on an unexpected shape must not stop the payment (nor its capture).
 */
function readMethodDetails(container: any, paymentId: string, read: () => MethodDetails | null): MethodDetails | null {
  try {
    return read()
  } catch (e: any) {
    warnNoMethodDetails(container, paymentId, e)
    return null
  }
}

function warnNoMethodDetails(container: any, paymentId: string, e: any) {
  container
    .resolve(ContainerRegistrationKeys.LOGGER)
    .warn(`billing: payment ${paymentId}: method details not recorded (${e?.message ?? e})`)
}

/**
 * Captures a payment of ours in full: the module's capture, which is what
 * core's capturePaymentWorkflow does for a collection that belongs to no
 * order (ours never do) — without its order lookup and workflow bookkeeping.
 * A payment the authorization answered as captured already (a repeated
 * /complete) is not captured again. Whether this call captured it: then
 * `payment.captured` is announced by the caller once the outcome is recorded
 * (`announceCapture`).
 */
async function capturePayment(container: any, payment: { id: string; captured_at?: unknown }): Promise<boolean> {
  if (payment.captured_at) return false
  await container.resolve(Modules.PAYMENT).capturePayment({ payment_id: payment.id })
  await crashPoint("after_capture") // test-only: captured, payment.captured not emitted, outcome not recorded
  return true
}

/**
 * `payment.captured` for a capture of ours, as core's capture workflow emits
 * it (`{ id }` of the Payment Module's payment; ours also names the payment
 * collection, so our own subscriber need not look it up). Emitted after the
 * outcome is recorded: our subscriber then finds the payment settled, instead
 * of racing the workflow to record it.
 */
export async function announceCapture(container: any, captured: CapturedPayment | null | undefined) {
  if (!captured) return
  try {
    await container.resolve(Modules.EVENT_BUS).emit({
      name: "payment.captured",
      data: { id: captured.id, payment_collection_id: captured.payment_collection_id },
    })
  } catch (e: any) {
    // never fails the recorded payment; the reconciler records a capture whose event was lost
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`billing: payment.captured for ${captured.id} not emitted: ${e?.message ?? e}`)
  }
}

/**
 * What the client still has to do for a `pending` payment, re-derived from its
 * latest provider session (the same data the first answer came from); null
 * when the payment is not waiting on the client.
 */
export async function pendingNextAction(container: any, paymentId: string): Promise<NextAction | null> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const [payment] = await invoicing.listCustomerPayments(
    { id: paymentId },
    { select: ["id", "status", "payment_collection_id", "provider_id"], take: 1 }
  )
  if (!payment || payment.status !== "pending" || !payment.payment_collection_id || !payment.provider_id) return null
  const [session] = await container.resolve(Modules.PAYMENT).listPaymentSessions(
    { payment_collection_id: payment.payment_collection_id },
    { select: ["id", "status", "data"], order: { created_at: "DESC" }, take: 1 }
  )
  if (!session) return null
  return adapterFor(container, payment.provider_id).nextAction(session.status, (session.data ?? {}) as Record<string, any>)
}

/**
 * What a receipt offers a `pending` payment the customer must still act on
 * away from Make a payment (Stripe ACH micro-deposits: "Verify your bank
 * account" on Stripe's hosted page). Read from the payment's latest provider
 * session, whose data only the server writes from the provider's answers,
 * and only when that provider object is the one recorded for this payment.
 * Actions that need the client secret (3-D Secure, Stripe.js) stay with the
 * create and complete answers.
 */
export const RECEIPT_NEXT_ACTION_TYPES: readonly string[] = ["verify_with_microdeposits"]

export async function receiptNextAction(container: any, paymentId: string): Promise<NextAction | null> {
  const invoicing = container.resolve(INVOICING_MODULE) as InvoicingModuleService
  const [payment] = await invoicing.listCustomerPayments(
    { id: paymentId },
    { select: ["id", "status", "payment_collection_id", "provider_id", "provider_reference"], take: 1 }
  )
  if (!payment || payment.status !== "pending" || !payment.payment_collection_id || !payment.provider_id) return null
  if (!payment.provider_reference) return null
  const [session] = await container.resolve(Modules.PAYMENT).listPaymentSessions(
    { payment_collection_id: payment.payment_collection_id },
    { select: ["id", "status", "data"], order: { created_at: "DESC" }, take: 1 }
  )
  if (!session) return null
  const adapter = adapterFor(container, payment.provider_id)
  const data = (session.data ?? {}) as Record<string, any>
  if (adapter.objectId(data) !== payment.provider_reference) return null
  const action = adapter.nextAction(session.status, data)
  return action && RECEIPT_NEXT_ACTION_TYPES.includes(action.type) ? action : null
}
