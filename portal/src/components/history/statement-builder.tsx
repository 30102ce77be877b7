import { zodResolver } from "@hookform/resolvers/zod"
import { Button, Container, Label, Text } from "@medusajs/ui"
import { useForm } from "react-hook-form"
import * as z from "zod/mini"
import { todayIso, useDownloadStatement } from "../../api/history"
import { errorMessage } from "../../lib/errors"
import { FormField } from "../form-field"

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/** The query of GET /store/billing/statement, as the form holds it (dates as `YYYY-MM-DD`). */
const StatementSchema = z
  .object({
    currency_code: z.string().check(z.minLength(3, "Choose a currency")),
    period: z.enum(["range", "all_time", "since_zero"]),
    from: z.string(),
    to: z.string(),
  })
  .check(
    z.refine((v) => v.period !== "range" || ISO_DAY.test(v.from), { message: "Choose the first day of the statement", path: ["from"] }),
    z.refine((v) => v.to === "" || ISO_DAY.test(v.to), { message: "Enter a date", path: ["to"] }),
    z.refine((v) => v.period !== "range" || v.to === "" || !ISO_DAY.test(v.from) || v.from <= v.to, {
      message: "The first day must not be after the last day",
      path: ["from"],
    })
  )
type StatementValues = z.infer<typeof StatementSchema>

const PERIODS: { value: StatementValues["period"]; label: string; hint: string }[] = [
  { value: "range", label: "Dates I choose", hint: "Every entry between two dates, with the opening and closing balance." },
  { value: "all_time", label: "All time", hint: "Everything since your first invoice." },
  { value: "since_zero", label: "Since my balance was last zero", hint: "What makes up what you owe now." },
]

/**
 * The statement PDF (DESIGN sec. 13/14): for dates the customer picks, all
 * time, or since the balance was last zero; one currency at a time. Shared
 * by History and Documents.
 */
export function StatementBuilder({
  currencies,
  defaultCurrency,
  defaultFrom = "",
  defaultTo = "",
  idPrefix = "statement",
}: {
  currencies: string[]
  defaultCurrency?: string
  defaultFrom?: string
  defaultTo?: string
  /** keeps the fields' ids unique if a page had two */
  idPrefix?: string
}) {
  const download = useDownloadStatement()
  const form = useForm<StatementValues>({
    resolver: zodResolver(StatementSchema),
    defaultValues: {
      currency_code: defaultCurrency ?? currencies[0] ?? "",
      period: defaultFrom ? "range" : "all_time",
      from: defaultFrom,
      to: defaultTo,
    },
  })
  const errors = form.formState.errors
  const period = form.watch("period")
  const id = (name: string) => `${idPrefix}-${name}`

  const onSubmit = form.handleSubmit((values) =>
    download.mutate({
      currency_code: values.currency_code,
      period: values.period,
      from: values.period === "range" ? values.from : undefined,
      to: values.to || undefined,
    })
  )

  return (
    <Container className="flex flex-col gap-y-4">
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-y-4" aria-label="Statement">
        {currencies.length > 1 && (
          <div className="flex flex-col gap-y-1.5">
            <Label htmlFor={id("currency")}>Currency</Label>
            <select
              id={id("currency")}
              className="bg-ui-bg-field shadow-borders-base txt-compact-small text-ui-fg-base h-8 w-full rounded-md px-2 outline-none focus-visible:shadow-borders-interactive-with-active sm:w-48"
              {...form.register("currency_code")}
            >
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c.toUpperCase()}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset className="flex flex-col gap-y-2">
          <legend className="txt-compact-small-plus text-ui-fg-base mb-2">Period</legend>
          {PERIODS.map((p) => (
            <label key={p.value} className="flex cursor-pointer items-start gap-x-3">
              <input type="radio" value={p.value} className="accent-ui-fg-interactive mt-0.5 h-4 w-4 shrink-0" {...form.register("period")} />
              <span className="flex flex-col">
                <span className="txt-compact-small-plus text-ui-fg-base">{p.label}</span>
                <span className="txt-compact-small text-ui-fg-subtle">{p.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          {period === "range" && (
            <FormField id={id("from")} label="From" type="date" error={errors.from?.message} {...form.register("from")} />
          )}
          <FormField
            id={id("to")}
            label={period === "range" ? "To" : "Up to (optional)"}
            type="date"
            max={todayIso()}
            error={errors.to?.message}
            {...form.register("to")}
          />
        </div>
        <div className="flex flex-col items-start gap-y-1">
          <Button
            type="submit"
            variant="secondary"
            isLoading={download.isPending}
            disabled={download.isPending}
            aria-describedby={download.isError ? id("error") : undefined}
          >
            Download statement (PDF)
          </Button>
          <span role="status" className="sr-only">
            {download.isPending ? "Preparing your statement…" : download.isSuccess ? "Your statement has downloaded." : ""}
          </span>
          {download.isError && (
            <Text id={id("error")} size="small" className="text-ui-fg-error" role="alert">
              The statement could not be made: {errorMessage(download.error)}
            </Text>
          )}
        </div>
      </form>
    </Container>
  )
}
