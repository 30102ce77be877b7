import type { ICustomerModuleService } from "@medusajs/framework/types"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { agingDueRange } from "../../../../domain/aging-filter"
import { pastDueCutoff } from "../../../../domain/invoice-status"
import type { AgingBucketKey } from "../../../../domain/statement"

export type InvoiceCustomer = {
  id: string
  first_name: string | null
  last_name: string | null
  company_name: string | null
  email: string | null
}

/**
 * The customers of a page of invoices, in ONE query whatever the page size
 * (no per-row lookup): id → name and email. A deleted customer is absent.
 */
export async function loadInvoiceCustomers(
  scope: MedusaContainer,
  customerIds: readonly string[]
): Promise<Map<string, InvoiceCustomer>> {
  const ids = [...new Set(customerIds)]
  if (!ids.length) return new Map()
  const customers = await scope.resolve<ICustomerModuleService>(Modules.CUSTOMER).listCustomers(
    { id: ids },
    { select: ["id", "first_name", "last_name", "company_name", "email"], take: ids.length }
  )
  return new Map(
    customers.map((c) => [
      c.id,
      {
        id: c.id,
        first_name: c.first_name ?? null,
        last_name: c.last_name ?? null,
        company_name: c.company_name ?? null,
        email: c.email ?? null,
      },
    ])
  )
}

const UNPAID = ["open", "partially_paid"]

/**
 * The admin list's `overdue` and `aging` filters as module filters: both
 * mean unpaid (open or partly paid, something still due) with a due date in
 * a range — `is_overdue`'s rule and the aging report's buckets
 * (`agingDueRange`, held to `agingBucketFor` by its unit test).
 */
export function unpaidDueFilters(
  query: { overdue?: "true" | "false"; aging?: AgingBucketKey },
  now: Date,
  timeZone: string
) {
  const and: Record<string, unknown>[] = []
  // due today is not overdue yet (is_overdue's rule); agingDueRange applies the same cutoff itself
  const cutoff = pastDueCutoff(now, timeZone)
  if (query.overdue === "true") {
    and.push({ status: UNPAID, amount_due: { $gt: 0 }, due_at: { $lt: cutoff } })
  } else if (query.overdue === "false") {
    and.push({ $or: [{ status: { $nin: UNPAID } }, { amount_due: 0 }, { due_at: null }, { due_at: { $gte: cutoff } }] })
  }
  if (query.aging) {
    const range = agingDueRange(query.aging, now, timeZone)
    const due: Record<string, Date> = {}
    if (range.gte) due.$gte = range.gte
    if (range.lt) due.$lt = range.lt
    and.push({ status: UNPAID, amount_due: { $gt: 0 } })
    and.push(range.includeNoDueDate ? { $or: [{ due_at: null }, { due_at: due }] } : { due_at: due })
  }
  return and
}
