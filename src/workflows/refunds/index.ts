export * from "./provider-refund"
export * from "./steps"
export * from "./workflows"
