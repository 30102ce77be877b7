export * from "./payment-methods"
export * from "./steps"
export * from "./workflows"
export * from "./save-after-payment"
