import { zodResolver } from "@hookform/resolvers/zod"
import { Button, Drawer, Input, Label, Select, Text, Textarea, toast } from "@medusajs/ui"
import { Controller, useForm, type FieldPath } from "react-hook-form"
import { z } from "zod"
import { useRecordInvoicePayment, type AdminInvoiceDetail } from "../lib/hooks/invoices"
import { formatMoney } from "../lib/money"
import { errorMessage, errorStatus } from "../lib/sdk"

const METHODS = [
  ["check", "Check"],
  ["cash", "Cash"],
  ["bank_transfer", "Bank transfer"],
] as const

/** `AdminRecordInvoicePayment`'s rules as the admin types them. */
const schema = z.object({
  offline_method: z.enum(["check", "cash", "bank_transfer"]),
  amount: z.string().trim().regex(/^\d+(\.\d+)?$/, "An amount such as 120.00"),
  reference: z.string().trim().max(200, "At most 200 characters"),
  received_at: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, "Enter a date"),
  note: z.string().max(1000, "At most 1,000 characters"),
})
type Values = z.infer<typeof schema>

function apiField(message: string): FieldPath<Values> | null {
  for (const field of ["offline_method", "amount", "reference", "received_at", "note"] as const) {
    if (new RegExp(`\\b${field}\\b`).test(message)) return field
  }
  return null
}

const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`
}

/**
 * Records a check, cash or a bank transfer against one invoice (the amount
 * defaults to what is due; the reference is what the customer sees as the
 * transaction id). The invoice, the lists, payments and the customer's
 * account refresh from the mutation's invalidations.
 */
export const RecordPaymentDrawer = ({
  invoice,
  open,
  onOpenChange,
}: {
  invoice: AdminInvoiceDetail
  open: boolean
  onOpenChange: (open: boolean) => void
}) => (
  <Drawer open={open} onOpenChange={onOpenChange}>
    <Drawer.Content aria-describedby={undefined}>
      {open && <RecordPaymentForm invoice={invoice} onDone={() => onOpenChange(false)} />}
    </Drawer.Content>
  </Drawer>
)

const RecordPaymentForm = ({ invoice, onDone }: { invoice: AdminInvoiceDetail; onDone: () => void }) => {
  const record = useRecordInvoicePayment(invoice)
  const payable = invoice.amount_due - invoice.amount_pending
  const { register, control, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      offline_method: "check",
      // the API's major-unit number as text, digit for digit (never computed here)
      amount: payable > 0 ? String(invoice.amount_due) : "",
      reference: "",
      received_at: today(),
      note: "",
    },
  })
  const errors = formState.errors

  const onSubmit = handleSubmit(async (values) => {
    try {
      const { payment } = await record.mutateAsync({
        amount: values.amount.trim(),
        offline_method: values.offline_method,
        ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
        ...(values.note.trim() ? { note: values.note.trim() } : {}),
        ...(values.received_at ? { received_at: values.received_at } : {}),
      })
      toast.success(`Payment of ${formatMoney(payment.amount, invoice.currency_code)} recorded on ${invoice.number}`)
      onDone()
    } catch (e) {
      const status = errorStatus(e)
      if (status === undefined || status >= 500) {
        // no answer (the network, a timeout) or a server error: it may have been recorded; sending again is safe
        const message =
          status === undefined
            ? "No answer from the server: the payment may or may not have been recorded."
            : `The server failed (${errorMessage(e)}): the payment may or may not have been recorded.`
        setError("root.server", { type: "retry", message })
        toast.error(status === undefined ? "No answer from the server" : "The server failed", { description: errorMessage(e) })
        return
      }
      const message = errorMessage(e).replace(/^Invalid request: /, "")
      // a refusal about a field is shown at the field, any other above the buttons
      const field = apiField(message)
      if (field) setError(field, { type: "server", message })
      else setError("root.server", { type: "server", message: `The payment was not recorded: ${message}` })
      toast.error("The payment was not recorded", { description: message })
    }
  })

  const err = (field: keyof Values) =>
    errors[field]?.message ? (
      <Text id={`payment-${field}-error`} size="xsmall" className="text-ui-fg-error" role="alert">
        {errors[field]?.message}
      </Text>
    ) : null

  return (
    <form onSubmit={onSubmit} className="flex h-full flex-col" noValidate>
      <Drawer.Header>
        <Drawer.Title>Record payment on {invoice.number}</Drawer.Title>
      </Drawer.Header>
      <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
        <Text size="small" className="text-ui-fg-subtle">
          Amount due {formatMoney(invoice.amount_due, invoice.currency_code)}
          {invoice.amount_pending > 0 && ` (${formatMoney(invoice.amount_pending, invoice.currency_code)} pending)`}.
        </Text>
        <div className="flex flex-col gap-y-1">
          <Label size="small" weight="plus" id="payment-method-label">
            Received by
          </Label>
          <Controller
            control={control}
            name="offline_method"
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <Select.Trigger aria-labelledby="payment-method-label">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {METHODS.map(([value, label]) => (
                    <Select.Item key={value} value={value}>
                      {label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            )}
          />
          {err("offline_method")}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small" weight="plus" htmlFor="payment-amount">
            Amount ({invoice.currency_code.toUpperCase()})
          </Label>
          <Input
            id="payment-amount"
            inputMode="decimal"
            aria-invalid={!!errors.amount}
            aria-describedby="payment-amount-error"
            {...register("amount")}
          />
          {err("amount")}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small" weight="plus" htmlFor="payment-reference">
            Reference (check number, bank reference)
          </Label>
          <Input
            id="payment-reference"
            placeholder="Check #1042"
            aria-invalid={!!errors.reference}
            aria-describedby="payment-reference-error"
            {...register("reference")}
          />
          {err("reference")}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small" weight="plus" htmlFor="payment-received">
            Received on
          </Label>
          <Input
            id="payment-received"
            type="date"
            // money received later than today is not recorded (the API refuses a date in the future)
            max={today()}
            aria-invalid={!!errors.received_at}
            aria-describedby="payment-received_at-error"
            {...register("received_at")}
          />
          {err("received_at")}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small" weight="plus" htmlFor="payment-note">
            Internal note (optional)
          </Label>
          <Textarea id="payment-note" rows={2} {...register("note")} />
          {err("note")}
        </div>
        {errors.root?.server?.message && (
          <div role="alert" className="rounded-md border border-ui-border-error bg-ui-bg-subtle px-3 py-2">
            <Text size="small" weight="plus" className="text-ui-fg-error">
              {errors.root.server.message}
            </Text>
            {errors.root.server.type === "retry" && (
              <Text size="small" className="text-ui-fg-subtle">
                Record payment again to retry: the same form is never recorded twice while this drawer is open.
              </Text>
            )}
          </div>
        )}
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button size="small" variant="secondary" type="button">
            Cancel
          </Button>
        </Drawer.Close>
        <Button size="small" type="submit" isLoading={record.isPending}>
          Record payment
        </Button>
      </Drawer.Footer>
    </form>
  )
}
