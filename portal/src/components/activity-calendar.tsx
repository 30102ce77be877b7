import { Container, Text, clx } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { Link, useSearchParams } from "react-router-dom"
import { useDeferredValue } from "react"
import { nextAutopayCharge, useUpcomingInvoices } from "../api/autopay"
import { billingKeys } from "../api/query-keys"
import type { BillingAccount, InvoiceListQuery, Payment } from "../api/types"
import { billing } from "../lib/billing"
import { errorMessage } from "../lib/errors"
import { formatMoney } from "../lib/money"
import { PAGE_PATHS } from "../lib/tabs"

/** A month as `YYYY-MM` (the `?month=` of Home's address). */
type Month = { year: number; month: number }

const pad = (n: number) => String(n).padStart(2, "0")
const monthKey = ({ year, month }: Month) => `${year}-${pad(month + 1)}`
const dayKey = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
const shift = ({ year, month }: Month, by: number): Month => {
  const d = new Date(year, month + by, 1)
  return { year: d.getFullYear(), month: d.getMonth() }
}

function parseMonth(value: string | null, today: Date): Month {
  const match = value ? /^(\d{4})-(\d{2})$/.exec(value) : null
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) return { year: Number(match[1]), month: Number(match[2]) - 1 }
  return { year: today.getFullYear(), month: today.getMonth() }
}

type CalendarEvent = {
  id: string
  kind: "invoice" | "payment" | "autopay"
  day: string
  /** what the event is, in words (colour is never the only cue) */
  label: string
  href?: string
}

const KIND_STYLE: Record<CalendarEvent["kind"], string> = {
  invoice: "border-ui-tag-orange-border bg-ui-tag-orange-bg text-ui-tag-orange-text",
  payment: "border-ui-tag-green-border bg-ui-tag-green-bg text-ui-tag-green-text",
  autopay: "border-ui-tag-blue-border bg-ui-tag-blue-bg text-ui-tag-blue-text",
}

/**
 * How long before the month a payment shown in it may have been made: the
 * calendar dates a payment by when it completed, and a bank debit completes
 * days (micro-deposits: a week or two) after it was made.
 */
const SETTLEMENT_LOOKBACK_DAYS = 31

/**
 * The payments dated in [from, to): only those the server says were made
 * since the lookback before the month (`created_at[gte]`), a page at a time,
 * then kept by when they completed. No upper bound on `created_at`: an
 * offline payment recorded today may have been received in the month shown.
 */
async function paymentsBetween(from: Date, to: Date, signal: AbortSignal): Promise<Payment[]> {
  const found: Payment[] = []
  const limit = 100
  const made = { gte: new Date(from.getTime() - SETTLEMENT_LOOKBACK_DAYS * 24 * 60 * 60 * 1000).toISOString() }
  for (let offset = 0, pages = 0; pages < 10; offset += limit, pages++) {
    const page = await billing.listPayments({ offset, limit, created_at: made }, { signal })
    for (const payment of page.payments) {
      const at = new Date(payment.completed_at ?? payment.created_at)
      if (at >= from && at < to) found.push(payment)
    }
    if (offset + page.payments.length >= page.count || page.payments.length === 0) break
  }
  return found
}

const WEEKDAY = {
  short: new Intl.DateTimeFormat(undefined, { weekday: "short" }),
  long: new Intl.DateTimeFormat(undefined, { weekday: "long" }),
}
const LONG_DAY = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric" })

/**
 * Home's activity calendar (DESIGN sec. 13): the month with the invoices
 * due, the payments made and the next autopay charge on their days; a grid
 * on wider screens, a list of the days with activity on a phone.
 */
