import { zodResolver } from "@hookform/resolvers/zod"
import { Plus, Trash } from "@medusajs/icons"
import { Button, FocusModal, Heading, IconButton, Input, Label, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Controller, useFieldArray, useForm, useWatch, type FieldPath } from "react-hook-form"
import { useNavigate } from "react-router-dom"
import { z } from "zod"
import { lineTotal } from "../../domain/money"
import {
  customerName,
  useCreateInvoice,
  useCustomer,
  useCustomerSearch,
  useStoreCurrencies,
  useUpdateInvoice,
  type AdminInvoiceDetail,
} from "../lib/hooks/invoices"
import { formatMoney, toMajor, toMinor } from "../lib/money"
import { errorMessage } from "../lib/sdk"

const DECIMAL = /^\d+(\.\d+)?$/
const TERMS = [
  ["net_15", "Net 15", 15],
  ["net_30", "Net 30", 30],
  ["net_60", "Net 60", 60],
  ["custom", "Pick a date", null],
] as const

/** The form's shape: `AdminCreateInvoice`'s (and `AdminUpdateInvoice`'s) rules, as the admin types them. */
const invoiceFormSchema = z.object({
  customer_id: z.string().min(1, "Choose a customer"),
  currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "Choose a currency"),
  terms: z.enum(["net_15", "net_30", "net_60", "custom"]),
  due_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a due date"),
  notes: z.string().max(5000, "Notes must be at most 5,000 characters"),
  lines: z
    .array(
      z.object({
        title: z.string().trim().min(1, "Enter a title").max(500, "At most 500 characters"),
        description: z.string().max(5000, "At most 5,000 characters"),
        quantity: z.string().trim().regex(DECIMAL, "A number such as 1 or 2.5"),
        unit_price: z.string().trim().regex(DECIMAL, "An amount such as 120.00"),
      })
    )
    .min(1, "Add at least one line")
    .max(500),
})
type InvoiceFormValues = z.infer<typeof invoiceFormSchema>

