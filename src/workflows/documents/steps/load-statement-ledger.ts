import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { StatementDocument } from "../../../documents/types"
import { checkStatement, StatementError } from "../../../domain/statement"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { statementLines } from "../document-data"
import type { StatementScope } from "./resolve-statement-scope"

export type StatementLedgerPart = Pick<StatementDocument, "period" | "opening_balance" | "entries" | "closing_balance">

export const loadStatementLedgerStepId = "load-statement-ledger"

/**
 * Every ledger entry of the period — all types, whatever the History tab
 * shows, because a statement must add up — with readable descriptions: one
 * query for the entries (plus the opening balance or the zero point), one
 * for the payments and one for the invoices they reference. Checks that
 * opening + entries = closing before anything is drawn.
 */
export const loadStatementLedgerStep = createStep(
  loadStatementLedgerStepId,
  async (scope: StatementScope, { container }) => {
    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const currency = scope.currency_code
    const ledger = await invoicing.getStatementLedger(scope.customer_id, currency, {
      kind: scope.kind,
      from: scope.from ? new Date(scope.from) : null,
      to: new Date(scope.to),
    })
    const ids = (type: string) => [
      ...new Set(ledger.entries.filter((e) => e.reference_type === type).map((e) => e.reference_id)),
    ]
    const paymentIds = ids("customer_payment")
    const invoiceIds = ids("invoice")
    const [payments, invoices] = await Promise.all([
      paymentIds.length
        ? invoicing.listCustomerPayments(
            { id: paymentIds, customer_id: scope.customer_id },
            { select: ["id", "method", "method_details", "transaction_id", "failure_reason"] }
          )
        : Promise.resolve([]),
      invoiceIds.length
        ? invoicing.listInvoices({ id: invoiceIds, customer_id: scope.customer_id }, { select: ["id", "display_id"] })
        : Promise.resolve([]),
    ])
    const lines = statementLines(currency, ledger.opening_balance, ledger.entries, {
      payments: new Map(payments.map((p) => [p.id, p])),
      invoiceDisplayIds: new Map(invoices.map((i) => [i.id, Number(i.display_id)])),
    })
    const part: StatementLedgerPart = {
      period: { from: ledger.from ? ledger.from.toISOString() : null, to: scope.to, kind: scope.kind },
      ...lines,
    }
    assertStatementAddsUp(part, currency)
    return new StepResponse(part)
  }
)

/** A statement that does not add up is never handed out: that is a bug of ours, not bad input. */
function assertStatementAddsUp(part: StatementLedgerPart, currency: string) {
  try {
    checkStatement({ currency_code: currency, ...part })
  } catch (e) {
    if (e instanceof StatementError) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, e.message)
    throw e
  }
}
