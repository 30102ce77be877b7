export * from "./validate-refund-request"
export * from "./begin-payment-refund"
export * from "./refund-provider-payment"
export * from "./record-payment-refund"
