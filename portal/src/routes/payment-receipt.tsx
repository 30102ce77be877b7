import { Alert, Badge, Button, Container, Text } from "@medusajs/ui"
import { useEffect, useRef } from "react"
import { Link, useLocation, useNavigate, useParams } from "react-router-dom"
import { useAccount } from "../api/account"
import { useCustomer } from "../api/customer"
import {
  useCompletePayment,
  useDownloadReceipt,
  useEnrollAutopayAfterPayment,
  useInvoiceNumber,
  usePayment,
} from "../api/payments"
import type { Payment } from "../api/types"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { failureReasonWords, paymentMethodLabel } from "../components/payment/labels"
import { VerifyBankAccount } from "../components/payment/verify-bank-account"
import { errorMessage } from "../lib/errors"
import { formatMoney, isPositive, isZero } from "../lib/money"
import { PAGE_PATHS } from "../lib/tabs"
import { useDocumentTitle } from "../lib/use-document-title"
import { type ReceiptAutopay, type ReceiptState, turnOnAutopayAfterPayment } from "../components/payment/autopay-after-payment"

/** The payment's confirmation and receipt (`/payments/:id`, where Pay lands). */
export default function PaymentReceiptPage() {
  const { id = "" } = useParams()
  const account = useAccount().data
  const payment = usePayment(id)
  useDocumentTitle("Payment", account?.settings.business_name)

  if (payment.isPending) {
    return (
      <>
        <PageHeading>Payment</PageHeading>
        <LoadingState label="Loading your payment…" />
      </>
    )
  }
  if (payment.isError) {
    return (
      <>
        <PageHeading>Payment</PageHeading>
        <ErrorState error={payment.error} title="This payment could not be loaded" onRetry={() => payment.refetch()} />
        <Link to="/" className="portal-link txt-compact-small">
          Back to Home
        </Link>
      </>
    )
  }
  return <Receipt payment={payment.data} linkInvoices={!!account?.settings.tabs.invoices} />
}

/**
 * How much of a succeeded payment went back: "all" or "some" (a refund), or
 * "none". Compared as the currency's money text, never by arithmetic.
 */
function refundedPart(payment: Payment): "all" | "some" | "none" {
  if (payment.status !== "succeeded" || !isPositive(payment.refunded_amount)) return "none"
  const currency = payment.currency_code
  return formatMoney(payment.refunded_amount, currency) === formatMoney(payment.amount, currency) ? "all" : "some"
}

function headline(payment: Payment): { title: string; tone: "green" | "orange" | "red" | "grey"; text: string } {
  switch (payment.status) {
    case "succeeded": {
      const refunded = refundedPart(payment)
      if (refunded === "all") return { title: "Payment refunded", tone: "grey", text: "Refunded" }
      if (refunded === "some") return { title: "Payment partially refunded", tone: "grey", text: "Partially refunded" }
      return { title: "Thank you, your payment went through", tone: "green", text: "Paid" }
    }
    case "processing":
      return {
        title: "Payment submitted",
        tone: "orange",
        text: "Pending until your bank settles it",
      }
    case "pending":
      return { title: "Payment waiting for confirmation", tone: "orange", text: "Waiting for confirmation" }
    case "failed":
      return { title: "Your payment did not go through", tone: "red", text: "Failed" }
    case "canceled":
      return { title: "Payment canceled", tone: "grey", text: "Canceled" }
    case "reversed":
      return { title: "Payment reversed", tone: "red", text: "Reversed by your bank" }
  }
}

