export * from "./steps"
export * from "./workflows"
export * from "./charge-enrollment"
