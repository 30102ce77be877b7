/**
 * The fields an invoice list may be ordered by (`order=due_at`, `-issued_at`…):
 * the API's validator and the module's page query read this one list.
 */
export const INVOICE_ORDER_FIELDS = ["display_id", "issued_at", "due_at", "total", "amount_due", "created_at"] as const

export type InvoiceOrderField = (typeof INVOICE_ORDER_FIELDS)[number]

export function isInvoiceOrderField(field: string): field is InvoiceOrderField {
  return (INVOICE_ORDER_FIELDS as readonly string[]).includes(field)
}
