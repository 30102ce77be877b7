export * from "./validate-service-request-input"
export * from "./create-service-request"
export * from "./update-service-request-state"
