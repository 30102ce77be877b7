export * from "./invoices"
