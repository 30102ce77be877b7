import { Checkbox, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { Invoice } from "../../api/types"
import { formatDay, formatMoney } from "../../lib/money"
import { PAGE_PATHS } from "../../lib/tabs"
import { InvoiceStatusBadge, isPayable } from "./invoice-status"

type ListProps = {
  invoices: Invoice[]
  /** checkboxes on payable invoices (only when the customer can pay here) */
  selectable: boolean
  selected: ReadonlySet<string>
  onToggle: (invoice: Invoice, checked: boolean) => void
}

/**
 * The invoices as a table from 768 px up, and as stacked rows below (a
 * phone): the same rows, each rendered once for each width; the other is
 * display:none, so neither screen readers nor the keyboard meet it twice.
 */
export function InvoiceList(props: ListProps) {
  return (
    <>
      <InvoiceTable {...props} />
      <InvoiceRows {...props} />
    </>
  )
}

function SelectBox({ invoice, selected, onToggle }: { invoice: Invoice } & Pick<ListProps, "selected" | "onToggle">) {
  return (
    <Checkbox
      aria-label={`Select invoice ${invoice.number}`}
      checked={selected.has(invoice.id)}
      onCheckedChange={(checked) => onToggle(invoice, checked === true)}
    />
  )
}

function InvoiceTable({ invoices, selectable, selected, onToggle }: ListProps) {
  return (
    <div className="bg-ui-bg-base shadow-elevation-card-rest hidden overflow-hidden rounded-lg md:block">
      <table className="w-full text-left" data-testid="invoice-table">
        <thead className="border-ui-border-base txt-compact-small-plus text-ui-fg-subtle border-b">
          <tr>
            {selectable && (
              <th scope="col" className="w-10 px-4 py-3">
                <span className="sr-only">Select</span>
              </th>
            )}
            <th scope="col" className="px-4 py-3">Invoice</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3">Issued</th>
            <th scope="col" className="px-4 py-3">Due</th>
            <th scope="col" className="px-4 py-3 text-right">Total</th>
            <th scope="col" className="px-4 py-3 text-right">Amount due</th>
          </tr>
        </thead>
        <tbody className="txt-compact-small">
          {invoices.map((invoice) => (
            <tr
              key={invoice.id}
              data-invoice={invoice.number}
              className={selected.has(invoice.id) ? "bg-ui-bg-highlight border-ui-border-base border-b last:border-0" : "border-ui-border-base border-b last:border-0"}
            >
              {selectable && (
                <td className="px-4 py-3">{isPayable(invoice) && <SelectBox invoice={invoice} selected={selected} onToggle={onToggle} />}</td>
              )}
              <td className="px-4 py-3">
                <Link to={PAGE_PATHS.invoice(invoice.id)} className="portal-link txt-compact-small-plus whitespace-nowrap">
                  {invoice.number}
                </Link>
              </td>
              <td className="px-4 py-3">
                <InvoiceStatusBadge invoice={invoice} />
              </td>
              <td className="text-ui-fg-subtle whitespace-nowrap px-4 py-3">{formatDay(invoice.issued_at)}</td>
              <td className="text-ui-fg-subtle whitespace-nowrap px-4 py-3">{formatDay(invoice.due_at) || "—"}</td>
              <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">{formatMoney(invoice.total, invoice.currency_code)}</td>
              <td className="txt-compact-small-plus whitespace-nowrap px-4 py-3 text-right tabular-nums" data-testid="amount-due">
                {formatMoney(invoice.amount_due, invoice.currency_code)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function InvoiceRows({ invoices, selectable, selected, onToggle }: ListProps) {
  return (
    <ul className="flex flex-col gap-y-2 md:hidden" aria-label="Invoices">
      {invoices.map((invoice) => (
        <li
          key={invoice.id}
          data-invoice={invoice.number}
          className={
            "shadow-elevation-card-rest flex items-start gap-x-3 rounded-lg p-4 " +
            (selected.has(invoice.id) ? "bg-ui-bg-highlight" : "bg-ui-bg-base")
          }
        >
          {selectable && (
            <div className="flex h-6 w-5 items-center">
              {isPayable(invoice) && <SelectBox invoice={invoice} selected={selected} onToggle={onToggle} />}
            </div>
          )}
          <div className="flex min-w-0 flex-1 flex-col gap-y-1">
            <div className="flex items-center justify-between gap-x-2">
              <Link to={PAGE_PATHS.invoice(invoice.id)} className="portal-link txt-compact-medium-plus">
                {invoice.number}
              </Link>
              <Text size="base" weight="plus" className="tabular-nums">
                {formatMoney(invoice.amount_due, invoice.currency_code)}
              </Text>
            </div>
            <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
              <InvoiceStatusBadge invoice={invoice} />
              <Text size="small" className="text-ui-fg-subtle">
                {invoice.due_at ? `Due ${formatDay(invoice.due_at)}` : `Issued ${formatDay(invoice.issued_at)}`}
              </Text>
            </div>
            <Text size="small" className="text-ui-fg-subtle">
              Total {formatMoney(invoice.total, invoice.currency_code)}
            </Text>
          </div>
        </li>
      ))}
    </ul>
  )
}
