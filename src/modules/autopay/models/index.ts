export { default as AutopayEnrollment } from "./autopay-enrollment"
export { default as AutopayRun } from "./autopay-run"
export { default as AutopayAttempt } from "./autopay-attempt"
