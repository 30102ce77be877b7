import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  parseStatementBound,
  resolveStatementPeriod,
  StatementPeriodError,
  type StatementPeriodKind,
} from "../../../domain/statement-period"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"

export type ResolveStatementScopeStepInput = {
  customer_id: string
  currency_code?: string | null
  /** ISO 8601 date or date-time; a bare `to` date means the end of that day (UTC) */
  from?: string | null
  to?: string | null
  period?: StatementPeriodKind | null
  /** the time the statement is made at (ISO; default now): the default `to`, the aging date */
  now?: string | null
}

export type StatementScope = {
  customer_id: string
  currency_code: string
  kind: StatementPeriodKind
  /** ISO; null until the ledger says where the period starts (all time, since zero) */
  from: string | null
  to: string
  now: string
}

export const resolveStatementScopeStepId = "resolve-statement-scope"

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

function bound(value: string | null | undefined, field: "from" | "to"): Date | null {
  if (value == null || value === "") return null
  const date = parseStatementBound(String(value), field)
  if (!date) throw invalid(`${field} must be an ISO 8601 date (YYYY-MM-DD or date-time)`)
  return date
}

/**
 * Validation before anything is read: the customer exists (404), the
 * period is a real one (400 naming `from`, `to` or `period`), and the
 * currency is known. Without `currency_code`, a customer with one ledger
 * currency gets that one; with several, the request must say which (400
 * naming `currency_code`); with none yet, an empty statement in the store's
 * default currency. A given currency must be one of the store's or of the
 * customer's ledger.
 */
export const resolveStatementScopeStep = createStep(
  resolveStatementScopeStepId,
  async (input: ResolveStatementScopeStepInput, { container }) => {
    const now = input.now ? new Date(input.now) : new Date()
    if (Number.isNaN(now.getTime())) throw invalid("now must be an ISO 8601 date-time")
    let period
    try {
      period = resolveStatementPeriod(
        { period: input.period ?? undefined, from: bound(input.from, "from"), to: bound(input.to, "to") },
        now
      )
    } catch (e) {
      if (e instanceof StatementPeriodError) throw invalid(e.message)
      throw e
    }

    const [customer] = await container
      .resolve(Modules.CUSTOMER)
      .listCustomers({ id: input.customer_id }, { select: ["id"], take: 1 })
    if (!customer) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${input.customer_id} was not found`)
    }

    const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
    const ledgerCurrencies = await invoicing.listLedgerCurrencies(input.customer_id)
    const storeCurrencies = async () => {
      const [store] = await container
        .resolve(Modules.STORE)
        .listStores({}, { relations: ["supported_currencies"], take: 1 })
      return (store?.supported_currencies ?? []) as { currency_code: string; is_default?: boolean }[]
    }

    let currency: string
    if (input.currency_code) {
      currency = input.currency_code.toLowerCase()
      if (!ledgerCurrencies.includes(currency)) {
        const accepted = (await storeCurrencies()).map((c) => c.currency_code.toLowerCase())
        if (!accepted.includes(currency)) {
          throw invalid(`currency_code: ${currency.toUpperCase()} is not a currency of this store`)
        }
      }
    } else if (ledgerCurrencies.length === 1) {
      currency = ledgerCurrencies[0]
    } else if (ledgerCurrencies.length > 1) {
      throw invalid(
        `currency_code is required: this account has balances in ${ledgerCurrencies.map((c) => c.toUpperCase()).join(", ")}`
      )
    } else {
      const currencies = await storeCurrencies()
      const fallback = currencies.find((c) => c.is_default) ?? currencies[0]
      if (!fallback) throw invalid("currency_code is required: the store has no currency")
      currency = fallback.currency_code.toLowerCase()
    }

    return new StepResponse<StatementScope>({
      customer_id: input.customer_id,
      currency_code: currency,
      kind: period.kind,
      from: period.from ? period.from.toISOString() : null,
      to: period.to.toISOString(),
      now: now.toISOString(),
    })
  }
)
