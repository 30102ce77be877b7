import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AUTOPAY_MODULE } from "../../../../modules/autopay"
import type AutopayModuleService from "../../../../modules/autopay/service"
import { loadPortalSettings } from "../../../../utils/portal-settings"
import { serializeAutopay } from "../../../utils/autopay"
import { loadCustomerSummaries } from "../payments/customers"
import type { AdminGetAutopayType } from "./validators"

/** Autopay enrollments (with the recorded consent and each customer's name and email) and the latest runs. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetAutopayType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetAutopayType
  const autopay = req.scope.resolve<AutopayModuleService>(AUTOPAY_MODULE)
  const filters: Record<string, unknown> = {}
  if (query.customer_id) filters.customer_id = query.customer_id
  if (query.status) filters.status = query.status
  const [[enrollments, count], runs, settings] = await Promise.all([
    autopay.listAndCountAutopayEnrollments(filters, { order: { created_at: "DESC", id: "DESC" }, skip: query.offset, take: query.limit }),
    autopay.listAutopayRuns(query.customer_id ? { customer_id: query.customer_id } : {}, { order: { started_at: "DESC" }, take: 20 }),
    loadPortalSettings(req.scope),
  ])
  // every customer of the page in one query (name and email beside each enrollment and one-customer run)
  const customers = await loadCustomerSummaries(req.scope, [
    ...enrollments.map((e) => e.customer_id),
    ...runs.map((r) => r.customer_id),
  ])
  res.json({
    enrollments: enrollments.map((e) => ({
      ...serializeAutopay(e, settings, { admin: true }),
      customer: customers.get(e.customer_id) ?? null,
    })),
    runs: runs.map((r) => ({ ...serializeRun(r), customer: r.customer_id ? customers.get(r.customer_id) ?? null : null })),
    count,
    offset: query.offset,
    limit: query.limit,
  })
}

export function serializeRun(run: Record<string, any>) {
  return {
    id: run.id,
    trigger: run.trigger,
    customer_id: run.customer_id ?? null,
    started_at: run.started_at,
    finished_at: run.finished_at ?? null,
    enrollments: run.enrollments,
    charged: run.charged,
    skipped: run.skipped,
    failed: run.failed,
    errors: run.errors ?? null,
  }
}
