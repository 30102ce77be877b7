import { ArrowDownTray, CheckCircle, CurrencyDollar, EnvelopeSolid, PencilSquare, XCircle } from "@medusajs/icons"
import { Button, Container, Copy, Heading, Prompt, StatusBadge, Table, Text, toast } from "@medusajs/ui"
import { useState, type ReactNode } from "react"
import { Link, useParams } from "react-router-dom"
import { InvoiceFormModal } from "../../../../components/invoice-form"
import { RecordPaymentDrawer } from "../../../../components/invoice-record-payment"
import {
  customerName,
  useInvoice,
  useIssueInvoice,
  useSendInvoice,
  useVoidInvoice,
  type AdminInvoiceAllocation,
  type AdminInvoiceDetail,
} from "../../../../lib/hooks/invoices"
import { formatDueDate, InvoiceStatusBadge } from "../../../../lib/invoice-status-badge"
import { formatMoney } from "../../../../lib/money"
import { withBillingQuery } from "../../../../lib/query"
import { downloadFile, errorMessage, errorStatus } from "../../../../lib/sdk"

const OFFLINE_LABELS: Record<string, string> = { check: "Check", cash: "Cash", bank_transfer: "Bank transfer" }
const METHOD_LABELS: Record<string, string> = { card: "Card", us_bank_account: "Bank account (ACH)", manual: "Offline", credit: "Account credit" }
const LEDGER_LABELS: Record<string, string> = {
  invoice: "Invoice issued",
  payment: "Payment",
  payment_reversal: "Payment reversed",
  refund: "Refund",
  void: "Invoice voided",
  credit_applied: "Credit applied",
  adjustment: "Adjustment",
}
const ALLOCATION_COLORS: Record<string, "green" | "orange" | "grey" | "red"> = {
  applied: "green",
  reserved: "orange",
  released: "grey",
  reversed: "red",
}

const dateTime = (value: string | null) =>
  value ? new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "—"

function paymentMethodText(allocation: AdminInvoiceAllocation): string {
  const p = allocation.payment
  if (!p) return "—"
  const d = p.method_details
  if (d?.offline_method) return OFFLINE_LABELS[d.offline_method] ?? d.offline_method
  if (d?.brand && d.last4) return `${d.brand[0].toUpperCase()}${d.brand.slice(1)} •••• ${d.last4}`
  if (d?.bank_name && d.last4) return `${d.bank_name} •••• ${d.last4}`
  return METHOD_LABELS[p.method] ?? p.method
}

/** A label and its value, as the dashboard's detail sections list them. */
const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-4">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <div className="txt-compact-small text-ui-fg-base min-w-0">{children}</div>
  </div>
)

const InvoiceDetailPage = () => {
  const { id = "" } = useParams()
  const { data, isPending, isError, error } = useInvoice(id)

  if (isPending) {
    return (
      <Container className="px-6 py-4">
        <Text className="text-ui-fg-subtle" role="status">
          Loading invoice…
        </Text>
      </Container>
    )
  }
  if (isError || !data) {
    return (
      <Container className="flex flex-col gap-y-2 px-6 py-4" role="alert">
        <Heading level="h1">{errorStatus(error) === 404 ? "Invoice not found" : "The invoice could not be loaded"}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {errorMessage(error)}
        </Text>
        <Link to="/billing" className="text-ui-tag-blue-text txt-compact-small hover:underline">
          Back to invoices
        </Link>
      </Container>
    )
  }
  return <InvoiceDetail invoice={data.invoice} />
}

const InvoiceDetail = ({ invoice }: { invoice: AdminInvoiceDetail }) => (
  <div className="flex w-full flex-col gap-y-3 xl:flex-row xl:items-start xl:gap-x-4">
    <div className="flex w-full min-w-0 flex-col gap-y-3">
      <HeaderSection invoice={invoice} />
      <LinesSection invoice={invoice} />
      <PaymentsSection invoice={invoice} />
      <LedgerSection invoice={invoice} />
    </div>
    <div className="flex w-full flex-col gap-y-3 xl:max-w-[400px]">
      <CustomerSection invoice={invoice} />
      <PayLinkSection invoice={invoice} />
    </div>
  </div>
)

