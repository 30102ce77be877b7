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

/** One currency's balance (DESIGN sec. 13): the total, then what it is made of. */
export function BalanceCard({ balance }: { balance: AccountBalance }) {
  const code = balance.currency_code.toUpperCase()
  const headingId = `balance-${balance.currency_code}`
  const rows: { label: string; amount: number; tone?: "danger" }[] = [
    { label: "Current charges", amount: balance.current_charges },
    { label: "Past due", amount: balance.past_due, tone: isZero(balance.past_due) ? undefined : "danger" },
    { label: "Pending payments", amount: balance.pending },
    { label: "Credit", amount: balance.credit },
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
      <dl className="border-ui-border-base grid grid-cols-1 gap-y-2 border-t pt-3 sm:grid-cols-2 sm:gap-x-6">
        {rows.map((row) => (
          <div key={row.label} className="flex items-baseline justify-between gap-x-3">
            <dt className="txt-compact-small text-ui-fg-subtle">{row.label}</dt>
            <dd
              className={clx(
                "txt-compact-small-plus tabular-nums",
                row.tone === "danger" ? "text-ui-fg-error" : "text-ui-fg-base"
              )}
            >
              {formatMoney(row.amount, code)}
            </dd>
          </div>
        ))}
      </dl>
    </Container>
  )
}