/** Today plus `days` as YYYY-MM-DD in the admin's calendar. */
function dateInDays(days: number, from = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`
}

/** A line's total in minor units, or null while its quantity or price is not a valid amount yet. */
function lineMinor(line: { quantity?: string; unit_price?: string }, currency: string): bigint | null {
  try {
    if (!currency || !DECIMAL.test(line.quantity?.trim() ?? "") || !DECIMAL.test(line.unit_price?.trim() ?? "")) return null
    return lineTotal(line.quantity!.trim(), toMinor(line.unit_price!.trim(), currency))
  } catch {
    return null
  }
}

/**
 * Which form field an API 400 names: `lines[1].unit_price`, Medusa's
 * `Field 'lines, 1, title'`, or a top-level field (`due_at`, `notes`…).
 */
function fieldOfApiMessage(message: string): FieldPath<InvoiceFormValues> | null {
  const line = /lines(?:\[(\d+)\]\.|, (\d+), )(title|description|quantity|unit_price|total)/.exec(message)
  if (line) {
    const index = line[1] ?? line[2]
    const field = line[3] === "total" ? "unit_price" : line[3]
    return `lines.${Number(index)}.${field}` as FieldPath<InvoiceFormValues>
  }
  if (/\bdue_at\b/.test(message)) return "due_date"
  for (const field of ["customer_id", "currency_code", "notes", "lines"] as const) {
    if (new RegExp(`\\b${field}\\b`).test(message)) return field
  }
  return null
}

const FieldError = ({ id, message }: { id: string; message?: string }) =>
  message ? (
    <Text id={id} size="xsmall" className="text-ui-fg-error" role="alert">
      {message}
    </Text>
  ) : null

type Props = {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** the draft being edited; absent: a new invoice */
  invoice?: AdminInvoiceDetail
  /** preselected customer of a new invoice (`?new=1&customer_id=`) */
  initialCustomerId?: string
}

/**
 * Create an invoice (a draft) or edit a draft in a focus modal: customer,
 * currency, due date or terms, lines with live totals summed exactly in
 * integer minor units (the server's own line rule), notes.
 */
export const InvoiceFormModal = ({ open, onOpenChange, invoice, initialCustomerId }: Props) => (
  <FocusModal open={open} onOpenChange={onOpenChange}>
    <FocusModal.Content aria-describedby={undefined}>
      {open && <InvoiceFormLoader invoice={invoice} initialCustomerId={initialCustomerId} onDone={() => onOpenChange(false)} />}
    </FocusModal.Content>
  </FocusModal>
)

/** A new invoice's form opens once the store's currencies are known (its default is the store's). */
const InvoiceFormLoader = (props: { invoice?: AdminInvoiceDetail; initialCustomerId?: string; onDone: () => void }) => {
  const currencies = useStoreCurrencies()
  if (!props.invoice && currencies.isPending) {
    return (
      <>
        <FocusModal.Body className="flex flex-1 items-center justify-center">
          <FocusModal.Title asChild>
            <Heading level="h1">Create invoice</Heading>
          </FocusModal.Title>
          <Text className="text-ui-fg-subtle ml-4" role="status">
            Loading…
          </Text>
        </FocusModal.Body>
      </>
    )
  }
  return <InvoiceForm {...props} />
}

const InvoiceForm = ({
  invoice,
  initialCustomerId,
  onDone,
}: {
  invoice?: AdminInvoiceDetail
  initialCustomerId?: string
  onDone: () => void
}) => {
  const navigate = useNavigate()
  const editing = !!invoice
  const currencies = useStoreCurrencies()
  const create = useCreateInvoice()
  const update = useUpdateInvoice(invoice?.id ?? "")
  const [formError, setFormError] = useState<string | null>(null)

  const form = useForm<InvoiceFormValues>({
    resolver: zodResolver(invoiceFormSchema),
    defaultValues: invoice
      ? {
          customer_id: invoice.customer_id,
          currency_code: invoice.currency_code,
          terms: "custom",
          due_date: invoice.due_at ? invoice.due_at.slice(0, 10) : dateInDays(30),
          notes: invoice.notes ?? "",
          lines: invoice.lines.map((l) => ({
            title: l.title,
            description: l.description ?? "",
            quantity: String(l.quantity),
            unit_price: String(l.unit_price),
          })),
        }
      : {
          customer_id: initialCustomerId ?? "",
          // the store's default currency (the form opens once the currencies have loaded)
          currency_code: currencies.data?.[0] ?? "",
          terms: "net_30",
          due_date: dateInDays(30),
          notes: "",
          lines: [{ title: "", description: "", quantity: "1", unit_price: "" }],
        },
  })
  const { register, control, handleSubmit, setValue, setError, formState } = form
  const errors = formState.errors
  const lines = useFieldArray({ control, name: "lines" })

  const currency = useWatch({ control, name: "currency_code" })
  const watchedLines = useWatch({ control, name: "lines" })
  const terms = useWatch({ control, name: "terms" })
  const totals = useMemo(() => {
    const each = (watchedLines ?? []).map((l) => lineMinor(l, currency))
    const complete = each.every((t) => t !== null)
    return { each, total: complete ? each.reduce<bigint>((sum, t) => sum + (t as bigint), 0n) : null }
  }, [watchedLines, currency])
  const money = (minor: bigint | null) => (minor === null || !currency ? "—" : formatMoney(toMajor(minor, currency), currency))

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null)
    const lineBody = values.lines.map((l) => ({
      title: l.title.trim(),
      description: l.description.trim() || null,
      quantity: l.quantity.trim(),
      unit_price: l.unit_price.trim(),
    }))
    try {
      if (invoice) {
        await update.mutateAsync({ due_at: values.due_date, notes: values.notes.trim() || null, lines: lineBody })
        toast.success(`${invoice.number} saved`)
        onDone()
      } else {
        const { invoice: created } = await create.mutateAsync({
          customer_id: values.customer_id,
          currency_code: values.currency_code,
          due_at: values.due_date,
          notes: values.notes.trim() || null,
          lines: lineBody,
        })
        toast.success(`Draft ${created.number} created`)
        onDone()
        navigate(`/billing/invoices/${created.id}`)
      }
    } catch (e) {
      const message = errorMessage(e).replace(/^Invalid request: /, "")
      const field = fieldOfApiMessage(message)
      if (field) setError(field, { type: "server", message })
      else setFormError(message)
      toast.error(editing ? "The invoice was not saved" : "The invoice was not created", { description: message })
    }
  })

  const pending = create.isPending || update.isPending
  const lineError = (index: number, field: "title" | "description" | "quantity" | "unit_price") =>
    errors.lines?.[index]?.[field]?.message

  return (
    <form onSubmit={onSubmit} className="flex h-full flex-col overflow-hidden" noValidate>
      {/* not FocusModal.Header: its close icon button has no accessible name */}
      <div className="border-ui-border-base flex items-center justify-end gap-x-2 border-b px-4 py-2">
        <FocusModal.Close asChild>
          <Button size="small" variant="secondary" type="button">
            Cancel
          </Button>
        </FocusModal.Close>
        <Button size="small" type="submit" isLoading={pending}>
          {editing ? "Save draft" : "Create draft"}
        </Button>
      </div>
      <FocusModal.Body className="flex flex-1 flex-col items-center overflow-y-auto py-10">
        <div className="flex w-full max-w-[880px] flex-col gap-y-8 px-4">
          <div>
            <FocusModal.Title asChild>
              <Heading level="h1">{editing ? `Edit ${invoice!.number}` : "Create invoice"}</Heading>
            </FocusModal.Title>
            <Text size="small" className="text-ui-fg-subtle">
              {editing
                ? "A draft can change until it is issued."
                : "The invoice is saved as a draft; the customer sees it once you issue it."}
            </Text>
          </div>
          {formError && (
            <Text className="text-ui-fg-error" role="alert">
              {formError}
            </Text>
          )}

          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            {editing ? (
              <div className="flex flex-col gap-y-1">
                <Label size="small" weight="plus">
                  Customer
                </Label>
                <Text size="small">{customerName(invoice!.customer)}</Text>
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {invoice!.customer?.email}
                </Text>
              </div>
            ) : (
              <Controller
                control={control}
                name="customer_id"
                render={({ field }) => (
                  <CustomerPicker value={field.value} onChange={field.onChange} error={errors.customer_id?.message} />
                )}
              />
            )}
            <div className="flex flex-col gap-y-1">
              <Label size="small" weight="plus" id="invoice-currency-label">
                Currency
              </Label>
              {editing ? (
                <Text size="small">{invoice!.currency_code.toUpperCase()}</Text>
              ) : (
                <Controller
                  control={control}
                  name="currency_code"
                  render={({ field }) => (
                    <Select value={field.value} onValueChange={field.onChange}>
                      <Select.Trigger
                        aria-labelledby="invoice-currency-label"
                        aria-invalid={!!errors.currency_code}
                        aria-describedby="invoice-currency-error"
                      >
                        <Select.Value placeholder={currencies.isPending ? "Loading…" : "Choose a currency"} />
                      </Select.Trigger>
                      <Select.Content>
                        {(currencies.data ?? []).map((c) => (
                          <Select.Item key={c} value={c}>
                            {c.toUpperCase()}
                          </Select.Item>
                        ))}
                      </Select.Content>
                    </Select>
                  )}
                />
              )}
              {currencies.isError && <FieldError id="invoice-currency-load" message={errorMessage(currencies.error)} />}
              <FieldError id="invoice-currency-error" message={errors.currency_code?.message} />
            </div>

            <div className="flex flex-col gap-y-1">
              <Label size="small" weight="plus" id="invoice-terms-label">
                Payment terms
              </Label>
              <Controller
                control={control}
                name="terms"
                render={({ field }) => (
                  <Select
                    value={field.value}
                    onValueChange={(value) => {
                      field.onChange(value)
                      const days = TERMS.find(([key]) => key === value)?.[2]
                      if (days != null) setValue("due_date", dateInDays(days), { shouldValidate: true })
                    }}
                  >
                    <Select.Trigger aria-labelledby="invoice-terms-label">
                      <Select.Value />
                    </Select.Trigger>
                    <Select.Content>
                      {TERMS.map(([key, label]) => (
                        <Select.Item key={key} value={key}>
                          {label}
                        </Select.Item>
                      ))}
                    </Select.Content>
                  </Select>
                )}
              />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label size="small" weight="plus" htmlFor="invoice-due-date">
                Due date
              </Label>
              <Input
                id="invoice-due-date"
                type="date"
                aria-invalid={!!errors.due_date}
                aria-describedby="invoice-due-error"
                {...register("due_date", { onChange: () => terms !== "custom" && setValue("terms", "custom") })}
              />
              <FieldError id="invoice-due-error" message={errors.due_date?.message} />
            </div>
          </div>

          <div className="flex flex-col gap-y-3">
            <div className="flex items-center justify-between">
              <Heading level="h2">Lines</Heading>
              <Button
                size="small"
                variant="secondary"
                type="button"
                onClick={() => lines.append({ title: "", description: "", quantity: "1", unit_price: "" })}
              >
                <Plus />
                Add line
              </Button>
            </div>
            <FieldError id="invoice-lines-error" message={errors.lines?.message ?? errors.lines?.root?.message} />
            <ol className="flex flex-col gap-y-3" aria-label="Invoice lines">
              {lines.fields.map((line, index) => {
                const n = index + 1
                return (
                  <li key={line.id} className="shadow-elevation-card-rest bg-ui-bg-component rounded-lg p-4">
                    <div className="grid grid-cols-1 gap-3 sm:grid-cols-12">
                      <div className="flex flex-col gap-y-1 sm:col-span-5">
                        <Label size="xsmall" htmlFor={`line-${index}-title`}>
                          Line {n} title
                        </Label>
                        <Input
                          id={`line-${index}-title`}
                          size="small"
                          aria-invalid={!!lineError(index, "title")}
                          aria-describedby={`line-${index}-title-error`}
                          {...register(`lines.${index}.title`)}
                        />
                        <FieldError id={`line-${index}-title-error`} message={lineError(index, "title")} />
                      </div>
                      <div className="flex flex-col gap-y-1 sm:col-span-2">
                        <Label size="xsmall" htmlFor={`line-${index}-quantity`}>
                          Line {n} quantity
                        </Label>
                        <Input
                          id={`line-${index}-quantity`}
                          size="small"
                          inputMode="decimal"
                          aria-invalid={!!lineError(index, "quantity")}
                          aria-describedby={`line-${index}-quantity-error`}
                          {...register(`lines.${index}.quantity`)}
                        />
                        <FieldError id={`line-${index}-quantity-error`} message={lineError(index, "quantity")} />
                      </div>
                      <div className="flex flex-col gap-y-1 sm:col-span-2">
                        <Label size="xsmall" htmlFor={`line-${index}-price`}>
                          Line {n} unit price
                        </Label>
                        <Input
                          id={`line-${index}-price`}
                          size="small"
                          inputMode="decimal"
                          placeholder="0.00"
                          aria-invalid={!!lineError(index, "unit_price")}
                          aria-describedby={`line-${index}-price-error`}
                          {...register(`lines.${index}.unit_price`)}
                        />
                        <FieldError id={`line-${index}-price-error`} message={lineError(index, "unit_price")} />
                      </div>
                      <div className="flex flex-col gap-y-1 sm:col-span-2 sm:items-end">
                        <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
                          Line total
                        </Text>
                        <Text size="small" weight="plus" className="tabular-nums py-1.5" data-testid={`line-${index}-total`}>
                          {money(totals.each[index] ?? null)}
                        </Text>
                      </div>
                      <div className="flex items-end justify-end sm:col-span-1">
                        <IconButton
                          type="button"
                          size="small"
                          variant="transparent"
                          aria-label={`Remove line ${n}`}
                          disabled={lines.fields.length === 1}
                          onClick={() => lines.remove(index)}
                        >
                          <Trash />
                        </IconButton>
                      </div>
                      <div className="flex flex-col gap-y-1 sm:col-span-12">
                        <Label size="xsmall" htmlFor={`line-${index}-description`}>
                          Line {n} description (optional)
                        </Label>
                        <Input
                          id={`line-${index}-description`}
                          size="small"
                          aria-invalid={!!lineError(index, "description")}
                          {...register(`lines.${index}.description`)}
                        />
                        <FieldError id={`line-${index}-description-error`} message={lineError(index, "description")} />
                      </div>
                    </div>
                  </li>
                )
              })}
            </ol>
            <div className="flex items-center justify-end gap-x-4 px-4">
              <Text weight="plus">Invoice total</Text>
              <Text weight="plus" className="tabular-nums text-lg" data-testid="invoice-total" aria-live="polite">
                {money(totals.total)}
              </Text>
            </div>
          </div>

          <div className="flex flex-col gap-y-1">
            <Label size="small" weight="plus" htmlFor="invoice-notes">
              Notes (shown on the invoice)
            </Label>
            <Textarea
              id="invoice-notes"
              rows={3}
              aria-invalid={!!errors.notes}
              aria-describedby="invoice-notes-error"
              {...register("notes")}
            />
            <FieldError id="invoice-notes-error" message={errors.notes?.message} />
          </div>
        </div>
      </FocusModal.Body>
    </form>
  )
}

/** Medusa's customers, searched by name or email; the chosen one stays listed. */
const CustomerPicker = ({
  value,
  onChange,
  error,
}: {
  value: string
  onChange: (id: string) => void
  error?: string
}) => {
  const [search, setSearch] = useState("")
  const results = useCustomerSearch(search.trim())
  const chosen = useCustomer(value || undefined)
  const options = useMemo(() => {
    const list = [...(results.data?.customers ?? [])]
    const current = chosen.data?.customer
    if (current && !list.some((c) => c.id === current.id)) list.unshift(current)
    return list
  }, [results.data, chosen.data])

  return (
    <div className="flex flex-col gap-y-1">
      <Label size="small" weight="plus" id="invoice-customer-label">
        Customer
      </Label>
      <Input
        size="small"
        placeholder="Search customers by name or email"
        aria-label="Search customers"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <Select value={value || undefined} onValueChange={onChange}>
        <Select.Trigger aria-labelledby="invoice-customer-label" aria-invalid={!!error} aria-describedby="invoice-customer-error">
          <Select.Value placeholder={results.isPending ? "Loading customers…" : "Choose a customer"} />
        </Select.Trigger>
        <Select.Content>
          {options.map((c) => (
            <Select.Item key={c.id} value={c.id}>
              {customerName(c)}
              {c.email ? ` · ${c.email}` : ""}
            </Select.Item>
          ))}
          {!options.length && (
            <div className="txt-compact-small text-ui-fg-subtle px-2 py-1.5">No customer matches “{search}”.</div>
          )}
        </Select.Content>
      </Select>
      {results.isError && <FieldError id="invoice-customer-load" message={errorMessage(results.error)} />}
      <FieldError id="invoice-customer-error" message={error} />
    </div>
  )
}
