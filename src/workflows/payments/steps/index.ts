export * from "./allocate-payment"
export * from "./reserve-customer-payment"
export * from "./charge-customer-payment"
export * from "./record-payment-outcome"
