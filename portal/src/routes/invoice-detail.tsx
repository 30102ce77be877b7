import { Container, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Link, useParams } from "react-router-dom"
import { useAccount } from "../api/account"
import { useDownloadInvoicePdf, useInvoice, useInvoicePayments } from "../api/invoices"
import type { BillingAccount, InvoiceDetail, Payment } from "../api/types"
import { DownloadButton } from "../components/invoices/download-button"
import { InvoiceLinesTable } from "../components/invoices/invoice-lines"
import { InvoiceStatusBadge, isPayable } from "../components/invoices/invoice-status"
import { payableAmount } from "../components/invoices/selection"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { ThemedButton } from "../components/themed-button"
import { errorStatus } from "../lib/errors"
import { formatDate, formatDay, formatMoney, isZero } from "../lib/money"
import { makePaymentPath, PAGE_PATHS, TAB_PATHS } from "../lib/tabs"
import { useDocumentTitle } from "../lib/use-document-title"

export default function InvoiceDetailPage() {
  const { id = "" } = useParams()
  const account = useAccount().data as BillingAccount
  const invoice = useInvoice(id)
  useDocumentTitle(invoice.data ? `Invoice ${invoice.data.number}` : "Invoice", account.settings.business_name)

  if (invoice.isPending) return <LoadingState label="Loading the invoice…" />
  if (invoice.isError) {
    if (errorStatus(invoice.error) === 404) return <InvoiceNotFound />
    return (
      <>
        <PageHeading>Invoice</PageHeading>
        <ErrorState error={invoice.error} title="This invoice could not be loaded" onRetry={() => invoice.refetch()} />
      </>
    )
  }
  return <InvoiceView invoice={invoice.data} account={account} />
}

function InvoiceNotFound() {
  return (
    <>
      <PageHeading>Invoice not found</PageHeading>
      <Container className="flex flex-col gap-y-3">
        <Text>There is no such invoice on your account. The link may be old or mistyped.</Text>
        <Link to={TAB_PATHS.invoices} className="portal-link txt-compact-small-plus w-fit">
          See all your invoices
        </Link>
      </Container>
    </>
  )
}

function InvoiceView({ invoice, account }: { invoice: InvoiceDetail; account: BillingAccount }) {
  const c = invoice.currency_code
  const money = (amount: number) => formatMoney(amount, c)
  const canPay = account.settings.tabs.payments && isPayable(invoice)
  const pdf = useDownloadInvoicePdf()

  return (
    <>
      <Link to={TAB_PATHS.invoices} className="portal-link txt-compact-small-plus mb-3 inline-block">
        ← All invoices
      </Link>
      <PageHeading>Invoice {invoice.number}</PageHeading>

      <Container className="mb-6 flex flex-col gap-y-4">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <dl className="grid grid-cols-2 gap-x-8 gap-y-3 sm:grid-cols-3">
            <Fact label="Status">
              <InvoiceStatusBadge invoice={invoice} />
            </Fact>
            <Fact label="Issued">{formatDay(invoice.issued_at) || "—"}</Fact>
            <Fact label="Due">{formatDay(invoice.due_at) || "—"}</Fact>
          </dl>
          <div className="flex flex-col items-start gap-y-1 sm:items-end">
            <Text size="small" className="text-ui-fg-subtle">
              Amount due
            </Text>
            <p className="text-ui-fg-base text-[1.75rem] font-medium leading-9 tabular-nums" data-testid="invoice-amount-due">
              {money(invoice.amount_due)}
            </p>
          </div>
        </div>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
          {canPay && (
            <ThemedButton asChild size="large" className="w-full sm:w-auto">
              <Link to={makePaymentPath({ invoices: [invoice.id] })}>Pay now {formatMoney(payableAmount(invoice), c)}</Link>
            </ThemedButton>
          )}
          <DownloadButton
            id="invoice-pdf"
            label="Download PDF"
            size="large"
            isPending={pdf.isPending}
            error={pdf.error}
            onClick={() => pdf.mutate(invoice)}
            className="flex w-full flex-col items-stretch gap-y-1 sm:w-auto sm:items-start"
          />
        </div>
        {invoice.notes && (
          <Text size="small" className="text-ui-fg-subtle">
            {invoice.notes}
          </Text>
        )}
      </Container>

      <section aria-labelledby="lines-heading" className="mb-6">
        <h2 id="lines-heading" className="h2-core text-portal-on-background mb-3">
          What it is for
        </h2>
        <Container className="overflow-x-auto p-0">
          <InvoiceLinesTable lines={invoice.lines} currencyCode={c} testId="invoice-lines" />
          <dl className="txt-compact-small ml-auto flex max-w-sm flex-col gap-y-2 px-4 py-4" data-testid="invoice-totals">
            <Total label="Subtotal" value={money(invoice.subtotal)} />
            <Total label="Tax" value={money(invoice.tax_total)} />
            <Total label="Total" value={money(invoice.total)} strong />
            <Total label="Paid" value={money(invoice.amount_paid)} />
            {!isZero(invoice.amount_pending) && <Total label="Payments on the way" value={money(invoice.amount_pending)} />}
            <Total label="Amount due" value={money(invoice.amount_due)} strong />
          </dl>
        </Container>
      </section>

      <PaymentsApplied invoice={invoice} account={account} />
    </>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-1">
      <dt className="txt-compact-small text-ui-fg-subtle">{label}</dt>
      <dd className="txt-compact-small-plus text-ui-fg-base">{children}</dd>
    </div>
  )
}

