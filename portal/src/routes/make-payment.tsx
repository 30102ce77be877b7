import { useQueryClient } from "@tanstack/react-query"
import { Alert, Container, Label, Text, Textarea, clx } from "@medusajs/ui"
import { lazy, Suspense, useDeferredValue, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react"
import { Link, useNavigate, useSearchParams } from "react-router-dom"
import { newIdempotencyKey } from "../../../src/client/idempotency"
import { currencyExponent, decimalToMinor, MoneyError, sumMinor, toMajor, toMinor, thresholdToMinor } from "../../../src/domain/money"
import { useAccount } from "../api/account"
import { useInvoices } from "../api/invoices"
import { billingKeys } from "../api/query-keys"
import {
  invoiceNumberKey,
  useCompletePayment,
  useCreatePayment,
  useEnrollAutopayAfterPayment,
  usePaymentMethods,
  usePaymentPreview,
} from "../api/payments"
import type {
  BillingAccount,
  CreatePaymentBody,
  Invoice,
  InvoiceListQuery,
  Payment,
  PaymentMethodType,
  PaymentMode,
  PreviewPaymentBody,
  SavedPaymentMethod,
} from "../api/types"
import { FormField } from "../components/form-field"
import { PAGE_INTROS } from "../../../src/api/hosted-portal/first-frame"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { AllocationPreview } from "../components/payment/allocation-preview"
import { type ReceiptState, turnOnAutopayAfterPayment } from "../components/payment/autopay-after-payment"
import { failureReasonWords, savedMethodLabel } from "../components/payment/labels"
import { MethodEntry, type MethodEntryValue } from "../components/payment/method-entry"
import { CheckboxInput, Radio } from "../components/payment/choice"
import { confirmStripePayment, handleStripeNextAction, submitStripeDetails } from "../components/payment/stripe-steps"
import { usesStripe } from "../config"
import { ThemedButton } from "../components/themed-button"
import { errorMessage, errorStatus } from "../lib/errors"
import { formatDay, formatMoney } from "../lib/money"
import { PAGE_PATHS, TAB_PATHS } from "../lib/tabs"
import { useDebouncedValue } from "../lib/use-debounced-value"
import { useDocumentTitle } from "../lib/use-document-title"


// the bank's confirmation (3-D Secure) is rare: its dialog code loads when it is needed
const NextActionDialog = lazy(() => import("../components/payment/next-action-dialog"))

const MODES: PaymentMode[] = ["total_balance", "current_charges", "fixed_amount", "selected_invoices"]
const NEW_METHOD = "new"

type FormValues = {
  mode: PaymentMode
  amount: string
  invoice_ids: string[]
  /** a saved method's id, or NEW_METHOD */
  method: string
  save_for_autopay: boolean
  note: string
}

/**
 * What an open invoice still asks to be paid (amount due less payments on
 * the way), in minor units. `heldByRetry`: what the payment waiting here for
 * new card details holds of it (Stripe refused the first ones), which is
 * still this payment's to pay, not someone else's on the way.
 */
function payableMinor(invoice: Invoice, heldByRetry?: Map<string, bigint>): bigint {
  const code = invoice.currency_code
  const due = toMinor(String(invoice.amount_due), code)
  const payable = due - toMinor(String(invoice.amount_pending), code) + (heldByRetry?.get(invoice.id) ?? 0n)
  // never more than is due (the waiting payment may have been expired meanwhile, its hold released)
  return payable > due ? due : payable
}

/** Invoice id → what a payment holds of it (its reserved allocations), minor units. */
function heldBy(payment: Payment | undefined): Map<string, bigint> {
  const held = new Map<string, bigint>()
  for (const a of payment?.allocations ?? []) {
    if (a.status === "reserved") held.set(a.invoice_id, (held.get(a.invoice_id) ?? 0n) + toMinor(String(a.amount), payment!.currency_code))
  }
  return held
}

/** The customer's own problem with a fixed amount, before asking the server; undefined when it looks fine. */
function fixedAmountProblem(raw: string, currency: string, minimum: string): string | undefined {
  const text = raw.trim().replace(/^\$/, "").replace(/,/g, "")
  if (!text) return "Enter the amount you want to pay"
  let minor: bigint
  try {
    minor = toMinor(text, currency)
  } catch (e) {
    if (e instanceof MoneyError && /decimals/.test(e.message)) {
      const places = currencyExponent(currency)
      return places === 0
        ? `${currency.toUpperCase()} amounts have no decimals`
        : `Enter at most ${places} decimals`
    }
    return "Enter an amount such as 25.00"
  }
  if (minor <= 0n) return "Enter an amount greater than zero"
  const min = thresholdToMinor(minimum || "0", currency)
  if (min > 0n && minor < min) return `The minimum payment is ${formatMoney(toMajor(min, currency), currency)}`
  return undefined
}

/** A per-invoice amount's problem: more than zero, at most what the invoice still asks. */
function partialAmountProblem(raw: string, currency: string, payable: bigint): string | undefined {
  const text = cleanAmount(raw)
  if (!text) return "Enter an amount"
  let minor: bigint
  try {
    minor = toMinor(text, currency)
  } catch {
    return "Enter an amount such as 25.00"
  }
  if (minor <= 0n) return "Enter an amount greater than zero"
  if (minor > payable) return `At most ${formatMoney(toMajor(payable, currency), currency)}, what is left on this invoice`
  return undefined
}

const cleanAmount = (raw: string) => raw.trim().replace(/^\$/, "").replace(/,/g, "")

export default function MakePaymentPage() {
  // the app shell renders pages only once the account is loaded
  const account = useAccount().data as BillingAccount
  useDocumentTitle("Make a payment", account.settings.business_name)
  const payable = account.balances.filter((b) => b.total_balance > 0 || b.current_charges > 0)

  return (
    <>
      <PageHeading description={PAGE_INTROS["make-payment"].description}>{PAGE_INTROS["make-payment"].title}</PageHeading>
      {payable.length === 0 ? (
        <Container className="flex flex-col gap-y-1">
          <Text weight="plus">Nothing to pay</Text>
          <Text className="text-ui-fg-subtle">You have no open balance. Thank you!</Text>
          <Link to="/" className="portal-link txt-compact-small mt-2 self-start">
            Back to Home
          </Link>
        </Container>
      ) : (
        <PaymentFormWhenReady account={account} />
      )}
    </>
  )
}

/** The open invoices Make a payment offers (the same query, and so the same cache entry, as the form's). */
const OPEN_INVOICES = { status: ["open", "partially_paid"], order: "due_at", limit: 100 } satisfies InvoiceListQuery

/**
 * The form, once its first answers are in (the open invoices, the saved
 * methods), rendered in one deferred, interruptible pass: rendered as each
 * answer arrived, the whole form was built two or three times over, each
 * time in one long task on a phone.
 */
function PaymentFormWhenReady({ account }: { account: BillingAccount }) {
  const { settings } = account
  const invoices = useInvoices(OPEN_INVOICES, { enabled: settings.tabs.invoices })
  const methods = usePaymentMethods({ enabled: settings.tabs.payment_methods })
  const settled = (query: { isPending: boolean; fetchStatus: string }) => !query.isPending || query.fetchStatus === "idle"
  const ready = useDeferredValue(settled(invoices) && settled(methods))
  if (!ready) return <LoadingState label="Loading your open invoices…" />
  return <PaymentForm account={account} />
}

function PaymentForm({ account }: { account: BillingAccount }) {
  const { settings } = account
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [params] = useSearchParams()
  const preselected = useMemo(() => (params.get("invoices") ?? "").split(",").filter(Boolean), [params])
  const canListInvoices = settings.tabs.invoices
  const openInvoices = useInvoices(OPEN_INVOICES, { enabled: canListInvoices })
  // saved methods live behind the Payment methods tab (its routes answer 403 when it is off)
  const methods = usePaymentMethods({ enabled: settings.tabs.payment_methods })
  const offered = settings.payment_methods

  // currency: the one asked for, else the preselected invoices', else the first one owed
  const [chosenCurrency, setChosenCurrency] = useState<string | null>(() => {
    const asked = params.get("currency")?.toLowerCase()
    return asked && account.balances.some((b) => b.currency_code === asked) ? asked : null
  })
  const preselectedCurrency = openInvoices.data?.invoices.find((i) => preselected.includes(i.id))?.currency_code
  const currency = chosenCurrency ?? preselectedCurrency ?? account.balances[0].currency_code
  const balance = account.balances.find((b) => b.currency_code === currency) ?? account.balances[0]

  const askedMode = params.get("mode") as PaymentMode | null
  const [values, setValues] = useState<FormValues>(() => ({
      mode:
        preselected.length && canListInvoices
          ? "selected_invoices"
          : askedMode && MODES.includes(askedMode) && (askedMode !== "selected_invoices" || canListInvoices)
            ? askedMode
            : "total_balance",
      amount: "",
      invoice_ids: preselected,
      method: NEW_METHOD,
      save_for_autopay: false,
      note: "",
  }))
  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }))
  const [amountTouched, setAmountTouched] = useState(false)
  // per-invoice amounts typed for "Selected invoices" (only when the business allows partial payments)
  const [partial, setPartial] = useState<Record<string, string>>({})
  const [entry, setEntry] = useState<MethodEntryValue>({ type: offered[0] ?? "card", complete: false })
  const [submitted, setSubmitted] = useState(false)
  const [methodError, setMethodError] = useState<string>()
  const [payError, setPayError] = useState<string>()
  const [challenge, setChallenge] = useState<Payment | null>(null)
  const [confirmingWithStripe, setConfirmingWithStripe] = useState(false)
  // a payment Stripe refused the details of: it still holds its invoices, and Pay confirms it again —
  // as long as the customer pays the same way for the same thing (`choice`)
  const [stripeRetryState, setStripeRetryState] = useState<{ payment: Payment; choice: string } | null>(null)
  const attempt = useRef<{ key: string; signature: string } | null>(null)
  const inFlight = useRef(false)
  const createPayment = useCreatePayment()
  const completePayment = useCompletePayment()
  const enrollAutopay = useEnrollAutopayAfterPayment()

  // ACH debits are in US dollars only
  const offeredHere = offered.filter((type) => type !== "us_bank_account" || currency === "usd")
  const entryHere: MethodEntryValue = offeredHere.includes(entry.type) ? entry : { type: offeredHere[0] ?? "card", complete: false }
  const savedMethods = (methods.data?.payment_methods ?? []).filter((m) => offeredHere.includes(m.type))
  const usingNew = values.method === NEW_METHOD || !savedMethods.some((m) => m.id === values.method)
  const methodType: PaymentMethodType = usingNew
    ? entryHere.type
    : (savedMethods.find((m) => m.id === values.method)?.type ?? "card")

  // what a refused Stripe payment was for, as the customer chose it (not as derived from the
  // invoice list, which drops the invoices the payment holds): another option, amount,
  // invoices, currency or method is a new payment
  const choice = JSON.stringify({
    mode: values.mode,
    amount: values.amount,
    invoice_ids: values.invoice_ids,
    partial,
    currency,
    method: values.method,
    type: entryHere.type,
  })
  const stripeRetry = stripeRetryState?.choice === choice ? stripeRetryState.payment : null
  const setStripeRetry = (payment: Payment | null) => setStripeRetryState(payment ? { payment, choice } : null)

  // after Stripe refused the card, the payment waiting for new details still holds its invoices: they stay chosen
  const heldByRetry = useMemo(() => heldBy(stripeRetry ?? undefined), [stripeRetry])
  const payable = (invoice: Invoice) => payableMinor(invoice, heldByRetry)
  const invoicesInCurrency = useMemo(
    () =>
      (openInvoices.data?.invoices ?? []).filter((i) => i.currency_code === currency && payableMinor(i, heldByRetry) > 0n),
    [openInvoices.data, currency, heldByRetry]
  )
  const selectedIds = values.invoice_ids.filter((id) => invoicesInCurrency.some((i) => i.id === id))
  const partialProblems: Record<string, string> = {}
  const partialAmounts: Record<string, string> = {}
  let partialMinor: Record<string, bigint> = {}
  if (settings.allow_partial_payments) {
    for (const invoice of invoicesInCurrency.filter((i) => selectedIds.includes(i.id))) {
      const raw = partial[invoice.id]
      if (raw === undefined) continue
      const problem = partialAmountProblem(raw, currency, payable(invoice))
      if (problem) partialProblems[invoice.id] = problem
      else {
        const minor = toMinor(cleanAmount(raw), currency)
        if (minor !== payable(invoice)) {
          partialAmounts[invoice.id] = toMajor(minor, currency)
          partialMinor = { ...partialMinor, [invoice.id]: minor }
        }
      }
    }
  }
  const selectedTotal = toMajor(
    sumMinor(invoicesInCurrency.filter((i) => selectedIds.includes(i.id)).map((i) => partialMinor[i.id] ?? payable(i))),
    currency
  )
  const amountProblem =
    values.mode === "fixed_amount" ? fixedAmountProblem(values.amount, currency, settings.minimum_payment) : undefined

  // what to ask the server about (null: the choice is not complete yet)
  const allocation: PreviewPaymentBody | null =
    values.mode === "fixed_amount"
      ? amountProblem
        ? null
        : { mode: "fixed_amount", currency_code: currency, amount: cleanAmount(values.amount) }
      : values.mode === "selected_invoices"
        ? selectedIds.length && Object.keys(partialProblems).length === 0
          ? {
              mode: "selected_invoices",
              currency_code: currency,
              invoice_ids: selectedIds,
              ...(Object.keys(partialAmounts).length ? { amounts: partialAmounts } : {}),
            }
          : null
        : { mode: values.mode, currency_code: currency }
  const signature = allocation ? JSON.stringify(allocation) : ""
  const settledSignature = useDebouncedValue(signature, 350)
  const preview = usePaymentPreview(settledSignature ? (JSON.parse(settledSignature) as PreviewPaymentBody) : null)
  const previewCurrent = !!allocation && settledSignature === signature && !preview.isPlaceholderData
  const previewReady = previewCurrent && preview.isSuccess
  const previewError = previewCurrent && preview.isError ? errorMessage(preview.error) : undefined


  const busy =
    createPayment.isPending || completePayment.isPending || enrollAutopay.isPending || !!challenge || confirmingWithStripe

  const resetOutcome = () => {
    setMethodError(undefined)
    setPayError(undefined)
  }

  /**
   * `…/complete` got no answer or a server error: the provider may have taken
   * the money, so the attempt is not dropped (a new Pay could charge again).
   * The receipt page shows where the payment stands and follows it (the
   * reconciler finishes what the provider confirmed). A 4xx is a refusal in words.
   */
  const completeFailed = (payment: Payment, error: unknown) => {
    const status = errorStatus(error) ?? 0
    if (status === 0 || status >= 500) {
      // the payment may yet be taken: the receipt still turns autopay on then, if it was asked for
      navigate(PAGE_PATHS.payment(payment.id), { state: awaitingAutopay(payment) })
      return
    }
    attempt.current = null
    setMethodError(errorMessage(error))
  }

  const finish = async (payment: Payment, receiptState?: ReceiptState) => {
    if (payment.next_action && usesStripe(methodType)) {
      await confirmWithStripe(payment)
      return
    }
    if (payment.next_action) {
      setChallenge(payment)
      return
    }
    if (payment.status === "failed" || payment.status === "canceled") {
      // a new attempt for whatever the customer does next (the key of this one would replay the decline)
      attempt.current = null
      setMethodError(failureReasonWords(payment.failure_reason))
      return
    }
    attempt.current = null
    // the receipt names invoices by number: the preview already knows them
    for (const allocation of preview.data?.allocations ?? []) {
      queryClient.setQueryData(invoiceNumberKey(allocation.invoice_id), allocation.number)
    }
    navigate(PAGE_PATHS.payment(payment.id), { state: receiptState })
  }

  /**
   * Stripe: Stripe.js confirms the payment (the new details in the Payment
   * Element, or a saved card's 3-D Secure), then `…/complete` (no body: the
   * server re-reads the PaymentIntent). When Stripe refuses the details the
   * attempt is kept: the next Pay replays the same payment (same key) and
   * confirms it again with the corrected details.
   */
  const confirmWithStripe = async (payment: Payment) => {
    setConfirmingWithStripe(true)
    try {
      if (usingNew && entryHere.stripe) await confirmStripePayment(entryHere.stripe, payment.next_action)
      else await handleStripeNextAction(payment.next_action)
    } catch (error) {
      setStripeRetry(payment)
      setMethodError(errorMessage(error))
      // the payment holds its invoices while the customer stays here: the preview is asked again
      void queryClient.invalidateQueries({ queryKey: billingKeys.paymentPreviews() })
      return
    } finally {
      setConfirmingWithStripe(false)
    }
    setStripeRetry(null)
    let done: Awaited<ReturnType<typeof completePayment.mutateAsync>>
    try {
      done = await completePayment.mutateAsync({ id: payment.id })
    } catch (error) {
      completeFailed(payment, error)
      return
    }
    // the method saved for autopay is known only now that the customer confirmed
    const completed = { ...done.payment, next_action: undefined }
    await finish(completed, await autopayAfterPayment(completed, done.saved_payment_method))
  }

  /**
   * The customer ticked "use it for autopay", agreeing to the terms shown:
   * once the payment saved the new method, turn autopay on with it. Never
   * undoes the payment; the receipt says how it went. A payment taken
   * without its method in the answer (not final yet: another request is
   * completing it) leaves it to the receipt, which turns autopay on once the
   * payment is paid. Nothing for a payment that did not go through.
   */
  const autopayAfterPayment = async (payment: Payment, saved: SavedPaymentMethod | undefined): Promise<ReceiptState | undefined> => {
    if (!usingNew || !values.save_for_autopay || !settings.autopay.allowed) return undefined
    if (payment.next_action || payment.status === "failed" || payment.status === "canceled") return undefined
    if (!saved) return awaitingAutopay(payment)
    return { autopay: await turnOnAutopayAfterPayment(enrollAutopay, saved, settings.autopay.terms_version, payment.created_at) }
  }

  /** The receipt turns autopay on once the payment is taken, if the customer asked for it. */
  const awaitingAutopay = (payment: Payment): ReceiptState | undefined =>
    usingNew && values.save_for_autopay && settings.autopay.allowed
      ? { autopay: { awaiting: true, termsVersion: settings.autopay.terms_version, paymentCreatedAt: payment.created_at } }
      : undefined

  const pay = async () => {
    resetOutcome()
    if (stripeRetry && usingNew && entryHere.stripe) {
      // the same payment (its invoices are held for it), confirmed with the corrected details
      if (!entryHere.complete) return
      try {
        await submitStripeDetails(entryHere.stripe)
      } catch (error) {
        setMethodError(errorMessage(error))
        return
      }
      await confirmWithStripe(stripeRetry)
      return
    }
    if (!allocation || !previewReady || (usingNew && !entryHere.complete)) return
    if (usingNew && entryHere.stripe) {
      // Stripe checks the details before anything is created here
      try {
        await submitStripeDetails(entryHere.stripe)
      } catch (error) {
        setMethodError(errorMessage(error))
        return
      }
    }
    const body: CreatePaymentBody = {
      ...allocation,
      // the amount on the Pay button: the server charges exactly that, or answers 409 when the
      // balance moved since the preview (a new invoice, a payment elsewhere)
      expected_amount: preview.data!.amount,
      payment_method: usingNew
        ? {
            type: entryHere.type,
            ...(entryHere.data ? { data: entryHere.data } : {}),
            ...(settings.autopay.allowed && values.save_for_autopay ? { save_for_autopay: true } : {}),
          }
        : { type: methodType, saved_method_id: values.method },
      ...(values.note.trim() ? { note: values.note.trim() } : {}),
    }
    // One Idempotency-Key per attempt: made when the attempt starts, sent
    // again when the same payment is retried after no answer.
    const bodySignature = JSON.stringify(body)
    if (attempt.current?.signature !== bodySignature) {
      attempt.current = { key: newIdempotencyKey(), signature: bodySignature }
    }
    try {
      const result = await createPayment.mutateAsync({ body, idempotencyKey: attempt.current.key })
      // the sandbox saves the new method with a payment taken at once: turn autopay on with it now
      await finish(result.payment, await autopayAfterPayment(result.payment, result.saved_payment_method))
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0
      // no answer or a server failure: the same attempt may be retried with the same key
      if (status !== 0 && status < 500) attempt.current = null
      // 409: the balance moved since the preview and nothing was charged; the mutation has
      // refreshed the preview, so the Pay button now shows the new amount beside the message
      if (status === 409) await preview.refetch()
      setPayError(errorMessage(error))
    }
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    // a double click (or Enter pressed twice) starts one payment
    if (inFlight.current) return
    inFlight.current = true
    setSubmitted(true)
    try {
      await pay()
    } finally {
      inFlight.current = false
    }
  }

  const answerChallenge = async (confirmed: boolean) => {
    const challenged = challenge
    if (!challenged) return
    try {
      const { payment, saved_payment_method } = await completePayment.mutateAsync({ id: challenged.id, providerData: { confirmed } })
      setChallenge(null)
      const done = { ...payment, next_action: undefined }
      if (!confirmed && (done.status === "failed" || done.status === "canceled")) {
        attempt.current = null
        setMethodError("You canceled the confirmation with your bank, so nothing was charged.")
        return
      }
      // the sandbox saves the method of a payment confirmed later on its completion
      await finish(done, await autopayAfterPayment(done, saved_payment_method))
    } catch (error) {
      setChallenge(null)
      completeFailed(challenged, error)
    }
  }

  const modeLabel = (mode: PaymentMode): { label: string; detail: ReactNode } => {
    switch (mode) {
      case "total_balance":
        return { label: "Total balance", detail: formatMoney(balance.total_balance, currency) }
      case "current_charges":
        return { label: "Current charges", detail: formatMoney(balance.current_charges, currency) }
      case "fixed_amount":
        return { label: "Fixed amount", detail: "You choose" }
      case "selected_invoices":
        return {
          label: `Selected invoices (${selectedIds.length})`,
          detail: selectedIds.length ? formatMoney(selectedTotal, currency) : "None chosen",
        }
    }
  }
  const modes = MODES.filter((m) => m !== "selected_invoices" || canListInvoices)
  const modeErrorId = "mode-error"

  return (
    <form noValidate onSubmit={onSubmit} className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="flex min-w-0 flex-col gap-6">
        {account.balances.length > 1 && (
          <Section title="Currency" id="currency-heading">
            <fieldset className="flex flex-wrap gap-x-6 gap-y-3">
              <legend className="sr-only">Currency</legend>
              {account.balances.map((b) => (
                <div key={b.currency_code} className="flex items-center gap-x-2">
                  <Radio
                    name="currency"
                    value={b.currency_code}
                    id={`currency-${b.currency_code}`}
                    checked={currency === b.currency_code}
                    onChange={() => {
                      setChosenCurrency(b.currency_code)
                      set({ invoice_ids: [] })
                      setPartial({})
                      resetOutcome()
                    }}
                  />
                  <Label htmlFor={`currency-${b.currency_code}`}>
                    {b.currency_code.toUpperCase()} · {formatMoney(b.total_balance, b.currency_code)}
                  </Label>
                </div>
              ))}
            </fieldset>
          </Section>
        )}

        <Section title="What to pay" id="mode-heading">
          <fieldset
            className="flex flex-col gap-y-2"
            aria-describedby={previewError && (values.mode === "total_balance" || values.mode === "current_charges") ? modeErrorId : undefined}
          >
            <legend className="sr-only">What to pay</legend>
            {modes.map((mode) => {
              const { label, detail } = modeLabel(mode)
              return (
                <label
                  key={mode}
                  htmlFor={`mode-${mode}`}
                  className={clx(
                    "border-ui-border-base flex cursor-pointer items-center gap-x-3 rounded-lg border px-3 py-3",
                    values.mode === mode && "border-ui-border-interactive bg-ui-bg-highlight"
                  )}
                >
                  <Radio
                    name="mode"
                    value={mode}
                    id={`mode-${mode}`}
                    checked={values.mode === mode}
                    onChange={() => {
                      set({ mode })
                      resetOutcome()
                    }}
                  />
                  <span className="txt-compact-medium-plus text-ui-fg-base flex-1">{label}</span>
                  <span className="txt-compact-small text-ui-fg-subtle tabular-nums text-right">{detail}</span>
                </label>
              )
            })}
          </fieldset>
          {previewError && (values.mode === "total_balance" || values.mode === "current_charges") && (
            <Text id={modeErrorId} className="text-ui-fg-error mt-2" role="alert">
              {previewError}
            </Text>
          )}

          {values.mode === "fixed_amount" && (
            <div className="mt-4 max-w-xs">
              <FormField
                id="amount"
                label={`Amount (${currency.toUpperCase()})`}
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.00"
                error={
                  (submitted || amountTouched || values.amount ? amountProblem : undefined) ??
                  previewError
                }
                value={values.amount}
                onChange={(e) => {
                  set({ amount: e.target.value })
                  resetOutcome()
                }}
                onBlur={() => setAmountTouched(true)}
              />
              <Text size="small" className="text-ui-fg-subtle mt-1.5">
                Paid to your oldest invoices first
                {settings.allow_prepayment ? "; anything beyond your balance becomes credit." : "; at most your balance."}
                {settings.minimum_payment && settings.minimum_payment !== "0"
                  ? ` Minimum ${formatMoney(settings.minimum_payment, currency)}.`
                  : ""}
              </Text>
            </div>
          )}

          {values.mode === "selected_invoices" && (
            <InvoiceChecklist
              query={openInvoices}
              invoices={invoicesInCurrency}
              payable={payable}
              selected={selectedIds}
              currency={currency}
              // while the payment waits for new card details, what it pays is settled: no preview to complain about
              error={stripeRetry ? undefined : (submitted && selectedIds.length === 0 ? "Choose at least one invoice" : undefined) ?? previewError}
              onChange={(ids) => {
                set({ invoice_ids: ids })
                resetOutcome()
              }}
              partial={
                settings.allow_partial_payments
                  ? {
                      values: partial,
                      problems: partialProblems,
                      onChange: (id, value) => {
                        setPartial((p) => ({ ...p, [id]: value }))
                        resetOutcome()
                      },
                    }
                  : undefined
              }
            />
          )}
        </Section>

        <Section title="How to pay" id="method-heading">
          {methods.isPending && methods.fetchStatus !== "idle" ? (
            <LoadingState label="Loading your saved payment methods…" />
          ) : methods.isError ? (
            <ErrorState error={methods.error} title="Your saved payment methods could not be loaded" onRetry={() => methods.refetch()} />
          ) : null}
          {savedMethods.length > 0 && (
            <fieldset className="mb-4 flex flex-col gap-y-2">
              <legend className="sr-only">Payment method</legend>
              {[...savedMethods.map((m) => ({ value: m.id, method: m })), { value: NEW_METHOD, method: null }].map(({ value, method }) => (
                <div key={value} className="flex items-center gap-x-2">
                  <Radio
                    name="method"
                    value={value}
                    id={`method-${value}`}
                    checked={usingNew ? value === NEW_METHOD : values.method === value}
                    onChange={() => {
                      set({ method: value })
                      resetOutcome()
                    }}
                  />
                  <Label htmlFor={`method-${value}`}>
                    {method ? savedMethodLabel(method) : "Add payment method"}
                    {method?.expires ? <span className="text-ui-fg-subtle"> · expires {method.expires}</span> : null}
                  </Label>
                </div>
              ))}
            </fieldset>
          )}
          {offeredHere.length === 0 ? (
            <Text className="text-ui-fg-subtle">
              Paying online is not offered at the moment.
              {settings.support_email ? ` Email ${settings.support_email} to arrange a payment.` : ""}
            </Text>
          ) : usingNew ? (
            <>
              <MethodEntry
                key={offeredHere.join()}
                id="new-method"
                offered={offeredHere}
                onChange={(value) => {
                  setEntry(value)
                  resetOutcome()
                }}
                showErrors={submitted}
                error={methodError}
                disabled={busy}
                stripe={{
                  intent: "payment",
                  currency,
                  amountMinor: stripeRetry
                    ? decimalToMinor(String(stripeRetry.amount), stripeRetry.currency_code)
                    : previewReady && preview.data
                      ? decimalToMinor(String(preview.data.amount), currency)
                      : undefined,
                  saveForLater: settings.autopay.allowed && values.save_for_autopay,
                }}
              />
              {settings.autopay.allowed && (
                <div className="border-ui-border-base mt-4 flex flex-col gap-y-2 rounded-lg border p-3">
                  <div className="flex items-start gap-x-2">
                    <CheckboxInput
                      id="save-for-autopay"
                      className="mt-0.5"
                      checked={values.save_for_autopay}
                      onChange={(e) => set({ save_for_autopay: e.target.checked })}
                      aria-describedby="autopay-terms"
                    />
                    <Label htmlFor="save-for-autopay" className="txt-compact-small">
                      Save this {entryHere.type === "card" ? "card" : "bank account"} and use it for autopay. I agree to the
                      autopay terms below.
                    </Label>
                  </div>
                  <Text id="autopay-terms" size="small" className="text-ui-fg-subtle whitespace-pre-line">
                    {settings.autopay.terms_text}
                  </Text>
                </div>
              )}
            </>
          ) : (
            methodError && (
              <Text className="text-ui-fg-error" role="alert" weight="plus">
                {methodError}
              </Text>
            )
          )}
        </Section>

        <Section title="Note (optional)" id="note-heading">
          <Label htmlFor="note" className="sr-only">
            Note
          </Label>
          <Textarea
            id="note"
            rows={2}
            maxLength={500}
            placeholder="Anything we should know about this payment"
            value={values.note}
            onChange={(e) => set({ note: e.target.value })}
          />
        </Section>
      </div>

      <aside aria-labelledby="summary-heading" className="min-w-0 lg:sticky lg:top-4 lg:self-start">
        <Container className="flex flex-col gap-y-4">
          <h2 id="summary-heading" className="txt-compact-large-plus text-ui-fg-base">
            Where your payment goes
          </h2>
          <div aria-live="polite" className="flex flex-col gap-y-2">
            {stripeRetry ? (
              <Text className="text-ui-fg-subtle" data-testid="stripe-retry">
                Your payment of {formatMoney(stripeRetry.amount, stripeRetry.currency_code)} is waiting for card details
                that go through; its invoices are held for it. Nothing has been charged: correct the details or use
                another card, then press Pay again.
              </Text>
            ) : !allocation ? (
              <Text className="text-ui-fg-subtle">
                {values.mode === "fixed_amount" ? "Enter an amount to see where it goes." : "Choose invoices to see where the payment goes."}
              </Text>
            ) : previewError ? (
              <Text className="text-ui-fg-error">{previewError}</Text>
            ) : preview.data ? (
              <AllocationPreview preview={preview.data} updating={!previewCurrent || preview.isFetching} linkInvoices={canListInvoices} />
            ) : (
              <LoadingState label="Working out where it goes…" />
            )}
          </div>
          {settings.payment_terms_text && (
            <Text size="small" className="text-ui-fg-subtle whitespace-pre-line" data-testid="payment-terms">
              {settings.payment_terms_text}
            </Text>
          )}
          {payError && (
            <Alert variant="error" role="alert" id="pay-error">
              {payError}
            </Alert>
          )}
          <ThemedButton
            type="submit"
            size="large"
            className="w-full"
            isLoading={createPayment.isPending || completePayment.isPending || enrollAutopay.isPending || confirmingWithStripe}
            disabled={busy || (!previewReady && !stripeRetry) || offeredHere.length === 0}
            aria-describedby={payError ? "pay-error" : undefined}
          >
            {stripeRetry
              ? `Pay ${formatMoney(stripeRetry.amount, stripeRetry.currency_code)}`
              : previewReady && preview.data
                ? `Pay ${formatMoney(preview.data.amount, currency)}`
                : "Pay"}
          </ThemedButton>
          {createPayment.isPending && (
            <Text size="small" role="status" className="text-ui-fg-subtle text-center">
              Processing your payment. Please keep this page open.
            </Text>
          )}
        </Container>
      </aside>

      {challenge && (
        <Suspense fallback={<LoadingState label="Opening your bank's confirmation…" />}>
          <NextActionDialog
        open={!!challenge}
        amount={challenge?.amount ?? 0}
        currency={challenge?.currency_code ?? currency}
        busy={completePayment.isPending}
        onConfirm={() => void answerChallenge(true)}
        onCancel={() => void answerChallenge(false)}
          />
        </Suspense>
      )}
    </form>
  )
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Container className="flex flex-col">
        <h2 id={id} className="txt-compact-large-plus text-ui-fg-base mb-3">
          {title}
        </h2>
        {children}
      </Container>
    </section>
  )
}

