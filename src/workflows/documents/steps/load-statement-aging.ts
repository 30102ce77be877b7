import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { StatementDocument } from "../../../documents/types"
import { emptyAgingSummary } from "../../../domain/aging"
import { toMajor } from "../../../domain/money"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import type { StatementScope } from "./resolve-statement-scope"
import { businessTimeZone } from "../../../utils/options"

export const loadStatementAgingStepId = "load-statement-aging"

/**
 * The customer's open invoices in the statement's currency by days past due,
 * as of the moment the statement is made (the invoices' amounts are today's;
 * an aging "as of" a past `to` would mix dates), through the same grouped
 * query as the admin's aging report.
 */
export const loadStatementAgingStep = createStep(
  loadStatementAgingStepId,
  async (scope: StatementScope, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const [summary] = await invoicing.getAgingSummaries({
      as_of: new Date(scope.now),
      time_zone: businessTimeZone(container),
      customer_id: scope.customer_id,
      currency_code: scope.currency_code,
    })
    const c = scope.currency_code
    const aging = summary ?? emptyAgingSummary(c)
    return new StepResponse<StatementDocument["aging"]>({
      as_of: scope.now,
      buckets: aging.buckets.map((b) => ({ key: b.key, label: b.label, amount: toMajor(b.amount, c) })),
      total: toMajor(aging.total, c),
    })
  }
)
