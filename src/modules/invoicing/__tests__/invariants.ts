// The queries live beside the module (the health route runs them too). Module
// tests have no Payment Module tables, so they check invariants 1–5.
export { INVOICING_INVARIANT_QUERIES as INVARIANT_QUERIES } from "../invariants"
