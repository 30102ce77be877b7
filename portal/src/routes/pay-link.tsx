import { Alert, Badge, Container, Label, Text } from "@medusajs/ui"
import { lazy, Suspense, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react"
import { Link } from "react-router-dom"
import { newIdempotencyKey } from "../../../src/client/idempotency"
import { microdepositsAction } from "../../../src/client/next-action"
import type { Payment, PayLink, PayLinkInvoice, PayPayLinkBody, PreviewPayLinkBody } from "../../../src/client/types"
import { decimalToMinor, sumMinor, toMajor, toMinor } from "../../../src/domain/money"
import {
  apiStatus,
  useCompletePayLinkPayment,
  usePayLink,
  usePayLinkPreview,
  usePayPayLink,
  useDownloadPayLinkInvoicePdf,
  useResendPayLink,
} from "../api/pay-link"
import { FormField } from "../components/form-field"
import { DownloadButton } from "../components/invoices/download-button"
import { InvoiceLinesTable } from "../components/invoices/invoice-lines"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { failureReasonWords, paymentMethodLabel } from "../components/payment/labels"
import { MethodEntry, type MethodEntryValue } from "../components/payment/method-entry"
import { confirmStripePayment, handleStripeNextAction, submitStripeDetails } from "../components/payment/stripe-steps"
import { Radio } from "../components/payment/choice"
import { VerifyBankAccount } from "../components/payment/verify-bank-account"
import { PublicLayout } from "../components/public-layout"
import { ThemedButton } from "../components/themed-button"
import { usesStripe } from "../config"
import { errorMessage } from "../lib/errors"
import { formatDay, formatMoney, isZero } from "../lib/money"
import { PUBLIC_PATHS } from "../lib/tabs"
import { useDebouncedValue } from "../lib/use-debounced-value"
import { useDocumentTitle } from "../lib/use-document-title"

// only a payment whose bank asks for confirmation needs the dialog (and its Radix code)
const NextActionDialog = lazy(() => import("../components/payment/next-action-dialog"))

// ---- the token ------------------------------------------------------------
// Emails link to `<portal>/pay#token=…`: the fragment never reaches a server.
// The page takes the token out of the address bar at once (so it is not in
// the history, a bookmark, a screenshot or a shared address) and keeps it in
// memory for the page's life only; it then travels in the X-Pay-Link-Token
// header of the API calls, never in a URL. After a reload it is gone.
let heldToken: string | null = null

function takeTokenFromAddress(): string | null {
  const hash = window.location.hash
  if (hash.length > 1) {
    const token = new URLSearchParams(hash.slice(1)).get("token")
    if (token) heldToken = token.trim()
  }
  return heldToken
}

function dropTokenFromAddress() {
  if (!window.location.hash) return
  const { pathname, search } = window.location
  window.history.replaceState(window.history.state, "", `${pathname}${search}`)
}

export default function PayLinkPage() {
  useDocumentTitle("Pay your invoices")
  const [token] = useState(takeTokenFromAddress)
  useLayoutEffect(dropTokenFromAddress, [])
  useEffect(() => {
    // another link pasted into this tab's address bar changes only the fragment: start over with it
    const onHashChange = () => {
      if (new URLSearchParams(window.location.hash.slice(1)).get("token")) window.location.reload()
    }
    window.addEventListener("hashchange", onHashChange)
    return () => window.removeEventListener("hashchange", onHashChange)
  }, [])
  const [done, setDone] = useState<Payment | null>(null)
  const link = usePayLink(token, { enabled: !done })

  let content: ReactNode
  if (!token) content = <NoToken />
  else if (done) content = <Confirmation payment={done} link={link.data?.state === "usable" ? link.data.link : null} />
  else if (link.isPending) content = <LoadingState label="Loading your invoices…" />
  else if (link.isError) content = <ErrorState error={link.error} title="Your invoices could not be loaded" onRetry={() => void link.refetch()} />
  else if (link.data.state === "unavailable") {
    content = link.data.paidHere ? <NothingLeft link={null} /> : <ExpiredLink token={token} />
  } else if (isZero(link.data.link.amount_payable)) content = <NothingLeft link={link.data.link} />
  else content = <PayForm token={token} link={link.data.link} onDone={setDone} />

  return <PublicLayout>{content}</PublicLayout>
}

// ---- states without a form -----------------------------------------------

function SignInLine({ lead = "Have an account?", action = "Sign in" }: { lead?: string; action?: string }) {
  return (
    <Text className="text-portal-on-background-subtle mt-6">
      {lead}{" "}
      <Link to={PUBLIC_PATHS.signIn} className="portal-link">
        {action}
      </Link>
    </Text>
  )
}

/**
 * What an invoice is for, folded under its number (a native disclosure:
 * keyboard and screen readers work as they do everywhere): the lines and
 * the invoice's total, and what is paid of it already.
 */
function InvoiceLinesDisclosure({ invoice, currencyCode }: { invoice: PayLinkInvoice; currencyCode: string }) {
  if (!invoice.lines.length) return null
  const count = invoice.lines.length === 1 ? "1 item" : `${invoice.lines.length} items`
  return (
    <details className="group mt-1" data-testid="pay-link-invoice-lines">
      <summary className="portal-link txt-compact-small-plus w-fit cursor-pointer list-none [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="mr-1 inline-block transition-transform group-open:rotate-90">
          ›
        </span>
        What it is for ({count})
      </summary>
      <div className="border-ui-border-base mt-2 overflow-x-auto rounded-md border">
        <InvoiceLinesTable lines={invoice.lines} currencyCode={currencyCode} />
        <dl className="txt-compact-small flex flex-col gap-y-1 px-4 py-3">
          <div className="flex justify-between gap-x-6">
            <dt className="text-ui-fg-base txt-compact-small-plus">Invoice total</dt>
            <dd className="tabular-nums txt-compact-small-plus">{formatMoney(invoice.total, currencyCode)}</dd>
          </div>
          {!isZero(invoice.amount_paid) && (
            <div className="flex justify-between gap-x-6">
              <dt className="text-ui-fg-subtle">Paid already</dt>
              <dd className="tabular-nums">{formatMoney(invoice.amount_paid, currencyCode)}</dd>
            </div>
          )}
        </dl>
      </div>
    </details>
  )
}

function NoToken() {
  return (
    <>
      <PageHeading>Open the link from your email again</PageHeading>
      <Container className="flex flex-col gap-y-2">
        <Text>
          For your security, this page does not keep your payment link once it has been opened. Open the “View and pay”
          link in your email again to pay.
        </Text>
      </Container>
      <SignInLine />
    </>
  )
}

function ExpiredLink({ token }: { token: string }) {
  const resend = useResendPayLink(token)
  return (
    <>
      <PageHeading>This link has expired</PageHeading>
      <Container className="flex flex-col gap-y-4">
        <Text>
          Payment links stop working after a while, when a newer link replaces them, or once everything on them is
          paid. If something is still due, we can email you a new link.
        </Text>
        {resend.isSuccess ? (
          <Alert variant="success" role="status">
            If this link was sent to you, a new one is on its way to the email address we have on file.
          </Alert>
        ) : (
          <ThemedButton
            type="button"
            size="large"
            className="w-full"
            isLoading={resend.isPending}
            onClick={() => !resend.isPending && resend.mutate()}
            aria-describedby={resend.isError ? "resend-error" : undefined}
          >
            Email me a new link
          </ThemedButton>
        )}
        {resend.isError && (
          <Alert variant="error" role="alert" id="resend-error">
            {errorMessage(resend.error)}
          </Alert>
        )}
      </Container>
      <SignInLine />
    </>
  )
}

function NothingLeft({ link }: { link: PayLink | null }) {
  const pending = link && !isZero(link.amount_pending)
  return (
    <>
      <PageHeading description={link?.business.name ? `Invoices from ${link.business.name}` : undefined}>
        Nothing left to pay
      </PageHeading>
      <Container className="flex flex-col gap-y-2">
        {pending ? (
          <Text>
            A payment of {formatMoney(link.amount_pending, link.currency_code)} for these invoices is on its way. Bank
            payments take a few business days to clear.
          </Text>
        ) : (
          <Text>The invoices on this link are paid. Thank you.</Text>
        )}
      </Container>
      <SignInLine lead="To see your account," action="sign in" />
    </>
  )
}

// ---- the form -------------------------------------------------------------

type Choice = "full" | "partial"

/** What is left to pay on an invoice now (due minus on its way), in minor units. */
const leftMinor = (invoice: PayLinkInvoice, currency: string) => {
  const left = toMinor(invoice.amount_due, currency) - toMinor(invoice.amount_pending, currency)
  return left > 0n ? left : 0n
}

/** Each typed amount in minor units, or the words of what is wrong with it. */
function readAmounts(invoices: PayLinkInvoice[], typed: Record<string, string>, currency: string) {
  const minor: Record<string, bigint> = {}
  const problems: Record<string, string> = {}
  for (const invoice of invoices) {
    const text = (typed[invoice.id] ?? "").trim().replace(/^\$/, "").replace(/,/g, "")
    if (!text) {
      minor[invoice.id] = 0n
      continue
    }
    try {
      const value = toMinor(text, currency, "amount")
      if (value < 0n) problems[invoice.id] = "Enter an amount of zero or more"
      else if (value > leftMinor(invoice, currency)) {
        problems[invoice.id] = `At most ${formatMoney(toMajor(leftMinor(invoice, currency), currency), currency)}`
      } else minor[invoice.id] = value
    } catch {
      problems[invoice.id] = `Enter an amount like ${toMajor(2500n, currency)}`
    }
  }
  return { minor, problems, total: sumMinor(Object.values(minor)) }
}

/**
 * The server names the field a refusal is about (`amounts.inv_…: …`,
 * `payment_method.type: …`): where on the page to say it.
 */
function fieldOf(message: string): "amounts" | "method" | "other" {
  if (/^amounts\b/.test(message) || /^invoice_ids\b/.test(message)) return "amounts"
  if (/^payment_method\b/.test(message)) return "method"
  return "other"
}

type Attempt = { key: string; body: string }

function PayForm({ token, link, onDone }: { token: string; link: PayLink; onDone: (payment: Payment) => void }) {
  const currency = link.currency_code
  const pdf = useDownloadPayLinkInvoicePdf(token)
  const payable = useMemo(() => link.invoices.filter((i) => leftMinor(i, currency) > 0n), [link, currency])
  const [choice, setChoice] = useState<Choice>("full")
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(payable.map((i) => [i.id, toMajor(leftMinor(i, currency), currency)]))
  )
  const [method, setMethod] = useState<MethodEntryValue>({ type: link.payment_methods_offered[0] ?? "card", complete: false })
  const [showErrors, setShowErrors] = useState(false)
  // `waiting`: nothing went wrong, the payment is not settled yet (shown as a warning, not an error)
  const [failure, setFailure] = useState<{ where: "amounts" | "method" | "other"; message: string; waiting?: true } | null>(null)
  const [awaiting, setAwaiting] = useState<Payment | null>(null)
  const [dialogOpen, setDialogOpen] = useState(false)
  const attempt = useRef<Attempt | null>(null)
  // the payment Stripe.js confirmed here: a replay of it (Pay again while it is still pending) only asks where it stands
  const confirmedWithStripe = useRef<string | null>(null)
  const busyRef = useRef(false)
  const pay = usePayPayLink(token)
  const complete = useCompletePayLinkPayment(token)

  const amounts = readAmounts(payable, typed, currency)
  const partialReady = Object.keys(amounts.problems).length === 0 && amounts.total > 0n

  const allocation: PreviewPayLinkBody = useMemo(() => {
    if (choice === "full") return { mode: "selected_invoices", currency_code: currency, invoice_ids: payable.map((i) => i.id) }
    const chosen = payable.filter((i) => (amounts.minor[i.id] ?? 0n) > 0n)
    return {
      mode: "selected_invoices",
      currency_code: currency,
      invoice_ids: chosen.map((i) => i.id),
      amounts: Object.fromEntries(chosen.map((i) => [i.id, toMajor(amounts.minor[i.id], currency)])),
    }
    // amounts.minor is derived from typed
  }, [choice, payable, currency, typed])

  // The preview checks a partial payment with the server (minimum payment, what each invoice takes),
  // asked for once the typing settles: every call counts against the link's request limit.
  const wanted = choice === "partial" && partialReady ? JSON.stringify(allocation) : null
  const settled = useDebouncedValue(wanted, 400)
  const previewBody = useMemo(() => (settled ? (JSON.parse(settled) as PreviewPayLinkBody) : null), [settled])
  const preview = usePayLinkPreview(token, previewBody)
  const previewCurrent = !!settled && settled === wanted
  const previewError = choice === "partial" && previewCurrent && preview.isError ? errorMessage(preview.error) : null

  const totalText =
    choice === "full"
      ? formatMoney(link.amount_payable, currency)
      : formatMoney(toMajor(partialReady ? amounts.total : 0n, currency), currency)

  // Stripe.js confirming with the customer's bank (3-D Secure) between the two requests
  const [confirming, setConfirming] = useState(false)
  const busy = pay.isPending || complete.isPending || confirming

  const finish = async (payment: Payment) => {
    if (payment.status === "pending" && microdepositsAction(payment.next_action)) {
      // ACH by micro-deposits: nothing more to confirm here; the confirmation says how to verify the account
      attempt.current = null
      return onDone(payment)
    }
    if (payment.status === "pending" && payment.next_action && usesStripe(method.type)) {
      // Stripe.js confirms (the new details, or 3-D Secure), then `…/complete` (no body: the
      // server re-reads the PaymentIntent). Refused details keep the attempt: the next Pay
      // replays the same payment (same key and body) and confirms it again.
      if (confirmedWithStripe.current !== payment.id) {
        setConfirming(true)
        try {
          if (method.stripe) await confirmStripePayment(method.stripe, payment.next_action)
          else await handleStripeNextAction(payment.next_action)
          confirmedWithStripe.current = payment.id
        } catch (error) {
          setFailure({ where: "method", message: errorMessage(error) })
          return
        } finally {
          setConfirming(false)
        }
      }
      try {
        const done = await complete.mutateAsync({ paymentId: payment.id, body: {} })
        // only a micro-deposits action is kept: anything else was just confirmed
        return finish({ ...done, next_action: microdepositsAction(done.next_action) ?? undefined })
      } catch (error) {
        // the provider may have the money: this attempt's key stays, so Pay again cannot charge twice
        setFailure({ where: "other", message: `${errorMessage(error)} Press Pay again to check on this payment: you will not be charged twice.` })
        return
      }
    }
    if (payment.status === "pending" && !payment.next_action && payment.method === "card") {
      // Not settled yet: another request of this payment is still completing it, or the provider
      // has not answered. Not "submitted" (a card is not a bank debit): this attempt's key stays,
      // so Pay again asks where the payment stands, and cannot charge twice.
      setFailure({
        where: "other",
        message: "Your bank has not confirmed this card payment yet. Press Pay again in a moment to check on it: you will not be charged twice.",
        waiting: true,
      })
      return
    }
    if (payment.status === "pending" && payment.next_action) {
      // the bank asks the customer to confirm; until the payment is settled its attempt (key) stays,
      // so Pay again answers this payment (and its confirmation) instead of making another
      setAwaiting(payment)
      setDialogOpen(true)
      return
    }
    attempt.current = null
    if (payment.status === "succeeded" || payment.status === "processing") return onDone(payment)
    if (payment.status === "failed" || payment.status === "canceled") {
      setFailure({ where: "method", message: failureReasonWords(payment.failure_reason) })
      return
    }
    onDone(payment)
  }

  const submit = async () => {
    if (busyRef.current) return
    setShowErrors(true)
    setFailure(null)
    if (choice === "partial" && (!partialReady || previewError)) {
      const first = payable.find((i) => amounts.problems[i.id]) ?? payable[0]
      document.getElementById(`amount-${first.id}`)?.focus()
      return
    }
    if (!method.complete) {
      setFailure({ where: "method", message: "Enter your payment details above." })
      return
    }
    if (method.stripe) {
      // Stripe checks the details before anything is created here
      busyRef.current = true
      try {
        await submitStripeDetails(method.stripe)
      } catch (error) {
        setFailure({ where: "method", message: errorMessage(error) })
        return
      } finally {
        busyRef.current = false
      }
    }
    const body: PayPayLinkBody = {
      ...allocation,
      // what the Pay button says: the server charges exactly that or nothing (409 when the link's total moved)
      expected_amount: choice === "full" ? link.amount_payable : toMajor(amounts.total, currency),
      payment_method: { type: method.type, ...(method.data ? { data: method.data } : {}) },
    }
    const bodyText = JSON.stringify(body)
    // one key per attempt: the same key again only for the very same payment (a retry)
    if (!attempt.current || attempt.current.body !== bodyText) attempt.current = { key: newIdempotencyKey(), body: bodyText }
    busyRef.current = true
    pay.mutate(
      { body, idempotencyKey: attempt.current.key },
      {
        onSuccess: async ({ payment }) => {
          busyRef.current = true
          try {
            await finish(payment)
          } finally {
            busyRef.current = false
          }
        },
        onError: (error) => {
          const status = apiStatus(error)
          const message = errorMessage(error)
          if (status === 0 || (status !== undefined && status >= 500)) {
            // no answer, or the server failed: the same key makes a retry safe
            setFailure({ where: "other", message: `${message} Press Pay again to retry: you will not be charged twice.` })
          } else {
            attempt.current = null
            const where = fieldOf(message)
            // the amounts are on the page only when the customer is choosing them
            setFailure({ where: where === "amounts" && choice === "full" ? "other" : where, message })
          }
        },
        onSettled: () => {
          busyRef.current = false
        },
      }
    )
  }

  const confirmWithBank = () => {
    if (!awaiting || busyRef.current) return
    busyRef.current = true
    complete.mutate(
      { paymentId: awaiting.id, body: { provider_data: { confirmed: true } } },
      {
        onSuccess: (payment) => {
          setDialogOpen(false)
          setAwaiting(null)
          finish(payment)
        },
        onError: (error) => {
          setDialogOpen(false)
          setFailure({ where: "other", message: errorMessage(error) })
        },
        onSettled: () => {
          busyRef.current = false
        },
      }
    )
  }

  const business = link.business.name
  return (
    <>
      <PageHeading description={business ? `Invoices from ${business}` : undefined}>Pay your invoices</PageHeading>

      <section aria-labelledby="invoices-heading" className="mb-6">
        <h2 id="invoices-heading" className="h2-core text-portal-on-background mb-3">
          {link.invoices.length === 1 ? "Your invoice" : `Your invoices (${link.invoices.length})`}
        </h2>
        <Container className="p-0">
          <ul className="divide-ui-border-base divide-y" data-testid="pay-link-invoices">
            {link.invoices.map((invoice) => (
              <li key={invoice.id} className="flex flex-col px-4 py-3" data-testid="pay-link-invoice">
                <div className="flex items-start justify-between gap-x-4">
                  <div className="flex min-w-0 flex-col gap-y-0.5">
                    <Text weight="plus">{invoice.number}</Text>
                    <Text size="small" className="text-ui-fg-subtle">
                      {invoice.due_at ? `Due ${formatDay(invoice.due_at)}` : "No due date"}
                      {invoice.is_overdue && (
                        <Badge color="red" size="2xsmall" className="ml-2 align-middle">
                          Overdue
                        </Badge>
                      )}
                    </Text>
                    {!isZero(invoice.amount_pending) && (
                      <Text size="small" className="text-ui-fg-subtle">
                        {formatMoney(invoice.amount_pending, currency)} on its way
                      </Text>
                    )}
                  </div>
                  <div className="flex shrink-0 flex-col items-end gap-y-0.5">
                    <Text weight="plus" className="tabular-nums" data-testid="amount-due">
                      {formatMoney(invoice.amount_due, currency)}
                    </Text>
                    <Text size="small" className="text-ui-fg-subtle">
                      amount due
                    </Text>
                    <DownloadButton
                      id={`pay-link-pdf-${invoice.id}`}
                      label="Download PDF"
                      accessibleLabel={`Download invoice ${invoice.number} (PDF)`}
                      variant="secondary"
                      size="small"
                      isPending={pdf.isPending && pdf.variables?.id === invoice.id}
                      error={pdf.variables?.id === invoice.id ? pdf.error : null}
                      onClick={() => pdf.mutate(invoice)}
                      className="mt-1.5 flex flex-col items-end gap-y-1"
                    />
                  </div>
                </div>
                <InvoiceLinesDisclosure invoice={invoice} currencyCode={currency} />
              </li>
            ))}
          </ul>
          <div className="border-ui-border-base flex items-baseline justify-between gap-x-4 border-t px-4 py-3">
            <Text weight="plus">{isZero(link.amount_pending) ? "Total due" : "Left to pay"}</Text>
            <Text weight="plus" className="txt-xlarge-plus tabular-nums" data-testid="pay-link-total">
              {formatMoney(link.amount_payable, currency)}
            </Text>
          </div>
        </Container>
      </section>

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
        className="flex flex-col gap-y-6"
      >
        {link.allow_partial_payments && (
          <section aria-labelledby="amount-heading">
            <h2 id="amount-heading" className="h2-core text-portal-on-background mb-3">
              Amount
            </h2>
            <Container className="flex flex-col gap-y-4">
              <fieldset className="flex flex-col gap-y-3" disabled={busy}>
                <legend className="sr-only">How much to pay</legend>
                {(
                  [
                    ["full", `Pay everything (${formatMoney(link.amount_payable, currency)})`],
                    ["partial", "Pay a different amount"],
                  ] as const
                ).map(([value, label]) => (
                  <div key={value} className="flex items-center gap-x-2">
                    <Radio
                      name="choice"
                      value={value}
                      id={`choice-${value}`}
                      checked={choice === value}
                      onChange={() => {
                        setChoice(value)
                        setFailure(null)
                      }}
                    />
                    <Label htmlFor={`choice-${value}`}>{label}</Label>
                  </div>
                ))}
              </fieldset>
              {choice === "partial" && (
                <div className="flex flex-col gap-y-3" aria-describedby={failure?.where === "amounts" || previewError ? "amounts-error" : undefined}>
                  {payable.map((invoice) => (
                    <FormField
                      key={invoice.id}
                      id={`amount-${invoice.id}`}
                      label={`Amount for ${invoice.number}`}
                      inputMode="decimal"
                      autoComplete="off"
                      value={typed[invoice.id] ?? ""}
                      disabled={busy}
                      error={amounts.problems[invoice.id]}
                      onChange={(e) => setTyped((t) => ({ ...t, [invoice.id]: e.target.value }))}
                    />
                  ))}
                  {showErrors && partialReady === false && Object.keys(amounts.problems).length === 0 && (
                    <Text size="small" className="text-ui-fg-error" id="amounts-error">
                      Enter an amount for at least one invoice.
                    </Text>
                  )}
                  {(previewError || failure?.where === "amounts") && (
                    <Text size="small" className="text-ui-fg-error" id="amounts-error" role="alert">
                      {failure?.where === "amounts" ? failure.message : previewError}
                    </Text>
                  )}
                  {previewCurrent && preview.data && !preview.isError && (
                    <Text size="small" className="text-ui-fg-subtle" data-testid="pay-link-preview">
                      {preview.data.allocations.map((a) => `${a.number}: ${formatMoney(a.amount, currency)}`).join(" · ")}
                    </Text>
                  )}
                </div>
              )}
            </Container>
          </section>
        )}

        <section aria-labelledby="method-heading">
          <h2 id="method-heading" className="h2-core text-portal-on-background mb-3">
            Payment details
          </h2>
          <Container className="flex flex-col gap-y-3">
            <MethodEntry
              id="pay-link-method"
              offered={link.payment_methods_offered}
              stripe={{
                intent: "payment",
                currency,
                amountMinor:
                  choice === "full" ? decimalToMinor(String(link.amount_payable), currency) : partialReady ? amounts.total : undefined,
              }}
              onChange={(value) => {
                setMethod(value)
                if (failure?.where === "method") setFailure(null)
              }}
              showErrors={showErrors}
              error={failure?.where === "method" ? failure.message : undefined}
              disabled={busy}
            />
            <Text size="small" className="text-ui-fg-subtle">
              Saved cards and bank accounts?{" "}
              <Link to={PUBLIC_PATHS.signIn} className="portal-link">
                Sign in to use saved methods
              </Link>
            </Text>
          </Container>
        </section>

        {link.payment_terms_text && (
          <section aria-labelledby="terms-heading">
            <h2 id="terms-heading" className="txt-compact-small-plus text-portal-on-background mb-1">
              Payment terms
            </h2>
            <Text size="small" className="text-portal-on-background-subtle whitespace-pre-line">
              {link.payment_terms_text}
            </Text>
          </section>
        )}

        {awaiting && !dialogOpen && (
          <Alert variant="warning">
            <div className="flex flex-col gap-y-2">
              <Text>Your bank still needs you to confirm this payment. Nothing has been charged yet.</Text>
              <ThemedButton type="button" size="small" onClick={() => setDialogOpen(true)}>
                Confirm with your bank
              </ThemedButton>
            </div>
          </Alert>
        )}

        {failure?.where === "other" && (
          <Alert variant={failure.waiting ? "warning" : "error"} role="alert" id="pay-error">
            {failure.message}
          </Alert>
        )}

        <ThemedButton
          type="submit"
          size="large"
          className="w-full"
          isLoading={busy}
          disabled={!!awaiting}
          aria-describedby={failure?.where === "other" ? "pay-error" : undefined}
        >
          Pay {totalText}
        </ThemedButton>
        <Text size="small" className="text-portal-on-background-subtle -mt-3 text-center">
          A receipt goes to the email address we have on file.
        </Text>
      </form>

      {awaiting && (
        <Suspense fallback={<LoadingState label="Opening your bank's confirmation…" />}>
          <NextActionDialog
            open={dialogOpen}
            amount={awaiting.amount}
            currency={currency}
            busy={complete.isPending}
            onConfirm={confirmWithBank}
            onCancel={() => setDialogOpen(false)}
          />
        </Suspense>
      )}
    </>
  )
}

