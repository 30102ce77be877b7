import { StatusBadge } from "@medusajs/ui"

type BadgeInvoice = { status: string; is_overdue: boolean }

const COLORS: Record<string, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  draft: "grey",
  open: "blue",
  partially_paid: "orange",
  paid: "green",
  void: "grey",
}

const LABELS: Record<string, string> = {
  draft: "Draft",
  open: "Open",
  partially_paid: "Partially paid",
  paid: "Paid",
  void: "Void",
}

export const invoiceStatusLabel = (status: string) => LABELS[status] ?? status.replace(/_/g, " ")

/** An invoice's status as admins scan for it: overdue (in red) over open or partly paid, else the status. */
export const InvoiceStatusBadge = ({ invoice }: { invoice: BadgeInvoice }) => (
  <StatusBadge color={invoice.is_overdue ? "red" : COLORS[invoice.status] ?? "grey"} className="whitespace-nowrap">
    {invoice.is_overdue
      ? invoice.status === "partially_paid"
        ? "Overdue · partly paid"
        : "Overdue"
      : invoiceStatusLabel(invoice.status)}
  </StatusBadge>
)

/** A date as the admin's locale writes it ("—" when there is none). */
export const formatDueDate = (dueAt: string | null) =>
  dueAt ? new Date(dueAt).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "—"