const HeaderSection = ({ invoice }: { invoice: AdminInvoiceDetail }) => {
  const [editing, setEditing] = useState(false)
  const [recording, setRecording] = useState(false)
  const [confirmVoid, setConfirmVoid] = useState(false)
  const issue = useIssueInvoice(invoice.id)
  const voidInvoice = useVoidInvoice(invoice.id)
  const send = useSendInvoice(invoice)
  const [downloading, setDownloading] = useState(false)

  const draft = invoice.status === "draft"
  const payable = invoice.status === "open" || invoice.status === "partially_paid"
  const sendable = payable || invoice.status === "paid"
  const voidable = invoice.status !== "void" && invoice.status !== "paid"

  const run = async (action: () => Promise<unknown>, success: string, failure: string) => {
    try {
      await action()
      toast.success(success)
    } catch (e) {
      toast.error(failure, { description: errorMessage(e) })
    }
  }

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-start justify-between gap-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <div className="flex items-center gap-x-2">
            <Heading level="h1">{invoice.number}</Heading>
            <Copy content={invoice.number} aria-label="Copy invoice number" className="text-ui-fg-muted" />
            <InvoiceStatusBadge invoice={invoice} />
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            {customerName(invoice.customer)} · {invoice.currency_code.toUpperCase()}
            {invoice.issued_at ? ` · issued ${formatDueDate(invoice.issued_at)}` : " · not issued yet"}
          </Text>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {draft && (
            <>
              <Button size="small" variant="secondary" onClick={() => setEditing(true)}>
                <PencilSquare />
                Edit
              </Button>
              <Button
                size="small"
                isLoading={issue.isPending}
                onClick={() =>
                  run(() => issue.mutateAsync(), `${invoice.number} issued`, `${invoice.number} was not issued`)
                }
              >
                <CheckCircle />
                Issue
              </Button>
            </>
          )}
          {payable && (
            <Button size="small" onClick={() => setRecording(true)}>
              <CurrencyDollar />
              Record payment
            </Button>
          )}
          {sendable && (
            <Button
              size="small"
              variant="secondary"
              isLoading={send.isPending}
              onClick={() =>
                run(
                  async () => {
                    const sent = await send.mutateAsync({})
                    if (!sent.notification) throw new Error("The customer has no email address on file")
                  },
                  `${invoice.number} sent to ${invoice.customer?.email ?? "the customer"}`,
                  `${invoice.number} was not sent`
                )
              }
            >
              <EnvelopeSolid />
              Send to customer
            </Button>
          )}
          <Button
            size="small"
            variant="secondary"
            isLoading={downloading}
            onClick={async () => {
              setDownloading(true)
              try {
                await downloadFile(`/admin/billing/invoices/${invoice.id}/pdf`, `${invoice.number}.pdf`)
              } catch (e) {
                toast.error("The PDF could not be downloaded", { description: errorMessage(e) })
              } finally {
                setDownloading(false)
              }
            }}
          >
            <ArrowDownTray />
            PDF
          </Button>
          {voidable && (
            <Button size="small" variant="secondary" onClick={() => setConfirmVoid(true)}>
              <XCircle />
              Void
            </Button>
          )}
        </div>
      </div>
      <div className="grid grid-cols-2 divide-x md:grid-cols-4">
        {[
          ["Issued", formatDueDate(invoice.issued_at)],
          ["Due", formatDueDate(invoice.due_at)],
          ["Total", formatMoney(invoice.total, invoice.currency_code)],
          ["Amount due", formatMoney(invoice.amount_due, invoice.currency_code)],
        ].map(([label, value]) => (
          <div key={label} className="flex flex-col gap-y-1 px-6 py-4">
            <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
              {label}
            </Text>
            <Text size="base" weight="plus" className="whitespace-nowrap tabular-nums" data-testid={`summary-${label.toLowerCase().replace(" ", "-")}`}>
              {value}
            </Text>
          </div>
        ))}
      </div>
      {invoice.notes && (
        <div className="px-6 py-4">
          <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
            Notes
          </Text>
          <Text size="small" className="whitespace-pre-line">
            {invoice.notes}
          </Text>
        </div>
      )}

      <InvoiceFormModal open={editing} onOpenChange={setEditing} invoice={invoice} />
      {payable && <RecordPaymentDrawer invoice={invoice} open={recording} onOpenChange={setRecording} />}
      <Prompt open={confirmVoid} onOpenChange={setConfirmVoid}>
        <Prompt.Content>
          <Prompt.Header>
            <Prompt.Title>Void {invoice.number}?</Prompt.Title>
            <Prompt.Description>
              The customer will no longer owe {formatMoney(invoice.total, invoice.currency_code)} on it and its pay link
              stops working. An invoice with payments cannot be voided: refund the payments first. This cannot be undone.
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>Keep invoice</Prompt.Cancel>
            <Prompt.Action
              onClick={() =>
                run(() => voidInvoice.mutateAsync(), `${invoice.number} voided`, `${invoice.number} was not voided`)
              }
            >
              Void invoice
            </Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </Container>
  )
}