function Receipt({ payment, linkInvoices }: { payment: Payment; linkInvoices: boolean }) {
  const download = useDownloadReceipt()
  const autopay = (useLocation().state as ReceiptState | null)?.autopay
  const status = headline(payment)
  const currency = payment.currency_code
  const refunded = refundedPart(payment)
  // what the payment pays: its applied and reserved allocations (a refunded part is kept as a `reversed` row);
  // a reversed payment's are all `reversed`: what it had paid
  const shown = payment.status === "reversed" ? ["reversed"] : ["applied", "reserved"]
  const allocations = payment.allocations.filter((a) => shown.includes(a.status))
  const date = payment.completed_at ?? payment.created_at
  const canDownload = payment.status === "succeeded" || payment.status === "processing" || payment.status === "reversed"

  const downloadReceipt = async () => {
    const blob = await download.mutateAsync(payment.id)
    const url = URL.createObjectURL(blob)
    const link = document.createElement("a")
    link.href = url
    // the server names it receipt-<transaction id>.pdf (its Content-Disposition); the Blob does not carry the header
    link.download = `receipt-${(payment.transaction_id ?? payment.id).replace(/[^\w.-]+/g, "_")}.pdf`
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }

  return (
    <>
      <PageHeading>{status.title}</PageHeading>
      <Container className="flex max-w-2xl flex-col gap-y-5">
        <div className="flex flex-wrap items-center gap-3">
          <Badge color={status.tone} size="base" data-testid="payment-status">
            {status.text}
          </Badge>
          <Text className="text-[1.75rem] font-medium leading-9 tabular-nums" data-testid="payment-amount">
            {formatMoney(payment.amount, currency)}
          </Text>
        </div>
        {refunded !== "none" && (
          <Text className="text-ui-fg-subtle" data-testid="payment-refunded">
            {formatMoney(payment.refunded_amount, currency)} was refunded to{" "}
            {paymentMethodLabel(payment.method, payment.method_details)}.
          </Text>
        )}
        {payment.status === "pending" && <VerifyBankAccount nextAction={payment.next_action} />}
        {payment.status === "processing" && (
          <Text className="text-ui-fg-subtle">
            Bank payments take a few business days. The amount shows as pending on your account until your bank settles
            it; we email you when it does.
          </Text>
        )}
        <ReceiptEmailed payment={payment} />
        {autopay && <AutopayOutcome payment={payment} autopay={autopay} />}
        {payment.status === "failed" && (
          <Alert variant="error">{failureReasonWords(payment.failure_reason)}</Alert>
        )}
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
          <Detail label="Transaction ID" testId="transaction-id">
            <span className="break-all font-mono">{payment.transaction_id ?? "—"}</span>
          </Detail>
          <Detail label="Paid with">{paymentMethodLabel(payment.method, payment.method_details)}</Detail>
          <Detail label="Date">
            {new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(date))}
          </Detail>
          {payment.note && <Detail label="Your note">{payment.note}</Detail>}
        </dl>

        <section aria-labelledby="applied-heading" className="flex flex-col gap-y-2">
          <h2 id="applied-heading" className="txt-compact-large-plus">
            {payment.status === "failed"
              ? "What it would have paid"
              : payment.status === "reversed"
                ? "What it had paid"
                : refunded === "some"
                  ? "What it pays now"
                  : "What it pays"}
          </h2>
          {allocations.length === 0 && isZero(payment.unapplied_amount) ? (
            <Text className="text-ui-fg-subtle">
              {refunded === "all" ? "It was refunded in full and pays no invoice now." : "This payment is not applied to any invoice."}
            </Text>
          ) : (
            <ul className="divide-ui-border-base border-ui-border-base divide-y rounded-lg border">
              {allocations.map((a) => (
                <li key={a.id} className="flex items-baseline justify-between gap-x-3 px-3 py-2.5" data-testid="receipt-row">
                  <span className="txt-compact-small">
                    {linkInvoices ? (
                      <Link className="portal-link" to={PAGE_PATHS.invoice(a.invoice_id)}>
                        <InvoiceNumber id={a.invoice_id} enabled />
                      </Link>
                    ) : (
                      <InvoiceNumber id={a.invoice_id} enabled={false} />
                    )}
                  </span>
                  <span className="txt-compact-small-plus tabular-nums">{formatMoney(a.amount, currency)}</span>
                </li>
              ))}
              {!isZero(payment.unapplied_amount) && (
                <li className="flex items-baseline justify-between gap-x-3 px-3 py-2.5" data-testid="receipt-credit">
                  <span className="txt-compact-small">Credit on your account</span>
                  <span className="txt-compact-small-plus tabular-nums">{formatMoney(payment.unapplied_amount, currency)}</span>
                </li>
              )}
            </ul>
          )}
        </section>

        <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
          {canDownload && (
            <Button type="button" variant="secondary" isLoading={download.isPending} onClick={() => void downloadReceipt().catch(() => {})}>
              Download receipt (PDF)
            </Button>
          )}
          <Link to="/" className="portal-link txt-compact-small">
            Back to Home
          </Link>
        </div>
        {download.isError && (
          <Text className="text-ui-fg-error" role="alert">
            The receipt could not be downloaded: {errorMessage(download.error)}
          </Text>
        )}
      </Container>
    </>
  )
}

