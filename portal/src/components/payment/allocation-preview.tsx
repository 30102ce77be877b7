import { Text, clx } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { PaymentPreview } from "../../api/types"
import { formatMoney, isZero } from "../../lib/money"
import { PAGE_PATHS } from "../../lib/tabs"

/**
 * What a payment would do (POST …/payments/preview): which invoice gets
 * what, what comes from credit, and what becomes credit. `updating` dims
 * the figures while a newer answer is on its way.
 */
export function AllocationPreview({
  preview,
  updating,
  linkInvoices,
}: {
  preview: PaymentPreview
  updating: boolean
  linkInvoices: boolean
}) {
  const currency = preview.currency_code
  return (
    <div className={clx("flex flex-col gap-y-2 transition-opacity", updating && "opacity-60")} data-testid="allocation-preview">
      {preview.allocations.length === 0 && isZero(preview.unapplied_amount) ? (
        <Text className="text-ui-fg-subtle">This payment would not pay any invoice.</Text>
      ) : (
        <ul className="flex flex-col gap-y-1.5">
          {preview.allocations.map((allocation) => (
            <li key={allocation.invoice_id} className="flex items-baseline justify-between gap-x-3" data-testid="preview-row">
              <span className="txt-compact-small">
                Invoice{" "}
                {linkInvoices ? (
                  <Link to={PAGE_PATHS.invoice(allocation.invoice_id)} className="portal-link">
                    {allocation.number}
                  </Link>
                ) : (
                  allocation.number
                )}
              </span>
              <span className="txt-compact-small-plus tabular-nums">{formatMoney(allocation.amount, currency)}</span>
            </li>
          ))}
          {preview.allocation_count > preview.allocations.length && (
            <li className="text-ui-fg-subtle txt-compact-small" data-testid="preview-more">
              and {preview.allocation_count - preview.allocations.length} more invoice
              {preview.allocation_count - preview.allocations.length === 1 ? "" : "s"}, oldest first
            </li>
          )}
          {preview.credit_allocations.length > 0 && (
            <li className="text-ui-fg-subtle flex items-baseline justify-between gap-x-3">
              <span className="txt-compact-small">Paid from your credit first</span>
              <span className="txt-compact-small tabular-nums">
                {preview.credit_allocations.map((a) => `${a.number} ${formatMoney(a.amount, currency)}`).join(", ")}
              </span>
            </li>
          )}
          {!isZero(preview.unapplied_amount) && (
            <li className="flex items-baseline justify-between gap-x-3" data-testid="preview-credit">
              <span className="txt-compact-small">Becomes credit on your account</span>
              <span className="txt-compact-small-plus tabular-nums">{formatMoney(preview.unapplied_amount, currency)}</span>
            </li>
          )}
        </ul>
      )}
      <div className="border-ui-border-base flex items-baseline justify-between gap-x-3 border-t pt-2">
        <Text weight="plus">You pay</Text>
        <Text weight="plus" className="tabular-nums" data-testid="preview-total">
          {formatMoney(preview.amount, currency)}
        </Text>
      </div>
    </div>
  )
}
