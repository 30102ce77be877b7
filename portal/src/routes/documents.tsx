import { Button, Container, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { useAccount } from "../api/account"
import { useDownloadReceipt, useReceipts } from "../api/documents"
import { useDownloadInvoicePdf, useInvoices } from "../api/invoices"
import type { BillingAccount, Invoice, Payment } from "../api/types"
import { StatementBuilder } from "../components/history/statement-builder"
import { DownloadButton } from "../components/invoices/download-button"
import { InvoiceStatusBadge } from "../components/invoices/invoice-status"
import { PAGE_INTROS } from "../../../src/api/hosted-portal/first-frame"
import { PageHeading } from "../components/page-heading"
import { ErrorState, LoadingState } from "../components/page-state"
import { formatDate, formatDay, formatMoney } from "../lib/money"
import { PAGE_PATHS } from "../lib/tabs"
import { useDocumentTitle } from "../lib/use-document-title"

const PAGE_SIZE = 10

/**
 * The customer's documents in one place (DESIGN sec. 13/14): invoice PDFs
 * (Invoices tab), payment receipts (Payments or History tab) and statements
 * (History tab), each a download with progress and an error in words.
 */
export default function DocumentsPage() {
  const account = useAccount().data as BillingAccount
  const { tabs, business_name } = account.settings
  useDocumentTitle("Documents", business_name)
  const currencies = account.balances.map((b) => b.currency_code)

  return (
    <>
      <PageHeading description={PAGE_INTROS.documents.description}>{PAGE_INTROS.documents.title}</PageHeading>
      {tabs.invoices && <InvoiceDocuments />}
      {(tabs.payments || tabs.history) && <ReceiptDocuments />}
      {tabs.history && (
        <section aria-labelledby="statements-heading" className="mb-8">
          <h2 id="statements-heading" className="h2-core text-portal-on-background mb-3">
            Statements
          </h2>
          {currencies.length === 0 ? (
            <Container>
              <Text className="text-ui-fg-subtle">No statement yet: there is no activity on your account.</Text>
            </Container>
          ) : (
            <StatementBuilder currencies={currencies} idPrefix="documents-statement" />
          )}
        </section>
      )}
    </>
  )
}

function Pager({ label, page, count, onPage }: { label: string; page: number; count: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE))
  if (pages <= 1) return null
  return (
    <nav aria-label={label} className="mt-3 flex items-center justify-between gap-x-3">
      <Button variant="secondary" size="small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <Text size="small" className="text-portal-on-background-subtle">
        Page {page} of {pages}
      </Text>
      <Button variant="secondary" size="small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </nav>
  )
}

function InvoiceDocuments() {
  const [page, setPage] = useState(1)
  const invoices = useInvoices({ offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }, { keepPrevious: true })
  return (
    <section aria-labelledby="invoice-documents-heading" className="mb-8">
      <h2 id="invoice-documents-heading" className="h2-core text-portal-on-background mb-3">
        Invoices
      </h2>
      {invoices.isPending ? (
        <LoadingState label="Loading invoices…" />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} title="Your invoices could not be loaded" onRetry={() => invoices.refetch()} />
      ) : invoices.data.invoices.length === 0 ? (
        <Container>
          <Text className="text-ui-fg-subtle">No invoices yet.</Text>
        </Container>
      ) : (
        <>
          <ul className="flex flex-col gap-y-2" data-testid="invoice-documents">
            {invoices.data.invoices.map((invoice) => (
              <InvoiceDocument key={invoice.id} invoice={invoice} />
            ))}
          </ul>
          <Pager label="Invoice document pages" page={page} count={invoices.data.count} onPage={setPage} />
        </>
      )}
    </section>
  )
}

function DocumentRow({ title, detail, children }: { title: React.ReactNode; detail: React.ReactNode; children: React.ReactNode }) {
  return (
    <li className="bg-ui-bg-base shadow-elevation-card-rest flex flex-col gap-3 rounded-lg px-4 py-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="flex min-w-0 flex-col gap-y-1">
        <div className="flex flex-wrap items-center gap-2">{title}</div>
        <Text size="small" className="text-ui-fg-subtle">
          {detail}
        </Text>
      </div>
      {children}
    </li>
  )
}

function InvoiceDocument({ invoice }: { invoice: Invoice }) {
  const pdf = useDownloadInvoicePdf()
  return (
    <DocumentRow
      title={
        <>
          <Link to={PAGE_PATHS.invoice(invoice.id)} className="portal-link txt-compact-small-plus">
            Invoice {invoice.number}
          </Link>
          <InvoiceStatusBadge invoice={invoice} />
        </>
      }
      detail={
        <>
          Issued {formatDay(invoice.issued_at)} · {formatMoney(invoice.total, invoice.currency_code)}
        </>
      }
    >
      <DownloadButton
        id={`invoice-pdf-${invoice.id}`}
        label={`Download ${invoice.number}`}
        size="small"
        isPending={pdf.isPending}
        error={pdf.error}
        onClick={() => pdf.mutate(invoice)}
        className="flex flex-col items-start gap-y-1 sm:items-end"
      />
    </DocumentRow>
  )
}

function ReceiptDocuments() {
  const [page, setPage] = useState(1)
  const receipts = useReceipts({ status: ["succeeded"], offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE })
  return (
    <section aria-labelledby="receipt-documents-heading" className="mb-8">
      <h2 id="receipt-documents-heading" className="h2-core text-portal-on-background mb-3">
        Payment receipts
      </h2>
      {receipts.isPending ? (
        <LoadingState label="Loading receipts…" />
      ) : receipts.isError ? (
        <ErrorState error={receipts.error} title="Your receipts could not be loaded" onRetry={() => receipts.refetch()} />
      ) : receipts.data.payments.length === 0 ? (
        <Container>
          <Text className="text-ui-fg-subtle">No payments yet: a receipt shows here for each payment you make.</Text>
        </Container>
      ) : (
        <>
          <ul className="flex flex-col gap-y-2" data-testid="receipt-documents">
            {receipts.data.payments.map((payment) => (
              <ReceiptDocument key={payment.id} payment={payment} />
            ))}
          </ul>
          <Pager label="Receipt pages" page={page} count={receipts.data.count} onPage={setPage} />
        </>
      )}
    </section>
  )
}

function ReceiptDocument({ payment }: { payment: Payment }) {
  const receipt = useDownloadReceipt()
  const date = formatDate(payment.completed_at ?? payment.created_at)
  return (
    <DocumentRow
      title={
        <span className="txt-compact-small-plus text-ui-fg-base">
          Payment of {formatMoney(payment.amount, payment.currency_code)} on {date}
        </span>
      }
      detail={payment.transaction_id ? <span className="break-all">Transaction ID {payment.transaction_id}</span> : "Receipt"}
    >
      <DownloadButton
        id={`receipt-${payment.id}`}
        label="Download receipt"
        accessibleLabel={`Download receipt of ${formatMoney(payment.amount, payment.currency_code)} on ${date}`}
        size="small"
        isPending={receipt.isPending}
        error={receipt.error}
        onClick={() => receipt.mutate(payment)}
        className="flex flex-col items-start gap-y-1 sm:items-end"
      />
    </DocumentRow>
  )
}
