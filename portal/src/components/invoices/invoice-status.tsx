import { Badge } from "@medusajs/ui"
import type { Invoice } from "../../api/types"
import { isZero } from "../../lib/money"
import { payableMinor } from "./selection"

type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

/** What a customer calls an invoice's state, most urgent first. */
type StatusFields = Pick<Invoice, "status" | "is_overdue" | "amount_pending" | "amount_due" | "currency_code">

export function invoiceStatusLabel(invoice: StatusFields): {
  label: string
  color: BadgeColor
} {
  if (invoice.status === "void") return { label: "Void", color: "grey" }
  if (invoice.status === "paid") return { label: "Paid", color: "green" }
  if (!isZero(invoice.amount_pending) && payableMinor(invoice) === 0n) return { label: "Payment pending", color: "purple" }
  if (invoice.is_overdue) return { label: "Overdue", color: "red" }
  if (invoice.status === "partially_paid") return { label: "Partly paid", color: "orange" }
  return { label: "Open", color: "blue" }
}

/** The invoice's status in words, as a badge (colour is never the only signal). */
export function InvoiceStatusBadge({ invoice }: { invoice: StatusFields }) {
  const { label, color } = invoiceStatusLabel(invoice)
  return (
    <Badge size="2xsmall" color={color} className="whitespace-nowrap">
      {label}
    </Badge>
  )
}

/** Unpaid, with something left to pay that no payment on its way already covers. */
export function isPayable(invoice: Pick<Invoice, "status" | "amount_due" | "amount_pending" | "currency_code">): boolean {
  return (invoice.status === "open" || invoice.status === "partially_paid") && payableMinor(invoice) > 0n
}
