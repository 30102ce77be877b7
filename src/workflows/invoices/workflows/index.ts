export * from "./create-draft-invoice"
export * from "./update-draft-invoice"
export * from "./issue-invoice"
export * from "./void-invoice"
