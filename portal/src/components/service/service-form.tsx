import { zodResolver } from "@hookform/resolvers/zod"
import { Alert, Label, Text, Textarea, clx } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { useForm, type UseFormSetError } from "react-hook-form"
import * as z from "zod/mini"
import { billingKeys } from "../../api/query-keys"
import { useCreateServiceRequest } from "../../api/service-requests"
import type { InvoiceListQuery, ServiceRequest, ServiceRequestKind } from "../../api/types"
import { billing } from "../../lib/billing"
import { errorMessage } from "../../lib/errors"
import { FormField } from "../form-field"
import { ThemedButton } from "../themed-button"

/** `YYYY-MM-DD` of a date in the customer's own time zone. */
export function localIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** The body of POST /store/billing/service-requests, with the API's limits and words. */
function schemaFor(kind: ServiceRequestKind) {
  const today = localIsoDate(new Date())
  return z.object({
    subject: z
      .string()
      .check(z.trim(), z.minLength(1, "Enter a subject"), z.maxLength(200, "The subject can be at most 200 characters")),
    message: z
      .string()
      .check(z.trim(), z.minLength(1, "Enter a message"), z.maxLength(5000, "The message can be at most 5000 characters")),
    invoice_id: z.string(),
    preferred_date: z
      .string()
      .check(
        z.refine((v) => kind === "note" || v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "Enter a date"),
        z.refine((v) => v === "" || v >= today, "Pick today or a later date")
      ),
  })
}
type ServiceValues = z.infer<ReturnType<typeof schemaFor>>
type FieldName = keyof ServiceValues

const EMPTY: ServiceValues = { subject: "", message: "", invoice_id: "", preferred_date: "" }

/**
 * The API names the field it refuses ("preferred_date must …", "invoice_id:
 * …"): its message goes next to that field, the rest above the button.
 */
function placeApiError(error: unknown, setError: UseFormSetError<ServiceValues>): boolean {
  const message = errorMessage(error)
  const field = (["subject", "message", "invoice_id", "preferred_date"] as const).find((name) => message.startsWith(name))
  if (!field) return false
  setError(field, { type: "server", message: message.replace(/^[a-z_]+:\s*/, "") })
  return true
}

const INVOICE_QUERY: InvoiceListQuery = { order: "-issued_at", limit: 50 }

export const LABELS = {
  note: { noun: "note", send: "Send note", sent: "Your note was sent." },
  request: { noun: "request", send: "Send request", sent: "Your request was sent. We will reply here." },
} as const

/** A new note or request: subject, message, and for a request the invoice it is about and a preferred date. */
export function ServiceForm({
  kind,
  invoicesOn,
  onSent,
}: {
  kind: ServiceRequestKind
  invoicesOn: boolean
  onSent: (request: ServiceRequest) => void
}) {
  const create = useCreateServiceRequest()
  const [formError, setFormError] = useState<string | null>(null)
  const form = useForm<ServiceValues>({ resolver: zodResolver(schemaFor(kind)), defaultValues: EMPTY })
  const errors = form.formState.errors
  const invoices = useQuery({
    queryKey: billingKeys.invoiceList(INVOICE_QUERY),
    queryFn: ({ signal }) => billing.listInvoices(INVOICE_QUERY, { signal }),
    enabled: invoicesOn && kind === "request",
  })
  const id = (name: FieldName) => `${kind}-${name}`

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null)
    create.mutate(
      {
        kind,
        subject: values.subject,
        message: values.message,
        ...(kind === "request"
          ? { invoice_id: values.invoice_id || null, preferred_date: values.preferred_date || null }
          : {}),
      },
      {
        onSuccess: (created) => {
          form.reset(EMPTY)
          onSent(created)
        },
        onError: (error) => {
          if (!placeApiError(error, form.setError)) setFormError(errorMessage(error))
        },
      }
    )
  })

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-y-4" aria-label={`New ${LABELS[kind].noun}`}>
      <FormField id={id("subject")} label="Subject" autoComplete="off" maxLength={200} error={errors.subject?.message} {...form.register("subject")} />
      <div className="flex flex-col gap-y-1.5">
        <Label htmlFor={id("message")}>Message</Label>
        <Textarea
          id={id("message")}
          rows={5}
          maxLength={5000}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={errors.message ? `${id("message")}-error` : undefined}
          {...form.register("message")}
        />
        {errors.message && (
          <Text id={`${id("message")}-error`} size="small" className="text-ui-fg-error">
            {errors.message.message}
          </Text>
        )}
      </div>
      {kind === "request" && (
        <div className="grid grid-cols-1 gap-4">
          {invoicesOn && (
            <div className="flex flex-col gap-y-1.5">
              <Label htmlFor={id("invoice_id")}>About an invoice (optional)</Label>
              <select
                id={id("invoice_id")}
                disabled={invoices.isPending}
                aria-invalid={errors.invoice_id ? true : undefined}
                aria-describedby={errors.invoice_id || invoices.isError ? `${id("invoice_id")}-error` : undefined}
                className={clx(
                  "bg-ui-bg-field shadow-borders-base txt-compact-small text-ui-fg-base h-8 w-full rounded-md px-2 outline-none",
                  "focus-visible:shadow-borders-interactive-with-active disabled:text-ui-fg-disabled"
                )}
                {...form.register("invoice_id")}
              >
                <option value="">{invoices.isPending ? "Loading your invoices…" : "No particular invoice"}</option>
                {invoices.data?.invoices.map((invoice) => (
                  <option key={invoice.id} value={invoice.id}>
                    {invoice.number}
                  </option>
                ))}
              </select>
              {(errors.invoice_id || invoices.isError) && (
                <Text id={`${id("invoice_id")}-error`} size="small" className="text-ui-fg-error">
                  {errors.invoice_id?.message ?? `Your invoices could not be loaded: ${errorMessage(invoices.error)}`}
                </Text>
              )}
            </div>
          )}
          <FormField
            id={id("preferred_date")}
            label="Preferred date (optional)"
            type="date"
            min={localIsoDate(new Date())}
            error={errors.preferred_date?.message}
            {...form.register("preferred_date")}
          />
        </div>
      )}
      {formError && (
        <Alert variant="error" role="alert">
          {formError}
        </Alert>
      )}
      <ThemedButton type="submit" size="large" className="w-full sm:w-fit" isLoading={create.isPending}>
        {LABELS[kind].send}
      </ThemedButton>
      <span className="sr-only" role="status">
        {create.isPending ? "Sending…" : ""}
      </span>
    </form>
  )
}
