import { Button, Drawer, Heading, Input, Label, RadioGroup, Text, Textarea, toast } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { Link } from "react-router-dom"
import {
  refundPreviewQuery,
  useRefundPayment,
  type AdminPaymentDetail,
  type RefundPreview,
} from "../lib/hooks/payments"
import { formatMoney, MoneyError, toMajor, toMinor } from "../lib/money"
import { errorMessage } from "../lib/sdk"
import { LINK, methodLabel } from "./payment-labels"

/**
 * The amount check the refund workflow makes, in exact minor units (bigint):
 * no more decimals than the currency has, more than 0, at most what is
 * refundable. The API's own wording, so the message does not change when the
 * server says it instead.
 */
export function refundAmountError(amount: string, refundable: number, currency: string): string | null {
  let minor: bigint
  try {
    minor = toMinor(amount.trim(), currency, "amount")
  } catch (e) {
    if (e instanceof MoneyError) return e.message
    throw e
  }
  const max = toMinor(String(refundable), currency, "refundable")
  if (minor <= 0n || minor > max) return `amount must be greater than 0 and at most ${toMajor(max, currency)} ${currency.toUpperCase()}`
  return null
}

type Step = { name: "form" } | { name: "confirm"; preview: RefundPreview }

const RefundForm = ({ payment, onDone }: { payment: AdminPaymentDetail; onDone: () => void }) => {
  const client = useQueryClient()
  const refund = useRefundPayment(payment.id)
  const c = payment.currency_code
  const [kind, setKind] = useState<"full" | "partial">("full")
  const [amount, setAmount] = useState("")
  const [reason, setReason] = useState("")
  const [amountError, setAmountError] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [step, setStep] = useState<Step>({ name: "form" })
  const [reviewing, setReviewing] = useState(false)
  const sentAmount = kind === "full" ? "" : amount.trim()

  const showError = (e: unknown) => {
    const message = errorMessage(e)
    if (/^amount\b/.test(message)) setAmountError(message)
    else setFormError(message)
    setStep({ name: "form" })
  }

  const review = async () => {
    setFormError(null)
    if (kind === "partial") {
      const invalid = refundAmountError(amount, payment.refundable_amount, c)
      setAmountError(invalid)
      if (invalid) return
    }
    setReviewing(true)
    try {
      const { preview } = await client.fetchQuery(refundPreviewQuery(payment.id, sentAmount))
      setStep({ name: "confirm", preview })
    } catch (e) {
      showError(e)
    } finally {
      setReviewing(false)
    }
  }

  const confirm = () =>
    refund.mutate(
      { amount: sentAmount || undefined, reason },
      {
        onSuccess: ({ refund: done }) => {
          toast.success(`Refunded ${formatMoney(done.amount, done.currency_code)}`, {
            description: `to ${methodLabel(payment)}`,
          })
          onDone()
        },
        onError: (e) => {
          toast.error("The refund did not go through", { description: errorMessage(e) })
          showError(e)
        },
      }
    )

  if (step.name === "confirm") {
    const p = step.preview
    return (
      <>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <div className="flex flex-col gap-y-1">
            <Heading level="h3">
              Refund {formatMoney(p.amount, c)} to {methodLabel(payment)}?
            </Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {p.amount === p.refundable_amount ? "The whole refundable amount" : `Part of the ${formatMoney(p.refundable_amount, c)} still refundable`}
              {reason.trim() ? ` · Reason: ${reason.trim()}` : ""}
            </Text>
          </div>
          <div className="flex flex-col gap-y-2" data-testid="refund-reopens">
            <Text size="small" weight="plus">
              What reopens
            </Text>
            {p.reopens.length === 0 ? (
              <Text size="small" className="text-ui-fg-subtle">
                No invoice reopens: the refund comes out of the credit this payment left unapplied.
              </Text>
            ) : (
              <ul className="flex flex-col gap-y-2">
                {p.reopens.map((r) => (
                  <li key={r.invoice_id} className="bg-ui-bg-subtle rounded-md px-3 py-2">
                    <Text size="small">
                      <Link to={`/billing/invoices/${r.invoice_id}`} className={LINK}>
                        {r.number}
                      </Link>{" "}
                      becomes payable again: {formatMoney(r.amount, c)} owed again, {formatMoney(r.amount_due_after, c)} due in all.
                    </Text>
                  </li>
                ))}
              </ul>
            )}
            {p.from_credit > 0 && p.reopens.length > 0 && (
              <Text size="small" className="text-ui-fg-subtle">
                {formatMoney(p.from_credit, c)} comes out of the credit this payment left unapplied.
              </Text>
            )}
            {p.customer_credit > 0 && p.reopens.length > 0 && (
              <Text size="small" className="text-ui-fg-subtle">
                The customer holds {formatMoney(p.customer_credit, c)} of other credit; it is applied to the reopened invoices, so less may end up due.
              </Text>
            )}
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            The money goes back to the customer's {payment.method === "manual" ? "account outside the portal (record how you paid it back)" : "payment method"}. This cannot be undone.
          </Text>
          {formError && (
            <Text size="small" className="text-ui-fg-error" role="alert">
              {formError}
            </Text>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          <Button variant="secondary" size="small" onClick={() => setStep({ name: "form" })} disabled={refund.isPending}>
            Back
          </Button>
          <Button size="small" variant="danger" onClick={confirm} isLoading={refund.isPending}>
            Refund {formatMoney(p.amount, c)}
          </Button>
        </Drawer.Footer>
      </>
    )
  }

  return (
    <form
      className="flex flex-1 flex-col overflow-hidden"
      onSubmit={(e) => {
        e.preventDefault()
        void review()
      }}
    >
      <Drawer.Body className="flex flex-col gap-y-5 overflow-y-auto">
        <Text size="small" className="text-ui-fg-subtle">
          Paid {formatMoney(payment.amount, c)} with {methodLabel(payment)}
          {payment.refunded_amount > 0 ? `, ${formatMoney(payment.refunded_amount, c)} already refunded` : ""}.{" "}
          <strong className="text-ui-fg-base">{formatMoney(payment.refundable_amount, c)}</strong> can be refunded.
        </Text>
        <fieldset className="flex flex-col gap-y-2">
          <legend className="txt-compact-small-plus mb-2">Amount</legend>
          <RadioGroup value={kind} onValueChange={(v) => setKind(v as "full" | "partial")} className="gap-y-2">
            <div className="flex items-center gap-x-2">
              <RadioGroup.Item value="full" id="refund-full" />
              <Label htmlFor="refund-full" size="small">
                Full refund ({formatMoney(payment.refundable_amount, c)})
              </Label>
            </div>
            <div className="flex items-center gap-x-2">
              <RadioGroup.Item value="partial" id="refund-partial" />
              <Label htmlFor="refund-partial" size="small">
                Partial refund
              </Label>
            </div>
          </RadioGroup>
          {kind === "partial" && (
            <div className="flex flex-col gap-y-1 pl-6">
              <Label htmlFor="refund-amount" size="small" weight="plus">
                Amount to refund ({c.toUpperCase()})
              </Label>
              <Input
                id="refund-amount"
                inputMode="decimal"
                autoComplete="off"
                placeholder={toMajor(toMinor(String(payment.refundable_amount), c), c)}
                value={amount}
                aria-invalid={!!amountError}
                aria-describedby={amountError ? "refund-amount-error" : undefined}
                onChange={(e) => {
                  setAmount(e.target.value)
                  setAmountError(null)
                }}
              />
              {amountError && (
                <Text id="refund-amount-error" size="small" className="text-ui-fg-error" role="alert">
                  {amountError}
                </Text>
              )}
            </div>
          )}
          {kind === "full" && amountError && (
            <Text size="small" className="text-ui-fg-error" role="alert">
              {amountError}
            </Text>
          )}
        </fieldset>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="refund-reason" size="small" weight="plus">
            Reason <span className="text-ui-fg-muted font-normal">(optional, shown in the ledger)</span>
          </Label>
          <Textarea id="refund-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </div>
        {formError && (
          <Text size="small" className="text-ui-fg-error" role="alert">
            {formError}
          </Text>
        )}
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button variant="secondary" size="small" type="button">
            Cancel
          </Button>
        </Drawer.Close>
        <Button size="small" type="submit" isLoading={reviewing}>
          Review refund
        </Button>
      </Drawer.Footer>
    </form>
  )
}

/** "Refund" on a payment: full or partial amount, reason, then a confirmation of what reopens. */
export const RefundDrawer = ({
  payment,
  open,
  onOpenChange,
}: {
  payment: AdminPaymentDetail
  open: boolean
  onOpenChange: (open: boolean) => void
}) => (
  <Drawer open={open} onOpenChange={onOpenChange}>
    <Drawer.Content aria-describedby={undefined}>
      <Drawer.Header>
        <Drawer.Title>Refund payment</Drawer.Title>
      </Drawer.Header>
      {/* mounted while open only: every opening is a new refund attempt with its own idempotency key */}
      <RefundForm payment={payment} onDone={() => onOpenChange(false)} />
    </Drawer.Content>
  </Drawer>
)
