import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { StatementDocument } from "../../../documents/types"
import type { StatementPeriodKind } from "../../../domain/statement-period"
import { loadDocumentContextStep } from "../steps/load-document-context"
import { loadStatementAgingStep } from "../steps/load-statement-aging"
import { loadStatementLedgerStep } from "../steps/load-statement-ledger"
import { resolveStatementScopeStep } from "../steps/resolve-statement-scope"

export type LoadStatementDocumentWorkflowInput = {
  /** always the statement's customer: the store passes the caller, never a query value */
  customer_id: string
  /** default: the customer's only ledger currency (400 when several; the store's default when none) */
  currency_code?: string
  /** ISO 8601 date or date-time; a bare `to` date is the end of that day (UTC) */
  from?: string
  /** default: now */
  to?: string
  /** default: "range" with `from`, else "all_time" */
  period?: StatementPeriodKind
  /** ISO; the moment the statement is made (default `to`, aging date, footer); default now */
  now?: string
}

export const loadStatementDocumentWorkflowId = "load-statement-document"

/**
 * The plain data of a statement PDF: opening balance, every ledger entry of
 * the period with its running balance, closing balance, and the aging of
 * the open invoices in that currency.
 */
export const loadStatementDocumentWorkflow = createWorkflow(
  loadStatementDocumentWorkflowId,
  (input: LoadStatementDocumentWorkflowInput) => {
    const scope = resolveStatementScopeStep(input)
    const ledger = loadStatementLedgerStep(scope)
    const aging = loadStatementAgingStep(scope)
    const contextInput = transform({ scope }, ({ scope }) => ({
      customer_id: scope.customer_id,
      require_customer: true,
      generated_at: scope.now,
    }))
    const context = loadDocumentContextStep(contextInput)
    const document = transform({ scope, ledger, aging, context }, ({ scope, ledger, aging, context }): StatementDocument => ({
      business: context.business,
      customer: context.customer,
      currency_code: scope.currency_code,
      period: ledger.period,
      opening_balance: ledger.opening_balance,
      entries: ledger.entries,
      closing_balance: ledger.closing_balance,
      aging,
      generated_at: context.generated_at,
    }))
    return new WorkflowResponse(document)
  }
)
