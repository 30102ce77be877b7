import { pastDueCutoff } from "../../../domain/invoice-status"
import { query, type SqlManager } from "./sql"

/** Per-currency balance figures of one customer; money as exact major-unit decimal text. */
export type AccountBalanceRow = {
  currency_code: string
  /** the last ledger entry's `balance_after` (null: no entry) */
  balance: string | null
  /** what open invoices not yet due (or without a due date) still owe */
  not_yet_due: string
  /** payable amount of the most recently issued open invoice (null: none) */
  current_charges: string | null
  credit: string
  pending: string
}

/**
 * The figures behind a customer's per-currency balances, from stored columns
 * only: the currencies come from a loose index scan of the ledger, each
 * figure from one index probe or a short range. (Every filter repeats
 * `deleted_at IS NULL`: Medusa's indexes are partial on it.)
 */
export async function selectAccountBalances(
  manager: SqlManager,
  customerId: string,
  now: Date,
  timeZone: string
): Promise<AccountBalanceRow[]> {
  return await query<AccountBalanceRow>(
    manager,
    `WITH RECURSIVE currencies AS (
         (SELECT currency_code FROM ledger_entry WHERE customer_id = ? AND deleted_at IS NULL
           ORDER BY currency_code LIMIT 1)
         UNION ALL
         SELECT (SELECT l.currency_code FROM ledger_entry l
                  WHERE l.customer_id = ? AND l.currency_code > c.currency_code AND l.deleted_at IS NULL
                  ORDER BY l.currency_code LIMIT 1)
           FROM currencies c WHERE c.currency_code IS NOT NULL
       )
       SELECT c.currency_code,
              (SELECT l.balance_after::text FROM ledger_entry l
                WHERE l.customer_id = ? AND l.currency_code = c.currency_code AND l.deleted_at IS NULL
                ORDER BY l.sequence DESC LIMIT 1) AS balance,
              ((SELECT COALESCE(SUM(i.amount_due), 0) FROM invoice i
                 WHERE i.customer_id = ? AND i.currency_code = c.currency_code
                   AND i.status IN ('open', 'partially_paid') AND i.deleted_at IS NULL AND i.due_at >= ?)
               + (SELECT COALESCE(SUM(i.amount_due), 0) FROM invoice i
                 WHERE i.customer_id = ? AND i.currency_code = c.currency_code
                   AND i.status IN ('open', 'partially_paid') AND i.deleted_at IS NULL AND i.due_at IS NULL)
              )::text AS not_yet_due,
              (SELECT (i.amount_due - i.amount_pending)::text FROM invoice i
                WHERE i.customer_id = ? AND i.currency_code = c.currency_code
                  AND i.status IN ('open', 'partially_paid') AND i.deleted_at IS NULL
                ORDER BY i.issued_at DESC NULLS LAST, i.display_id DESC LIMIT 1) AS current_charges,
              (SELECT COALESCE(SUM(p.unapplied_amount), 0)::text FROM customer_payment p
                WHERE p.customer_id = ? AND p.currency_code = c.currency_code
                  AND p.status = 'succeeded' AND p.unapplied_amount > 0 AND p.deleted_at IS NULL) AS credit,
              (SELECT COALESCE(SUM(a.amount), 0)::text FROM customer_payment p
                 JOIN payment_allocation a ON a.customer_payment_id = p.id
                WHERE p.customer_id = ? AND p.currency_code = c.currency_code
                  AND p.status IN ('pending', 'processing') AND p.deleted_at IS NULL
                  AND a.status = 'reserved' AND a.deleted_at IS NULL) AS pending
         FROM currencies c
        WHERE c.currency_code IS NOT NULL
        ORDER BY c.currency_code`,
    // one binding per `?`, in order: the customer everywhere, the start of the business's today for "not yet due":
    // an invoice due today is not past due yet (pastDueCutoff, as is_overdue)
    [customerId, customerId, customerId, customerId, pastDueCutoff(now, timeZone), customerId, customerId, customerId, customerId]
  )
}
