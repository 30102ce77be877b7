import { Badge } from "@medusajs/ui"
import type { InvoiceRow } from "./api"

/** An invoice's status as admins scan for it: overdue first, then paid, else the status. */
export const InvoiceStatusBadge = ({ invoice }: { invoice: Pick<InvoiceRow, "status" | "is_overdue"> }) => (
  <Badge size="2xsmall" color={invoice.is_overdue ? "red" : invoice.status === "paid" ? "green" : "grey"}>
    {invoice.is_overdue ? "overdue" : invoice.status.replace("_", " ")}
  </Badge>
)

export const formatDueDate = (dueAt: string | null) => (dueAt ? new Date(dueAt).toLocaleDateString() : "—")
