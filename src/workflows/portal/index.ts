export * from "./portal-status"
export * from "./steps"
export * from "./workflows"