function InvoiceChecklist({
  query,
  invoices,
  payable,
  selected,
  currency,
  error,
  onChange,
  partial,
}: {
  query: ReturnType<typeof useInvoices>
  invoices: Invoice[]
  /** what each still asks of this payment, minor units */
  payable: (invoice: Invoice) => bigint
  selected: string[]
  currency: string
  error?: string
  onChange: (ids: string[]) => void
  /** per-invoice amounts, when the business allows partial payments */
  partial?: {
    values: Record<string, string>
    problems: Record<string, string>
    onChange: (id: string, value: string) => void
  }
}) {
  if (query.isPending) return <LoadingState label="Loading your open invoices…" />
  if (query.isError) return <ErrorState error={query.error} title="Your invoices could not be loaded" onRetry={() => query.refetch()} />
  if (invoices.length === 0) {
    return (
      <Text className="text-ui-fg-subtle mt-4">
        No open invoices in {currency.toUpperCase()}. See all of them on the{" "}
        <Link className="portal-link" to={TAB_PATHS.invoices}>
          Invoices
        </Link>{" "}
        page.
      </Text>
    )
  }
  return (
    <fieldset className="mt-4" aria-describedby={error ? "invoices-error" : undefined}>
      <legend className="txt-compact-small-plus text-ui-fg-base mb-2">Invoices to pay</legend>
      <ul className="divide-ui-border-base border-ui-border-base divide-y rounded-lg border">
        {invoices.map((invoice) => {
          const id = `invoice-${invoice.id}`
          const checked = selected.includes(invoice.id)
          const amount = toMajor(payable(invoice), invoice.currency_code)
          return (
            <li key={invoice.id} className="flex flex-col gap-y-2 px-3 py-2.5">
              <div className="flex items-center gap-x-3">
              <CheckboxInput
                id={id}
                checked={checked}
                onChange={(e) =>
                  onChange(e.target.checked ? [...selected, invoice.id] : selected.filter((s) => s !== invoice.id))
                }
              />
              <Label htmlFor={id} className="flex min-w-0 flex-1 flex-wrap items-baseline justify-between gap-x-3">
                <span className="txt-compact-small-plus">
                  {invoice.number}
                  <span className={clx("txt-compact-small ml-2", invoice.is_overdue ? "text-ui-fg-error" : "text-ui-fg-subtle")}>
                    {invoice.is_overdue ? "Past due" : "Due"} {formatDay(invoice.due_at)}
                  </span>
                </span>
                <span className="txt-compact-small-plus tabular-nums">{formatMoney(amount, invoice.currency_code)}</span>
              </Label>
              </div>
              {partial && checked && (
                <div className="ml-7 max-w-[12rem]">
                  <FormField
                    id={`${id}-amount`}
                    label={`Amount for ${invoice.number}`}
                    inputMode="decimal"
                    autoComplete="off"
                    value={partial.values[invoice.id] ?? amount}
                    error={partial.problems[invoice.id]}
                    onChange={(e) => partial.onChange(invoice.id, e.target.value)}
                  />
                </div>
              )}
            </li>
          )
        })}
      </ul>
      {error && (
        <Text id="invoices-error" className="text-ui-fg-error mt-2" role="alert">
          {error}
        </Text>
      )}
    </fieldset>
  )
}