function Total({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={"flex justify-between gap-x-6" + (strong ? " txt-compact-small-plus border-ui-border-base border-t pt-2" : "")}>
      <dt className={strong ? "text-ui-fg-base" : "text-ui-fg-subtle"}>{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  )
}

/**
 * The payments applied to the invoice (and those still on the way), with
 * each payment's transaction id from its receipt and, when the Payments tab
 * is on, a link to the receipt page.
 */
function PaymentsApplied({ invoice, account }: { invoice: InvoiceDetail; account: BillingAccount }) {
  const { tabs } = account.settings
  const allocations = invoice.allocations.filter((a) => a.status === "applied" || a.status === "reserved")
  const paymentIds = [...new Set(allocations.map((a) => a.customer_payment_id))]
  const receipts = useInvoicePayments(paymentIds, tabs.payments || tabs.history)
  const byId = new Map<string, Payment>()
  receipts.forEach((r) => r.data && byId.set(r.data.id, r.data))

  return (
    <section aria-labelledby="payments-heading" className="mb-6">
      <h2 id="payments-heading" className="h2-core text-portal-on-background mb-3">
        Payments
      </h2>
      {allocations.length === 0 ? (
        <Container>
          <Text className="text-ui-fg-subtle">No payment has been applied to this invoice yet.</Text>
        </Container>
      ) : (
        <ul className="flex flex-col gap-y-2" data-testid="invoice-payments">
          {allocations.map((allocation) => {
            const payment = byId.get(allocation.customer_payment_id)
            return (
              <li key={allocation.id} className="bg-ui-bg-base shadow-elevation-card-rest flex flex-wrap items-center justify-between gap-x-4 gap-y-1 rounded-lg px-4 py-3">
                <div className="flex min-w-0 flex-col">
                  <Text size="small" weight="plus">
                    {formatDate(payment?.completed_at ?? allocation.created_at)}
                    {allocation.status === "reserved" ? " · on its way" : ""}
                  </Text>
                  <Text size="small" className="text-ui-fg-subtle break-all">
                    {payment?.transaction_id ? <>Transaction ID {payment.transaction_id}</> : payment ? methodWords(payment) : "Payment"}
                  </Text>
                </div>
                <div className="flex items-center gap-x-4">
                  <Text size="small" weight="plus" className="tabular-nums">
                    {formatMoney(allocation.amount, invoice.currency_code)}
                  </Text>
                  {tabs.payments && (
                    <Link to={PAGE_PATHS.payment(allocation.customer_payment_id)} className="portal-link txt-compact-small-plus">
                      Receipt<span className="sr-only"> of the payment of {formatDate(payment?.completed_at ?? allocation.created_at)}</span>
                    </Link>
                  )}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

function methodWords(payment: Payment): string {
  const d = payment.method_details
  if (payment.method === "card") return d?.last4 ? `Card •••• ${d.last4}` : "Card"
  if (payment.method === "us_bank_account") return d?.last4 ? `Bank account •••• ${d.last4}` : "Bank account"
  if (payment.method === "credit") return "From your credit"
  return "Recorded payment"
}
