export * from "./pay-with-pay-link"
export * from "./complete-pay-link-payment"
export * from "./resend-pay-link"
export * from "./request-pay-link-resend"
