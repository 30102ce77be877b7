export * from "./refund-customer-payment"
