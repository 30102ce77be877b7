export * from "./run-autopay"
export * from "./update-autopay-enrollment"
export * from "./cancel-autopay-enrollment"
