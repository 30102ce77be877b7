export * from "./preview-customer-payment"
