/**
 * Query keys, one factory per resource, shaped like the dashboard's
 * `queryKeysFactory`: `keys.all` ⊃ `keys.lists()` ⊃ `keys.list(query)` and
 * `keys.details()` ⊃ `keys.detail(id)`, so a mutation can invalidate exactly
 * what it changed (`invalidateQueries({ queryKey: invoiceKeys.lists() })`).
 */
function queryKeysFactory<const R extends string>(resource: R) {
  const all = ["billing", resource] as const
  return {
    all,
    lists: () => [...all, "list"] as const,
    list: (query?: Record<string, unknown>) => [...all, "list", query ?? {}] as const,
    details: () => [...all, "detail"] as const,
    detail: (id: string, query?: Record<string, unknown>) => [...all, "detail", id, query ?? {}] as const,
  }
}

export const invoiceKeys = queryKeysFactory("invoices")
export const paymentKeys = queryKeysFactory("payments")
export const autopayKeys = queryKeysFactory("autopay")
/** `customerKeys.detail(id)`: a customer's billing account (balances). */
export const customerKeys = queryKeysFactory("customers")
export const portalUserKeys = queryKeysFactory("portal-users")
export const serviceRequestKeys = queryKeysFactory("service-requests")
export const settingsKeys = queryKeysFactory("settings")
export const reportKeys = queryKeysFactory("reports")
export const healthKeys = queryKeysFactory("health")
