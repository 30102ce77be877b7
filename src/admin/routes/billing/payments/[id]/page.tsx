import { ArrowDownTray, ArrowPath, ArrowUturnLeft } from "@medusajs/icons"
import { Alert, Button, Container, Copy, Heading, StatusBadge, Table, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Link, useParams } from "react-router-dom"
import {
  customerName,
  formatDate,
  formatDateTime,
  methodLabel,
  PAYMENT_SOURCE_LABELS,
  PAYMENT_STATUS_LABELS,
  PaymentStatusBadge, LINK } from "../../../../components/payment-labels"
import { RefundDrawer } from "../../../../components/refund-drawer"
import { checkableFrom } from "../../../../../domain/payment-state"
import {
  useCheckPayment,
  useResolvePaymentAttention,
  useFinishRefund,
  usePayment,
  type AdminPaymentDetail,
  type PaymentTimelineEvent,
} from "../../../../lib/hooks/payments"
import { formatMoney } from "../../../../lib/money"
import { withBillingQuery } from "../../../../lib/query"
import { downloadFile, errorMessage, errorStatus } from "../../../../lib/sdk"

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-center gap-x-4 px-6 py-3">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <div className="txt-compact-small min-w-0 break-words">{children}</div>
  </div>
)

const SummarySection = ({
  payment,
  check,
  onRefund,
}: {
  payment: AdminPaymentDetail
  /** when the payment can be checked with its provider now (the button is in the attention alert when there is one) */
  check: CheckMutation | null
  onRefund: () => void
}) => {
  const c = payment.currency_code
  const [downloading, setDownloading] = useState(false)
  const receipt = async () => {
    setDownloading(true)
    try {
      await downloadFile(`/admin/billing/payments/${payment.id}/receipt`, `receipt-${payment.transaction_id ?? payment.id}.pdf`)
    } catch (e) {
      toast.error("Could not download the receipt", { description: errorMessage(e) })
    } finally {
      setDownloading(false)
    }
  }
  const hasReceipt = payment.status === "succeeded" || payment.status === "reversed"
  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <div className="flex items-center gap-x-3">
            <Heading level="h1">{formatMoney(payment.amount, c)}</Heading>
            <PaymentStatusBadge payment={payment} />
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            Payment from {customerName(payment.customer)} · {formatDateTime(payment.created_at)}
          </Text>
        </div>
        <div className="flex gap-x-2">
          {check && !payment.attention && <CheckWithProviderButton check={check} />}
          {hasReceipt && (
            <Button size="small" variant="secondary" onClick={receipt} isLoading={downloading}>
              <ArrowDownTray />
              Receipt PDF
            </Button>
          )}
          {payment.refundable_amount > 0 && (
            <Button size="small" variant="secondary" onClick={onRefund}>
              <ArrowUturnLeft />
              Refund
            </Button>
          )}
        </div>
      </div>
      <Row label="Customer">
        {payment.customer ? (
          <Link to={`/customers/${payment.customer_id}`} className={LINK}>
            {customerName(payment.customer)}
          </Link>
        ) : (
          "Deleted customer"
        )}
        {payment.customer?.email && <div className="text-ui-fg-muted">{payment.customer.email}</div>}
      </Row>
      <Row label="Method">{methodLabel(payment)}</Row>
      <Row label="Source">{PAYMENT_SOURCE_LABELS[payment.source] ?? payment.source}</Row>
      <Row label="Transaction ID">
        {payment.transaction_id ? (
          <span className="flex items-center gap-x-1">
            <span className="truncate font-mono text-xs">{payment.transaction_id}</span>
            <Copy content={payment.transaction_id} aria-label="Copy the transaction ID" />
          </span>
        ) : (
          "—"
        )}
      </Row>
      <Row label="Provider">
        {payment.provider_id ?? (payment.method === "manual" ? "Recorded offline" : "—")}
        {payment.provider_reference && (
          <span className="flex items-center gap-x-1">
            <span className="truncate font-mono text-xs" title="Provider reference">
              {payment.provider_reference}
            </span>
            <Copy content={payment.provider_reference} aria-label="Copy the provider reference" />
          </span>
        )}
      </Row>
      <Row label="Refunded">{payment.refunded_amount > 0 ? formatMoney(payment.refunded_amount, c) : "—"}</Row>
      {payment.status === "succeeded" && <Row label="Refundable">{formatMoney(payment.refundable_amount, c)}</Row>}
      {payment.unapplied_amount > 0 && <Row label="Unapplied credit">{formatMoney(payment.unapplied_amount, c)}</Row>}
      {payment.completed_at && <Row label="Completed">{formatDateTime(payment.completed_at)}</Row>}
      {payment.failure_reason && <Row label="Failure reason">{payment.failure_reason}</Row>}
      {payment.note && <Row label="Note">{payment.note}</Row>}
    </Container>
  )
}

