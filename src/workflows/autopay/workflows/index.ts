export * from "./run-autopay"
export * from "./charge-autopay-enrollment"
export * from "./update-autopay-enrollment"
export * from "./cancel-autopay-enrollment"
