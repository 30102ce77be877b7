import { StatusBadge } from "@medusajs/ui"
import { paymentMethodLabel } from "../../domain/payment-method-label"
import type { AdminPayment, PaymentCustomer, PaymentSource, PaymentStatus } from "../lib/hooks/payments"

const STATUS_COLORS: Record<PaymentStatus, "green" | "orange" | "red" | "grey" | "blue"> = {
  succeeded: "green",
  processing: "orange",
  pending: "orange",
  failed: "red",
  reversed: "red",
  canceled: "grey",
}

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  succeeded: "Succeeded",
  processing: "Processing",
  pending: "Pending",
  failed: "Failed",
  reversed: "Reversed",
  canceled: "Canceled",
}

/** A payment's status, with "Partially refunded" / "Refunded" for a succeeded payment money went back on. */
export const PaymentStatusBadge = ({ payment }: { payment: Pick<AdminPayment, "status" | "refunded_amount" | "amount"> }) => {
  if (payment.status === "succeeded" && payment.refunded_amount > 0) {
    const full = payment.refunded_amount >= payment.amount
    return <StatusBadge color={full ? "grey" : "blue"}>{full ? "Refunded" : "Partially refunded"}</StatusBadge>
  }
  return <StatusBadge color={STATUS_COLORS[payment.status] ?? "grey"}>{PAYMENT_STATUS_LABELS[payment.status] ?? payment.status}</StatusBadge>
}

export const PAYMENT_SOURCE_LABELS: Record<PaymentSource, string> = {
  portal: "Portal",
  pay_link: "Pay link",
  autopay: "Autopay",
  admin: "Admin",
}

export const PAYMENT_METHOD_LABELS: Record<string, string> = {
  card: "Card",
  us_bank_account: "Bank account",
  manual: "Offline",
  credit: "Account credit",
}

/**
 * "Visa •••• 4242", "STRIPE TEST BANK •••• 6789", "Check #1042" (an offline
 * payment's reference is its transaction id; a list that shows that column
 * leaves it out of the label).
 */
export function methodLabel(
  payment: Pick<AdminPayment, "method" | "method_details" | "transaction_id">,
  options: { withReference?: boolean } = {}
): string {
  return paymentMethodLabel({
    method: payment.method,
    method_details: payment.method_details,
    reference: payment.method === "manual" && options.withReference !== false ? payment.transaction_id : null,
  })
}

/** "Pablo Picasso", the company, or the email; "Deleted customer" when it is gone. */
export function customerName(customer: PaymentCustomer | null | undefined): string {
  if (!customer) return "Deleted customer"
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(" ").trim()
  return name || customer.company_name || customer.email || customer.id
}

export const formatDateTime = (value: string | null | undefined) =>
  value ? new Date(value).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "—"

export const formatDate = (value: string | null | undefined) =>
  value ? new Date(value).toLocaleDateString(undefined, { dateStyle: "medium" }) : "—"

/** A link in our tables and rows: the base text colour, underlined (the interactive blue is below 4.5:1 on white). */
export const LINK =
  "text-ui-fg-base underline decoration-ui-fg-muted underline-offset-2 transition-colors hover:decoration-ui-fg-base focus-visible:shadow-borders-focus rounded-sm outline-none"

/** The link a list row opens its record by: plain base text, underlined on hover and focus (the whole row is clickable too). */
export const ROW_LINK = "text-ui-fg-base hover:underline focus-visible:underline focus-visible:shadow-borders-focus rounded-sm outline-none"