// ---- after paying ---------------------------------------------------------

function Confirmation({ payment, link }: { payment: Payment; link: PayLink | null }) {
  const heading = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // the form is gone: take keyboard and screen-reader users to the news
    heading.current?.querySelector("h1")?.focus()
  }, [])
  const pending = payment.status === "processing" || payment.status === "pending"
  const currency = payment.currency_code
  const numberOf = (invoiceId: string) => link?.invoices.find((i) => i.id === invoiceId)?.number ?? "Invoice"
  return (
    <div ref={heading}>
      <PageHeading description={link?.business.name ? `Payment to ${link.business.name}` : undefined}>
        {pending ? "Payment submitted" : "Thank you for your payment"}
      </PageHeading>
      <Container className="flex flex-col gap-y-4" data-testid="pay-link-confirmation">
        {payment.status === "pending" && <VerifyBankAccount nextAction={payment.next_action} />}
        {pending ? (
          <Alert variant="info">
            Your bank payment is pending. Bank payments take a few business days to clear; your invoices show it as
            pending until then.
          </Alert>
        ) : (
          <Alert variant="success">Your payment of {formatMoney(payment.amount, currency)} was received.</Alert>
        )}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          <dt className="txt-compact-small text-ui-fg-subtle">Amount</dt>
          <dd className="txt-compact-small-plus text-right tabular-nums" data-testid="confirmation-amount">
            {formatMoney(payment.amount, currency)}
          </dd>
          <dt className="txt-compact-small text-ui-fg-subtle">Paid with</dt>
          <dd className="txt-compact-small text-right">{paymentMethodLabel(payment.method, payment.method_details)}</dd>
          <dt className="txt-compact-small text-ui-fg-subtle">Status</dt>
          <dd className="txt-compact-small text-right">{pending ? "Pending" : "Paid"}</dd>
          <dt className="txt-compact-small text-ui-fg-subtle">Transaction ID</dt>
          <dd className="txt-compact-small text-right font-mono break-all" data-testid="transaction-id">
            {payment.transaction_id ?? "—"}
          </dd>
        </dl>
        <div>
          <h2 className="txt-compact-small-plus mb-2">Applied to</h2>
          <ul className="divide-ui-border-base divide-y" data-testid="confirmation-allocations">
            {payment.allocations.map((allocation) => (
              <li key={allocation.id} className="flex items-baseline justify-between gap-x-4 py-2">
                <Text size="small">{numberOf(allocation.invoice_id)}</Text>
                <Text size="small" weight="plus" className="tabular-nums">
                  {formatMoney(allocation.amount, currency)}
                </Text>
              </li>
            ))}
          </ul>
        </div>
        <Text>A receipt is on its way to the email address on file.</Text>
      </Container>
      <SignInLine lead="To see your account and past payments," action="sign in" />
    </div>
  )
}
