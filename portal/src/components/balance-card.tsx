import { Container, clx } from "@medusajs/ui"
import type { AccountBalance } from "../api/types"
import { formatMoney, isZero } from "../lib/money"

let currencyNames: Intl.DisplayNames | undefined

function currencyName(code: string): string {
  try {
    currencyNames ??= new Intl.DisplayNames(undefined, { type: "currency" })
    return currencyNames.of(code.toUpperCase()) ?? code.toUpperCase()
  } catch {
    return code.toUpperCase()
  }
}

/**
 * One currency's balance (DESIGN sec. 13): the total, then what it is made
 * of (past due + not yet due − credit = total), then the latest invoice's
 * current charges and the payments on the way, which are part of it.
 */
export function BalanceCard({ balance }: { balance: AccountBalance }) {
  const code = balance.currency_code.toUpperCase()
  const headingId = `balance-${balance.currency_code}`
  const hasCredit = !isZero(balance.credit)
  const breakdown: Row[] = [
    { label: "Past due", amount: formatMoney(balance.past_due, code), tone: isZero(balance.past_due) ? undefined : "danger" },
    { label: "Not yet due", amount: formatMoney(balance.not_yet_due, code) },
    { label: "Credit", amount: hasCredit ? `−${formatMoney(balance.credit, code)}` : formatMoney(balance.credit, code) },
  ]
  const within: Row[] = [
    { label: "Current charges", amount: formatMoney(balance.current_charges, code), hint: "your latest invoice" },
    {
      label: "Pending payments",
      amount: formatMoney(balance.pending, code),
      hint: isZero(balance.pending) ? undefined : "counted until your bank settles them",
    },
  ]
  return (
    <Container className="flex flex-col gap-y-3" aria-labelledby={headingId} role="group" data-currency={balance.currency_code}>
      <div className="flex items-baseline justify-between gap-x-2">
        <h3 id={headingId} className="txt-compact-medium-plus text-ui-fg-base">
          {currencyName(code)} <span className="text-ui-fg-subtle">({code})</span>
        </h3>
      </div>
      <dl>
        <div className="flex flex-col gap-y-0.5">
          <dt className="txt-compact-small text-ui-fg-subtle">Total balance</dt>
          <dd className="text-ui-fg-base text-[1.75rem] font-medium leading-9 tabular-nums" data-testid="total-balance">
            {formatMoney(balance.total_balance, code)}
          </dd>
        </div>
      </dl>
      <Rows rows={breakdown} className="border-ui-border-base border-t pt-3" />
      <Rows rows={within} className="border-ui-border-base border-t border-dashed pt-3" />
    </Container>
  )
}

type Row = { label: string; amount: string; tone?: "danger"; hint?: string }

function Rows({ rows, className }: { rows: Row[]; className: string }) {
  return (
    <dl className={clx("grid grid-cols-1 gap-y-2", className)}>
      {rows.map((row) => (
        <div key={row.label} className="grid grid-cols-[1fr_auto] items-baseline gap-x-3">
          <dt className="txt-compact-small text-ui-fg-subtle">{row.label}</dt>
          <dd className={clx("txt-compact-small-plus tabular-nums", row.tone === "danger" ? "text-ui-fg-error" : "text-ui-fg-base")}>
            {row.amount}
          </dd>
          {row.hint && <dd className="txt-compact-xsmall text-ui-fg-subtle col-span-2">{row.hint}</dd>}
        </div>
      ))}
    </dl>
  )
}
