export * from "./load-invoice-document"
export * from "./load-receipt-document"
export * from "./load-statement-document"
