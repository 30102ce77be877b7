export * from "./create-service-request"
export * from "./reply-to-service-request"
export * from "./close-service-request"