export function ActivityCalendar({ account }: { account: BillingAccount }) {
  const { settings } = account
  const [params] = useSearchParams()
  const today = new Date()
  const shown = parseMonth(params.get("month"), today)
  const from = new Date(shown.year, shown.month, 1)
  const to = new Date(shown.year, shown.month + 1, 1)
  const invoicesOn = settings.tabs.invoices
  const paymentsOn = settings.tabs.payments || settings.tabs.history

  const invoiceQuery: InvoiceListQuery = {
    // a due date is a calendar day stored as its midnight UTC: the month's days are its 1st to the next 1st, in UTC
    due_at: {
      gte: new Date(Date.UTC(shown.year, shown.month, 1)).toISOString(),
      lt: new Date(Date.UTC(shown.year, shown.month + 1, 1)).toISOString(),
    },
    status: ["open", "partially_paid", "paid"],
    order: "due_at",
    limit: 100,
  }
  const invoices = useQuery({
    queryKey: billingKeys.invoiceList(invoiceQuery),
    queryFn: ({ signal }) => billing.listInvoices(invoiceQuery, { signal }),
    enabled: invoicesOn,
  })
  const payments = useQuery({
    queryKey: billingKeys.paymentsInMonth(monthKey(shown)),
    queryFn: ({ signal }) => paymentsBetween(from, to, signal),
    enabled: paymentsOn,
  })
  const autopayActive = account.autopay.status === "active"
  const upcoming = useUpcomingInvoices(autopayActive && invoicesOn)

  // the month renders in its own interruptible pass when an answer arrives
  const invoiceList = useDeferredValue(invoices.data)
  const paymentList = useDeferredValue(payments.data)
  const events: CalendarEvent[] = []
  for (const invoice of invoiceList?.invoices ?? []) {
    if (!invoice.due_at) continue
    const paid = invoice.status === "paid"
    events.push({
      id: `invoice-${invoice.id}`,
      kind: "invoice",
      // a due date is a calendar day (midnight UTC of it): that day wherever the customer is
      day: invoice.due_at.slice(0, 10),
      label: paid
        ? `Invoice ${invoice.number} due (paid)`
        : `Invoice ${invoice.number} due: ${formatMoney(invoice.amount_due, invoice.currency_code)}`,
      href: PAGE_PATHS.invoice(invoice.id),
    })
  }
  for (const payment of paymentList ?? []) {
    if (payment.status !== "succeeded" && payment.status !== "processing") continue
    events.push({
      id: `payment-${payment.id}`,
      kind: "payment",
      day: dayKey(new Date(payment.completed_at ?? payment.created_at)),
      label: `Payment ${formatMoney(payment.amount, payment.currency_code)}${payment.status === "processing" ? " (pending)" : ""}`,
      href: settings.tabs.payments ? PAGE_PATHS.payment(payment.id) : undefined,
    })
  }
  const next = upcoming.data ? nextAutopayCharge(upcoming.data.invoices, settings.autopay.charge_on) : null
  if (next?.date) {
    const at = new Date(next.date)
    if (at >= from && at < to) {
      events.push({
        id: "autopay-next",
        kind: "autopay",
        day: dayKey(at),
        label: `Autopay charge: ${formatMoney(next.invoice.amount_due, next.invoice.currency_code)} for ${next.invoice.number}`,
        href: settings.autopay.allowed ? PAGE_PATHS.autopay : undefined,
      })
    }
  }
  // invalid links are dropped where their tab is off (the invoice link needs Invoices)
  for (const event of events) if (event.kind === "invoice" && !invoicesOn) event.href = undefined

  const byDay = new Map<string, CalendarEvent[]>()
  for (const event of events) byDay.set(event.day, [...(byDay.get(event.day) ?? []), event])

  const monthName = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric" }).format(from)
  const loading = (invoicesOn && !invoiceList && !invoices.isError) || (paymentsOn && !paymentList && !payments.isError)
  const failed = [invoices.isError && invoices.error, payments.isError && payments.error].filter(Boolean)
  const isCurrent = shown.year === today.getFullYear() && shown.month === today.getMonth()
  const todayKey = dayKey(today)

  // the grid: weeks from Sunday, blanks before the 1st and after the last day
  const blanks = from.getDay()
  const days = new Date(shown.year, shown.month + 1, 0).getDate()
  const cells: (number | null)[] = [...Array(blanks).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)]
  while (cells.length % 7) cells.push(null)
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7))
  const weekday = (i: number, style: "short" | "long") => WEEKDAY[style].format(new Date(2023, 0, 1 + i)) // 2023-01-01 was a Sunday
  const keyOf = (day: number) => dayKey(new Date(shown.year, shown.month, day))
  const activeDays = [...byDay.keys()].sort()

  const monthLink = (month: Month) => ({ search: `?month=${monthKey(month)}` })

  return (
    <section aria-labelledby="activity-heading" className="mb-8" data-testid="activity-calendar">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id="activity-heading" className="h2-core text-portal-on-background">
          Activity
        </h2>
        <div className="flex items-center gap-x-2">
          {!isCurrent && (
            <Link to={{ search: "" }} preventScrollReset className="portal-link txt-compact-small-plus mr-2">
              This month
            </Link>
          )}
          <Link to={monthLink(shift(shown, -1))} preventScrollReset className={NAV_BUTTON}>
            Previous<span className="sr-only"> month</span>
          </Link>
          <Link to={monthLink(shift(shown, 1))} preventScrollReset className={NAV_BUTTON}>
            Next<span className="sr-only"> month</span>
          </Link>
        </div>
      </div>
      <Container className="flex flex-col gap-y-3 px-3 py-4 sm:px-4">
        <p className="txt-compact-medium-plus text-ui-fg-base" aria-live="polite" data-testid="calendar-month">
          {monthName}
        </p>
        {loading && (
          <Text role="status" size="small" className="text-ui-fg-subtle">
            Loading this month's activity…
          </Text>
        )}
        {failed.map((error, i) => (
          <Text key={i} role="alert" size="small" className="text-ui-fg-error">
            Some activity could not be loaded: {errorMessage(error)}
          </Text>
        ))}
        <Legend />

        <table className="hidden w-full table-fixed border-collapse sm:table" data-testid="calendar-grid">
          <caption className="sr-only">
            {monthName}: invoices due, payments and autopay charges
          </caption>
          <thead>
            <tr>
              {Array.from({ length: 7 }, (_, i) => (
                <th key={i} scope="col" abbr={weekday(i, "long")} className="txt-compact-xsmall-plus text-ui-fg-subtle pb-1 text-left font-medium">
                  {weekday(i, "short")}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, w) => (
              <tr key={w}>
                {week.map((day, d) => {
                  if (day === null) return <td key={d} className="border-ui-border-base bg-ui-bg-subtle border" />
                  const key = keyOf(day)
                  const isToday = key === todayKey
                  return (
                    <td
                      key={d}
                      aria-current={isToday ? "date" : undefined}
                      data-day={key}
                      className={clx("border-ui-border-base h-24 border p-1 align-top", isToday && "bg-ui-bg-highlight")}
                    >
                      <span
                        className={clx(
                          "txt-compact-xsmall-plus inline-flex h-6 min-w-6 items-center justify-center rounded-full px-1",
                          isToday ? "bg-portal-primary text-portal-on-primary" : "text-ui-fg-subtle"
                        )}
                      >
                        {day}
                        {isToday && <span className="sr-only"> (today)</span>}
                      </span>
                      <EventList events={byDay.get(key) ?? []} compact />
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>

        <div className="sm:hidden" data-testid="calendar-list">
          {activeDays.length > 0 && (
            <ol className="flex flex-col gap-y-3">
              {activeDays.map((key) => {
                const [y, m, d] = key.split("-").map(Number)
                const date = new Date(y, m - 1, d)
                const isToday = key === todayKey
                return (
                  <li key={key} data-day={key} aria-current={isToday ? "date" : undefined}>
                    <h3 className="txt-compact-small-plus text-ui-fg-base mb-1">
                      {LONG_DAY.format(date)}
                      {isToday && <span className="text-ui-fg-subtle font-normal"> (today)</span>}
                    </h3>
                    <EventList events={byDay.get(key)!} />
                  </li>
                )
              })}
            </ol>
          )}
          {isCurrent && !byDay.has(todayKey) && activeDays.length > 0 && (
            <Text size="small" className="text-ui-fg-subtle mt-3">
              Nothing today.
            </Text>
          )}
        </div>
        {!loading && activeDays.length === 0 && (
          <Text className="text-ui-fg-subtle" data-testid="calendar-empty">
            No invoices due, payments or autopay charges in {monthName}.
          </Text>
        )}
      </Container>
    </section>
  )
}

const NAV_BUTTON = clx(
  "txt-compact-small-plus bg-ui-button-neutral text-ui-fg-base shadow-buttons-neutral inline-flex h-8 items-center gap-x-1 rounded-md px-3",
  "hover:bg-ui-button-neutral-hover outline-none focus-visible:shadow-buttons-neutral-focus"
)

function Legend() {
  const items: [CalendarEvent["kind"], string][] = [
    ["invoice", "Invoice due"],
    ["payment", "Payment"],
    ["autopay", "Autopay charge"],
  ]
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Legend">
      {items.map(([kind, label]) => (
        <li key={kind} className="txt-compact-xsmall text-ui-fg-subtle flex items-center gap-x-1.5">
          <span aria-hidden className={clx("inline-block h-3 w-3 rounded-sm border", KIND_STYLE[kind])} />
          {label}
        </li>
      ))}
    </ul>
  )
}

function EventList({ events, compact = false }: { events: CalendarEvent[]; compact?: boolean }) {
  if (events.length === 0) return null
  return (
    <ul className={clx("flex flex-col", compact ? "mt-1 gap-y-1" : "gap-y-1.5")}>
      {events.map((event) => {
        const className = clx(
          "block rounded border px-1.5 py-0.5 break-words",
          compact ? "txt-compact-xsmall" : "txt-compact-small",
          KIND_STYLE[event.kind]
        )
        return (
          <li key={event.id} data-kind={event.kind}>
            {event.href ? (
              <Link to={event.href} className={clx(className, "underline-offset-2 outline-none hover:underline focus-visible:shadow-borders-focus")}>
                {event.label}
              </Link>
            ) : (
              <span className={className}>{event.label}</span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
