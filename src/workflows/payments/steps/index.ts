export * from "./allocate-payment"
