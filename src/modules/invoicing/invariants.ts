/**
 * The invariant queries of DESIGN sec. 4, one SQL query each, returning the
 * rows that break the invariant (none when it holds). Tests assert them after
 * every payment test; `GET /admin/billing/health` runs them on a live store.
 *
 * Invariants 1–5 read the invoicing module's tables only. Invariant 6 also
 * reads Medusa's Payment Module tables (`payment`, `capture`, `refund`), which
 * share the application's database; a module test without the Payment Module
 * runs `INVOICING_INVARIANT_QUERIES`.
 */
export const INVOICING_INVARIANT_QUERIES = {
  /** 1. per invoice: paid = applied allocations, pending = reserved ones, paid + pending <= total */
  invoice_amounts: `
    SELECT i.id FROM invoice i
      LEFT JOIN payment_allocation a ON a.invoice_id = i.id AND a.deleted_at IS NULL
     WHERE i.deleted_at IS NULL
     GROUP BY i.id, i.amount_paid, i.amount_pending, i.total
    HAVING i.amount_paid <> COALESCE(SUM(a.amount) FILTER (WHERE a.status = 'applied'), 0)
        OR i.amount_pending <> COALESCE(SUM(a.amount) FILTER (WHERE a.status = 'reserved'), 0)
        OR i.amount_paid + i.amount_pending > i.total`,
  /** 2. per payment: reserved + applied allocations + unapplied = amount (less refunds), until reversed */
  payment_amounts: `
    SELECT p.id FROM customer_payment p
      LEFT JOIN payment_allocation a ON a.customer_payment_id = p.id AND a.deleted_at IS NULL
     WHERE p.deleted_at IS NULL AND p.status IN ('pending', 'processing', 'succeeded')
     GROUP BY p.id, p.amount, p.unapplied_amount
    HAVING COALESCE(SUM(a.amount) FILTER (WHERE a.status IN ('reserved', 'applied')), 0) + p.unapplied_amount
           <> p.amount - p.refunded_amount`,
  /** 3. per customer and currency: last balance_after = sum of the ledger = open invoices' due − credit */
  ledger_balance: `
    WITH last AS (
      SELECT DISTINCT ON (customer_id, currency_code) customer_id, currency_code, balance_after
        FROM ledger_entry ORDER BY customer_id, currency_code, sequence DESC),
    sums AS (SELECT customer_id, currency_code, SUM(amount) AS total FROM ledger_entry GROUP BY 1, 2),
    due AS (SELECT customer_id, currency_code, SUM(amount_due) AS due FROM invoice
             WHERE status IN ('open', 'partially_paid') AND deleted_at IS NULL GROUP BY 1, 2),
    credit AS (SELECT customer_id, currency_code, SUM(unapplied_amount) AS credit FROM customer_payment
                WHERE status = 'succeeded' AND deleted_at IS NULL GROUP BY 1, 2)
    SELECT s.customer_id FROM sums s
      JOIN last l USING (customer_id, currency_code)
      LEFT JOIN due d USING (customer_id, currency_code)
      LEFT JOIN credit c USING (customer_id, currency_code)
     WHERE l.balance_after <> s.total OR s.total <> COALESCE(d.due, 0) - COALESCE(c.credit, 0)`,
  /** 4. one currency (and customer) per payment and its allocations */
  currency: `
    SELECT a.id FROM payment_allocation a
      JOIN customer_payment p ON p.id = a.customer_payment_id
      JOIN invoice i ON i.id = a.invoice_id
     WHERE p.currency_code <> i.currency_code OR p.customer_id <> i.customer_id`,
  /**
   * 5. credit never idles: no customer has unapplied credit (a succeeded
   * payment's unapplied_amount) and a payable invoice (amount_due −
   * amount_pending > 0) in the same currency.
   */
  credit_idle: `
    SELECT c.customer_id, c.currency_code, c.credit::text AS credit, i.payable::text AS payable
      FROM (SELECT customer_id, currency_code, SUM(unapplied_amount) AS credit FROM customer_payment
             WHERE status = 'succeeded' AND unapplied_amount > 0 AND deleted_at IS NULL GROUP BY 1, 2) c
      JOIN (SELECT customer_id, currency_code, SUM(amount_due - amount_pending) AS payable FROM invoice
             WHERE status IN ('open', 'partially_paid') AND amount_due > amount_pending AND deleted_at IS NULL
             GROUP BY 1, 2) i USING (customer_id, currency_code)`,
}

export const INVARIANT_QUERIES = {
  ...INVOICING_INVARIANT_QUERIES,
  /**
   * 6. money taken is never lost: what the provider captured on a customer
   * payment's payment collection (Medusa's `payment` / `capture` rows), less
   * what Medusa refunded, is held by a `succeeded` payment (allocated or
   * unapplied credit, less our recorded refunds) or was taken back by the bank
   * (`reversed`). A capture on a `failed` or `canceled` payment is money
   * dropped. Payments still `pending`/`processing` are in flight: the
   * reconciler records their capture.
   */
  money_kept: `
    WITH taken AS (
      SELECT mp.payment_collection_id,
             COALESCE(SUM((SELECT COALESCE(SUM(c.amount), 0) FROM capture c
                             WHERE c.payment_id = mp.id AND c.deleted_at IS NULL)), 0) AS captured,
             COALESCE(SUM((SELECT COALESCE(SUM(r.amount), 0) FROM refund r
                             WHERE r.payment_id = mp.id AND r.deleted_at IS NULL)), 0) AS refunded
        FROM payment mp
       WHERE mp.deleted_at IS NULL
       GROUP BY mp.payment_collection_id)
    SELECT p.id, p.status, t.captured::text AS captured, t.refunded::text AS provider_refunded,
           p.amount::text AS amount, p.refunded_amount::text AS refunded_amount
      FROM customer_payment p
      JOIN taken t ON t.payment_collection_id = p.payment_collection_id
     WHERE p.deleted_at IS NULL AND t.captured > 0
       AND (p.status IN ('failed', 'canceled')
            OR (p.status = 'succeeded' AND t.captured - t.refunded > p.amount - p.refunded_amount))`,
}

export type InvariantName = keyof typeof INVARIANT_QUERIES

/** DESIGN sec. 4 numbers the invariants; the health route names them. */
export const INVARIANT_NUMBERS: Record<InvariantName, number> = {
  invoice_amounts: 1,
  payment_amounts: 2,
  ledger_balance: 3,
  currency: 4,
  credit_idle: 5,
  money_kept: 6,
}

export type InvariantViolation = { invariant: InvariantName; number: number; rows: Record<string, unknown>[] }

/**
 * Runs every invariant query through `query` (any executor returning the
 * rows) and returns the broken ones.
 */
export async function findInvariantViolations(
  query: (sql: string) => Promise<Record<string, unknown>[]>,
  queries: Partial<Record<InvariantName, string>> = INVARIANT_QUERIES
): Promise<InvariantViolation[]> {
  const violations: InvariantViolation[] = []
  for (const [name, sql] of Object.entries(queries) as [InvariantName, string][]) {
    const rows = await query(sql)
    if (rows.length) violations.push({ invariant: name, number: INVARIANT_NUMBERS[name], rows })
  }
  return violations
}
