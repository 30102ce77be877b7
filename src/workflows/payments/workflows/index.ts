export * from "./preview-customer-payment"
export * from "./create-customer-payment"
