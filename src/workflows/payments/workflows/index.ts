export * from "./preview-customer-payment"
export * from "./create-customer-payment"
export * from "./reconcile-customer-payments"
export * from "./complete-customer-payment"