const LinesSection = ({ invoice }: { invoice: AdminInvoiceDetail }) => {
  const c = invoice.currency_code
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Lines</Heading>
      </div>
      <div className="overflow-x-auto">
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Item</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Quantity</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Unit price</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Total</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {invoice.lines.map((line) => (
              <Table.Row key={line.id}>
                <Table.Cell>
                  <div className="flex flex-col py-2">
                    <span className="txt-compact-small-plus">{line.title}</span>
                    {line.description && <span className="txt-compact-small text-ui-fg-subtle">{line.description}</span>}
                  </div>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{line.quantity}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoney(line.unit_price, c)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoney(line.total, c)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      <div className="flex flex-col gap-y-2 px-6 py-4">
        {[
          ["Subtotal", invoice.subtotal],
          ["Tax", invoice.tax_total],
        ].map(([label, amount]) => (
          <div key={label as string} className="text-ui-fg-subtle flex justify-between">
            <Text size="small">{label}</Text>
            <Text size="small" className="tabular-nums">
              {formatMoney(amount as number, c)}
            </Text>
          </div>
        ))}
        <div className="flex justify-between">
          <Text size="small" weight="plus">
            Total
          </Text>
          <Text size="small" weight="plus" className="tabular-nums">
            {formatMoney(invoice.total, c)}
          </Text>
        </div>
        <div className="text-ui-fg-subtle flex justify-between">
          <Text size="small">Paid</Text>
          <Text size="small" className="tabular-nums">
            {formatMoney(invoice.amount_paid, c)}
          </Text>
        </div>
        {invoice.amount_pending > 0 && (
          <div className="text-ui-fg-subtle flex justify-between">
            <Text size="small">Pending</Text>
            <Text size="small" className="tabular-nums">
              {formatMoney(invoice.amount_pending, c)}
            </Text>
          </div>
        )}
        <div className="flex justify-between border-t pt-2">
          <Text size="small" weight="plus">
            Amount due
          </Text>
          <Text size="small" weight="plus" className="tabular-nums">
            {formatMoney(invoice.amount_due, c)}
          </Text>
        </div>
      </div>
    </Container>
  )
}

const PaymentsSection = ({ invoice }: { invoice: AdminInvoiceDetail }) => (
  <Container className="divide-y p-0">
    <div className="px-6 py-4">
      <Heading level="h2">Payments</Heading>
    </div>
    {invoice.allocations.length === 0 ? (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        No payments on this invoice yet.
      </Text>
    ) : (
      <div className="overflow-x-auto">
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Date</Table.HeaderCell>
              <Table.HeaderCell>Payment</Table.HeaderCell>
              <Table.HeaderCell>Method</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Applied</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {invoice.allocations.map((a) => (
              <Table.Row key={a.id}>
                <Table.Cell className="whitespace-nowrap">{formatDueDate(a.payment?.completed_at ?? a.created_at)}</Table.Cell>
                <Table.Cell>
                  <div className="flex flex-col py-2">
                    <Link
                      to={`/billing/payments/${a.customer_payment_id}`}
                      className="text-ui-tag-blue-text hover:underline txt-compact-small-plus"
                    >
                      {a.payment?.transaction_id ?? a.customer_payment_id}
                    </Link>
                    {a.payment?.source && (
                      <span className="txt-compact-small text-ui-fg-subtle">
                        {a.payment.source === "admin" ? "Recorded by an admin" : `Via ${a.payment.source.replace("_", " ")}`}
                      </span>
                    )}
                  </div>
                </Table.Cell>
                <Table.Cell>{paymentMethodText(a)}</Table.Cell>
                <Table.Cell>
                  <StatusBadge color={ALLOCATION_COLORS[a.status] ?? "grey"}>
                    {a.status === "reserved" ? "Pending" : a.status[0].toUpperCase() + a.status.slice(1)}
                  </StatusBadge>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoney(a.amount, invoice.currency_code)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
    )}
  </Container>
)

const LedgerSection = ({ invoice }: { invoice: AdminInvoiceDetail }) => (
  <Container className="divide-y p-0">
    <div className="px-6 py-4">
      <Heading level="h2">Ledger entries</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        The customer's account activity for this invoice; a payment's entry is its whole amount.
      </Text>
    </div>
    {invoice.ledger_entries.length === 0 ? (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        Nothing is posted until the invoice is issued.
      </Text>
    ) : (
      <div className="overflow-x-auto">
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Date</Table.HeaderCell>
              <Table.HeaderCell>Entry</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Balance after</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {invoice.ledger_entries.map((e) => (
              <Table.Row key={e.id}>
                <Table.Cell>{formatDueDate(e.occurred_at)}</Table.Cell>
                <Table.Cell>
                  <div className="flex flex-col py-2">
                    <span className="txt-compact-small-plus">{LEDGER_LABELS[e.type] ?? e.type}</span>
                    {e.description && <span className="txt-compact-small text-ui-fg-subtle">{e.description}</span>}
                  </div>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoney(e.amount, e.currency_code)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoney(e.balance_after, e.currency_code)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
    )}
  </Container>
)

const CustomerSection = ({ invoice }: { invoice: AdminInvoiceDetail }) => (
  <Container className="divide-y p-0">
    <div className="px-6 py-4">
      <Heading level="h2">Customer</Heading>
    </div>
    <Row label="Name">
      <Link to={`/customers/${invoice.customer_id}`} className="text-ui-tag-blue-text hover:underline">
        {customerName(invoice.customer)}
      </Link>
    </Row>
    <Row label="Email">
      <span className="break-all">{invoice.customer?.email ?? "—"}</span>
    </Row>
    <div className="px-6 py-4">
      <Link
        to={`/billing?customer_id=${invoice.customer_id}`}
        className="text-ui-tag-blue-text hover:underline txt-compact-small"
      >
        All invoices of this customer
      </Link>
    </div>
  </Container>
)

const PayLinkSection = ({ invoice }: { invoice: AdminInvoiceDetail }) => {
  const send = useSendInvoice(invoice)
  const link = invoice.pay_link
  const payable = invoice.status === "open" || invoice.status === "partially_paid"
  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Pay link</Heading>
        {link && (
          <StatusBadge color={link.expired ? "grey" : payable ? "green" : "grey"}>
            {link.expired ? "Expired" : payable ? "Active" : "Settled"}
          </StatusBadge>
        )}
      </div>
      {link ? (
        <>
          <Row label="Sent">{dateTime(link.created_at)}</Row>
          <Row label={link.expired ? "Expired" : "Expires"}>{formatDueDate(link.expires_at)}</Row>
          <Row label="Link ID">
            <span className="flex min-w-0 items-center gap-x-1">
              <span className="min-w-0 truncate" title={link.id}>
                {link.id}
              </span>
              <Copy content={link.id} aria-label="Copy pay link ID" className="text-ui-fg-muted" />
            </span>
          </Row>
        </>
      ) : (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          {invoice.status === "draft"
            ? "Issue the invoice to send the customer a link to pay it without signing in."
            : "No pay link sent yet."}
        </Text>
      )}
      {payable && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Text size="xsmall" className="text-ui-fg-subtle">
            The link's address is only ever in the customer's email. Resending emails a new link; earlier links stop
            working.
          </Text>
          <div>
            <Button
              size="small"
              variant="secondary"
              isLoading={send.isPending}
              onClick={async () => {
                try {
                  const sent = await send.mutateAsync({})
                  if (!sent.notification) throw new Error("The customer has no email address on file")
                  toast.success(`New pay link sent to ${sent.notification.to}`)
                } catch (e) {
                  toast.error("The pay link was not sent", { description: errorMessage(e) })
                }
              }}
            >
              {link ? "Resend pay link" : "Send pay link"}
            </Button>
          </div>
        </div>
      )}
    </Container>
  )
}

export default withBillingQuery(InvoiceDetailPage)
