/** The invariant queries of DESIGN sec. 4: each returns the rows that break it. */
export const INVARIANT_QUERIES = {
  invoice_amounts: `
    SELECT i.id FROM invoice i
      LEFT JOIN payment_allocation a ON a.invoice_id = i.id AND a.deleted_at IS NULL
     WHERE i.deleted_at IS NULL
     GROUP BY i.id, i.amount_paid, i.amount_pending, i.total
    HAVING i.amount_paid <> COALESCE(SUM(a.amount) FILTER (WHERE a.status = 'applied'), 0)
        OR i.amount_pending <> COALESCE(SUM(a.amount) FILTER (WHERE a.status = 'reserved'), 0)
        OR i.amount_paid + i.amount_pending > i.total`,
  payment_amounts: `
    SELECT p.id FROM customer_payment p
      LEFT JOIN payment_allocation a ON a.customer_payment_id = p.id AND a.deleted_at IS NULL
     WHERE p.deleted_at IS NULL AND p.status IN ('pending', 'processing', 'succeeded')
     GROUP BY p.id, p.amount, p.unapplied_amount
    HAVING COALESCE(SUM(a.amount) FILTER (WHERE a.status IN ('reserved', 'applied')), 0) + p.unapplied_amount
           <> p.amount - p.refunded_amount`,
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
  currency: `
    SELECT a.id FROM payment_allocation a
      JOIN customer_payment p ON p.id = a.customer_payment_id
      JOIN invoice i ON i.id = a.invoice_id
     WHERE p.currency_code <> i.currency_code OR p.customer_id <> i.customer_id`,
}