const ALLOCATION_LABELS: Record<string, string> = {
  applied: "Applied",
  reserved: "Reserved (in flight)",
  released: "Released",
  reversed: "Given back (refund or reversal)",
}

const AllocationsSection = ({ payment }: { payment: AdminPaymentDetail }) => {
  const c = payment.currency_code
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Invoices paid</Heading>
      </div>
      {payment.allocations.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          This payment is not applied to any invoice{payment.unapplied_amount > 0 ? "; it is held as credit" : ""}.
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Invoice</Table.HeaderCell>
              <Table.HeaderCell>Allocation</Table.HeaderCell>
              <Table.HeaderCell>Invoice status</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Applied</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Due now</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {[...payment.allocations]
              .sort((a, b) => Number(a.status !== "applied") - Number(b.status !== "applied"))
              .map((a) => (
              <Table.Row key={a.id}>
                <Table.Cell>
                  <Link to={`/billing/invoices/${a.invoice_id}`} className={LINK}>
                    {a.invoice_number ?? a.invoice_id}
                  </Link>
                </Table.Cell>
                <Table.Cell className={a.status === "applied" ? "" : "text-ui-fg-muted"}>
                  {ALLOCATION_LABELS[a.status] ?? a.status}
                </Table.Cell>
                <Table.Cell className="capitalize">{a.invoice_status?.replace("_", " ") ?? "—"}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoney(a.amount, c)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">
                  {a.invoice_amount_due === null || a.invoice_amount_due === undefined ? "—" : formatMoney(a.invoice_amount_due, c)}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

const RefundsSection = ({ payment }: { payment: AdminPaymentDetail }) => {
  const finish = useFinishRefund(payment.id)
  const pending = payment.refunds.some((r) => r.status !== "succeeded")
  const onFinish = (refundId: string) =>
    finish.mutate(refundId, {
      onSuccess: ({ refund }) => toast.success(`Refunded ${formatMoney(refund.amount, refund.currency_code)}`),
      onError: (e) => toast.error("The refund was not finished", { description: errorMessage(e) }),
    })
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Refunds</Heading>
      </div>
      {payment.refunds.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          No refunds.
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Date</Table.HeaderCell>
              <Table.HeaderCell>Reason</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
              {pending && (
                <Table.HeaderCell>
                  <span className="sr-only">Actions</span>
                </Table.HeaderCell>
              )}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {payment.refunds.map((r) => (
              <Table.Row key={r.id}>
                <Table.Cell className="whitespace-nowrap">{formatDate(r.completed_at ?? r.created_at)}</Table.Cell>
                <Table.Cell>{r.reason ?? "—"}</Table.Cell>
                <Table.Cell>
                  <StatusBadge color={r.status === "succeeded" ? "green" : "orange"}>
                    {r.status === "succeeded" ? "Refunded" : "Pending"}
                  </StatusBadge>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoney(r.amount, r.currency_code)}</Table.Cell>
                {pending && (
                  <Table.Cell className="text-right">
                    {r.status !== "succeeded" && (
                      <Button
                        size="small"
                        variant="secondary"
                        isLoading={finish.isPending && finish.variables === r.id}
                        disabled={finish.isPending}
                        onClick={() => onFinish(r.id)}
                      >
                        Finish refund
                      </Button>
                    )}
                  </Table.Cell>
                )}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {pending && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          A pending refund was started but not finished (the request stopped before billing recorded it). Finish refund
          checks with the provider whether the money went back, sends it if not, and records it: never twice.
        </Text>
      )}
    </Container>
  )
}

const DOT: Record<string, string> = {
  succeeded: "bg-ui-tag-green-icon",
  refunded: "bg-ui-tag-blue-icon",
  refund_requested: "bg-ui-tag-orange-icon",
  processing: "bg-ui-tag-orange-icon",
  failed: "bg-ui-tag-red-icon",
  reversed: "bg-ui-tag-red-icon",
}

const TimelineSection = ({ events, currency }: { events: PaymentTimelineEvent[]; currency: string }) => (
  <Container className="divide-y p-0">
    <div className="px-6 py-4">
      <Heading level="h2">Timeline</Heading>
    </div>
    <ol className="flex flex-col px-6 py-4" aria-label="Payment timeline">
      {events.map((e, i) => (
        <li key={`${e.type}-${i}`} className="relative flex gap-x-3 pb-4 last:pb-0">
          {i < events.length - 1 && <span className="bg-ui-border-base absolute left-[5px] top-4 h-full w-px" aria-hidden />}
          <span className={`mt-1.5 size-[11px] shrink-0 rounded-full border-2 border-ui-bg-base ${DOT[e.type] ?? "bg-ui-fg-muted"}`} aria-hidden />
          <div className="flex min-w-0 flex-col">
            <Text size="small" weight="plus" leading="compact">
              {e.label}
              {e.amount !== null && e.amount !== undefined ? ` · ${formatMoney(e.amount, currency)}` : ""}
            </Text>
            {e.detail && (
              <Text size="small" leading="compact" className="text-ui-fg-subtle">
                {e.detail}
              </Text>
            )}
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
              {formatDateTime(e.at)}
            </Text>
          </div>
        </li>
      ))}
    </ol>
  </Container>
)

/**
 * Whether the payment can be checked with its provider now: pending or
 * processing, and older than the reconciler leaves such payments alone
 * (`checkableFrom`, as the server decides it); re-evaluated when that moment
 * comes.
 */
function useCheckable(payment: AdminPaymentDetail): boolean {
  const from = checkableFrom(payment.status, payment.created_at)?.getTime() ?? null
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (from === null || now >= from) return
    const timer = setTimeout(() => setNow(Date.now()), from - now + 1_000)
    return () => clearTimeout(timer)
  }, [from, now])
  return from !== null && now >= from
}

/** The admin's check of this payment with its provider, and the toasts that say what came of it. */
function useCheckWithProvider(id: string) {
  return useCheckPayment(id, {
    onSuccess: ({ payment: now, changed }) => {
      const label = (PAYMENT_STATUS_LABELS[now.status] ?? now.status).toLowerCase()
      if (changed) toast.success(`Checked with the provider: the payment is now ${label}`)
      else if (now.attention) toast.warning(`Checked with the provider: still ${label}`, { description: now.attention })
      else
        toast.info(`Checked with the provider: still ${label}`, {
          description: "The provider has not settled it yet. Billing keeps asking every five minutes.",
        })
    },
    onError: (e) => toast.error("Could not check the payment with the provider", { description: errorMessage(e) }),
  })
}

type CheckMutation = ReturnType<typeof useCheckWithProvider>

/** Asks the provider about this payment now (the reconciler's rules, for this payment alone). */
const CheckWithProviderButton = ({ check }: { check: CheckMutation }) => (
  <Button size="small" variant="secondary" onClick={() => check.mutate()} isLoading={check.isPending}>
    <ArrowPath />
    Check with provider
  </Button>
)

/** Why the reconciler cannot finish this payment, in the provider's words, and what that leaves. */
const AttentionAlert = ({ payment, check }: { payment: AdminPaymentDetail; check: CheckMutation | null }) => (
  <Alert variant="warning" className="[&_p]:break-words">
    <div className="flex flex-col items-start gap-y-1">
      <Text size="small" weight="plus" leading="compact">
        Needs attention{payment.attention_since ? ` since ${formatDateTime(payment.attention_since)}` : ""}
      </Text>
      <Text size="small" leading="compact">
        {payment.attention}
      </Text>
      {payment.status === "pending" || payment.status === "processing" ? (
        <Text size="small" leading="compact" className="text-ui-fg-subtle">
          The payment stays {payment.status === "processing" ? "processing" : "pending"} and its invoices stay reserved. Billing asks
          the provider again every five minutes and finishes it as soon as it can; look the payment up at the provider
          {payment.provider_reference ? ` (${payment.provider_reference})` : ""} if this lasts. Once it is settled
          there, check it again here.
        </Text>
      ) : (
        <ResolveAttention payment={payment} />
      )}
      {check && (
        <div className="mt-1">
          <CheckWithProviderButton check={check} />
        </div>
      )}
    </div>
  </Alert>
)

/** A settled payment's note (a dispute that took another amount): the admin marks it resolved once dealt with. */
const ResolveAttention = ({ payment }: { payment: AdminPaymentDetail }) => {
  const resolve = useResolvePaymentAttention(payment.id)
  return (
    <div className="mt-1 flex flex-col items-start gap-y-1">
      <Text size="small" leading="compact" className="text-ui-fg-subtle">
        Billing does not change the balance for this on its own. Once you have dealt with it, mark it resolved: the payment
        leaves the list of payments that need attention.
      </Text>
      <Button
        size="small"
        variant="secondary"
        isLoading={resolve.isPending}
        onClick={() =>
          resolve.mutate(undefined, {
            onSuccess: () => toast.success("Marked resolved"),
            onError: (e) => toast.error("Could not mark it resolved", { description: errorMessage(e) }),
          })
        }
      >
        Mark resolved
      </Button>
    </div>
  )
}

const PaymentDetailPage = () => {
  const { id } = useParams()
  const { data, isPending, isError, error } = usePayment(id)

  if (isPending) {
    return (
      <Container>
        <Text className="text-ui-fg-subtle">Loading payment…</Text>
      </Container>
    )
  }
  if (isError) {
    return (
      <Container className="flex flex-col gap-y-2">
        <Heading level="h1">{errorStatus(error) === 404 ? "Payment not found" : "Could not load the payment"}</Heading>
        <Text className="text-ui-fg-subtle" role="alert">
          {errorMessage(error)}
        </Text>
        <Link to="/billing/payments" className={`${LINK} txt-compact-small`}>
          Back to payments
        </Link>
      </Container>
    )
  }
  return <PaymentDetail payment={data.payment} />
}

const PaymentDetail = ({ payment }: { payment: AdminPaymentDetail }) => {
  const [refunding, setRefunding] = useState(false)
  const checkMutation = useCheckWithProvider(payment.id)
  const check = useCheckable(payment) ? checkMutation : null
  return (
    <div className="flex flex-col gap-x-4 gap-y-3 xl:flex-row xl:items-start">
      <div className="flex w-full min-w-0 flex-col gap-y-3">
        {payment.attention && <AttentionAlert payment={payment} check={check} />}
        <SummarySection payment={payment} check={check} onRefund={() => setRefunding(true)} />
        <AllocationsSection payment={payment} />
        <RefundsSection payment={payment} />
      </div>
      <div className="flex w-full flex-col gap-y-3 xl:max-w-[400px]">
        <TimelineSection events={payment.timeline} currency={payment.currency_code} />
      </div>
      {payment.refundable_amount > 0 && <RefundDrawer payment={payment} open={refunding} onOpenChange={setRefunding} />}
    </div>
  )
}

export default withBillingQuery(PaymentDetailPage)