/**
 * What became of the autopay the customer asked this payment to turn on.
 * A payment that was not final when Pay landed here (`awaiting`: its
 * method is known only once it is taken) has it turned on as soon as it is
 * paid: completing it again (harmless for a payment taken) answers the
 * method it saved, which is enrolled with the terms the customer agreed to.
 * The outcome replaces the page's state, so it is done once.
 */
function AutopayOutcome({ payment, autopay }: { payment: Payment; autopay: ReceiptAutopay }) {
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const complete = useCompletePayment()
  const enroll = useEnrollAutopayAfterPayment()
  const started = useRef(false)
  // still on this page when the outcome comes: only then is it shown here (never a move back to it)
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  const taken = payment.status === "succeeded" || payment.status === "processing"
  const awaiting = "awaiting" in autopay ? autopay : null

  useEffect(() => {
    if (!awaiting || !taken || started.current) return
    started.current = true
    const turnOn = async (): Promise<ReceiptAutopay> => {
      let saved
      try {
        saved = (await complete.mutateAsync({ id: payment.id })).saved_payment_method
      } catch (error) {
        return { on: false, error: errorMessage(error) }
      }
      if (!saved) return { on: false, error: "this payment did not save its payment method." }
      // an enrollment the customer set after this payment (or this step, done before) is left as it is
      return await turnOnAutopayAfterPayment(enroll, saved, awaiting.termsVersion, awaiting.paymentCreatedAt)
    }
    void turnOn().then((outcome) => {
      if (mounted.current) navigate(pathname, { replace: true, state: { autopay: outcome } satisfies ReceiptState })
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the payment is taken
  }, [awaiting?.termsVersion, taken])

  const manage = (words: string) => (
    <Link className="portal-link" to={PAGE_PATHS.autopay}>
      {words}
    </Link>
  )
  if ("awaiting" in autopay) {
    if (taken) return <Alert variant="info">Turning autopay on…</Alert>
    if (payment.status === "pending") {
      return (
        <Alert variant="info">
          Autopay is turned on with this payment method as soon as your bank confirms the payment. If you leave this
          page first, you can turn it on from the Autopay page.
        </Alert>
      )
    }
    return <Alert variant="warning">Autopay was not turned on, because this payment did not go through.</Alert>
  }
  if ("left" in autopay) {
    const now =
      autopay.status === "none"
        ? "off"
        : autopay.status === "paused"
          ? `paused${autopay.label ? ` (${autopay.label})` : ""}`
          : `on${autopay.label ? ` with ${autopay.label}` : ""}`
    return (
      <Alert variant="info">
        Autopay was changed after this payment, so it was left as it is: {now}. {manage("Manage autopay")}
      </Alert>
    )
  }
  if (autopay.on) {
    return (
      <Alert variant="success">
        Autopay is on with {autopay.label}. {manage("Manage autopay")}
      </Alert>
    )
  }
  return (
    <Alert variant="warning">
      Your payment went through, but autopay could not be turned on: {autopay.error} {manage("Try on the Autopay page")}
    </Alert>
  )
}

/**
 * Where the emailed receipt goes: a payment the customer made (in the portal,
 * by a pay link or by autopay) is receipted by email once it succeeds or is
 * submitted to the bank; one the business recorded is not.
 */
function ReceiptEmailed({ payment }: { payment: Payment }) {
  const email = useCustomer().data?.email
  if (!email || payment.source === "admin") return null
  if (payment.status !== "succeeded" && payment.status !== "processing") return null
  // a payment refunded since: its page is read long after the receipt went
  if (isPositive(payment.refunded_amount)) return null
  return (
    <Text className="text-ui-fg-subtle" data-testid="receipt-emailed">
      A receipt goes to <span className="text-ui-fg-base break-all">{email}</span>.
    </Text>
  )
}

/** An allocation names its invoice by id; the receipt shows the invoice's number. */
function InvoiceNumber({ id, enabled }: { id: string; enabled: boolean }) {
  const number = useInvoiceNumber(id, { enabled })
  return <>Invoice {number.data ?? (number.isPending && enabled ? "…" : "")}</>
}

function Detail({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col gap-y-0.5">
      <dt className="txt-compact-small text-ui-fg-subtle">{label}</dt>
      <dd className="txt-compact-medium text-ui-fg-base" data-testid={testId}>
        {children}
      </dd>
    </div>
  )
}
