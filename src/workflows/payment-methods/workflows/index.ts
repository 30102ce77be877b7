export * from "./delete-customer-payment-method"
export * from "./save-customer-payment-method"
