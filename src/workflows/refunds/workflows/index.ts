export * from "./refund-customer-payment"
export * from "./finish-payment-refund"
