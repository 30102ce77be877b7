export * from "./steps"
export * from "./workflows"
export * from "./service-request-rules"
