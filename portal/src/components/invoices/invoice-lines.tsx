import type { InvoiceLine } from "../../api/types"
import { formatMoney } from "../../lib/money"

/**
 * What an invoice is for: its lines in the invoice's order, as its PDF
 * lists them. On a phone the unit price moves under the description.
 */
export function InvoiceLinesTable({ lines, currencyCode, testId }: { lines: InvoiceLine[]; currencyCode: string; testId?: string }) {
  const money = (amount: number) => formatMoney(amount, currencyCode)
  return (
    <table className="w-full text-left" data-testid={testId}>
      <thead className="border-ui-border-base txt-compact-small-plus text-ui-fg-subtle border-b">
        <tr>
          <th scope="col" className="px-4 py-3">Description</th>
          <th scope="col" className="px-4 py-3 text-right">Qty</th>
          <th scope="col" className="hidden px-4 py-3 text-right sm:table-cell">Unit price</th>
          <th scope="col" className="px-4 py-3 text-right">Amount</th>
        </tr>
      </thead>
      <tbody className="txt-compact-small">
        {lines.map((line) => (
          <tr key={line.id} className="border-ui-border-base border-b">
            <td className="px-4 py-3">
              <span className="txt-compact-small-plus">{line.title}</span>
              {line.description && <span className="text-ui-fg-subtle block">{line.description}</span>}
              <span className="text-ui-fg-subtle block sm:hidden">
                {line.quantity} × {money(line.unit_price)}
              </span>
            </td>
            <td className="px-4 py-3 text-right tabular-nums">{line.quantity}</td>
            <td className="hidden px-4 py-3 text-right tabular-nums sm:table-cell">{money(line.unit_price)}</td>
            <td className="px-4 py-3 text-right tabular-nums">{money(line.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
