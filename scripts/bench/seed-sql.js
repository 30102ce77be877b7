// Bench seed, part 2: bulk rows loaded with set-based SQL (generate_series),
// after the Medusa-side seed (scripts/bench/seed-app.ts) created the store
// and the two measured customers.
//
// Every generated invoice is issued and internally consistent, as the module
// itself would leave it:
//   subtotal = total, tax_total = 0, amount_pending = 0,
//   total = amount_paid + amount_due, raw_* = {"value": "<trimmed>", "precision": 20},
//   status = paid (due 0) | partially_paid (0 < paid < total) | open (paid 0);
//   one invoice_line per invoice; for every paid amount a succeeded
//   customer_payment (unapplied 0) with one `applied` payment_allocation;
//   ledger: an `invoice` entry (+total) at issued_at and a `payment` entry
//   (−paid) ten days later, balance_after a running sum per customer in
//   sequence order — so DESIGN sec. 4 invariants 1–3 hold for bench rows.
//
// Money is generated in integer cents and written as numeric / jsonb strings
// without trailing zeros (what Medusa's bigNumber columns hold).

const money = (cents) => `trim_scale(round((${cents})::numeric / 100, 2))`
const raw = (cents) => `jsonb_build_object('value', ${money(cents)}::text, 'precision', 20)`

/**
 * Generates `count` invoices into a temporary table `bench_gen` (one row per
 * invoice, with cents columns), for the customers in `customerIds` (round
 * robin), ids prefixed with `prefix`. mode: "mixed" (60% paid, 20% partially
 * paid, 20% open) or "open".
 */
async function generate(client, { prefix, customerIds, count, mode, now }) {
  await client.query(`DROP TABLE IF EXISTS bench_gen`)
  await client.query(
    `CREATE TEMP TABLE bench_gen AS
     SELECT g,
            $1::text || lpad(g::text, 7, '0') AS suffix,
            ($2::text[])[1 + (g - 1) % array_length($2::text[], 1)] AS customer_id,
            t.total_cents,
            CASE s.status WHEN 'paid' THEN t.total_cents
                          WHEN 'partially_paid' THEN t.total_cents / 2
                          ELSE 0 END AS paid_cents,
            s.status,
            i.issued_at
       FROM generate_series(1, $3::int) g
       CROSS JOIN LATERAL (SELECT 1000 + (g::bigint * 7919) % 99001 AS total_cents) t
       CROSS JOIN LATERAL (SELECT CASE WHEN $4 = 'open' THEN 'open'
                                       WHEN (g * 31) % 10 < 6 THEN 'paid'
                                       WHEN (g * 31) % 10 < 8 THEN 'partially_paid'
                                       ELSE 'open' END AS status) s
       -- issued over the last two years (at least 1 day ago), so some open ones are overdue
       CROSS JOIN LATERAL (SELECT $5::timestamptz - make_interval(days => 1 + (g * 13) % 730, secs => (g * 7) % 86400) AS issued_at) i`,
    [prefix, customerIds, count, mode, now]
  )
  await client.query(`ANALYZE bench_gen`)
}

/** Inserts the rows described by bench_gen into the module's tables. */
async function insertGenerated(client, { withPayments }) {
  await client.query(
    `INSERT INTO invoice (id, customer_id, currency_code, status, issued_at, due_at,
                          subtotal, tax_total, total, amount_paid, amount_pending, amount_due, notes,
                          raw_subtotal, raw_tax_total, raw_total, raw_amount_paid, raw_amount_pending, raw_amount_due,
                          created_at, updated_at)
     SELECT 'inv_' || suffix, customer_id, 'usd', status, issued_at, issued_at + interval '30 days',
            ${money("total_cents")}, 0, ${money("total_cents")}, ${money("paid_cents")}, 0, ${money("total_cents - paid_cents")},
            'Service visit ' || g,
            ${raw("total_cents")}, ${raw("0")}, ${raw("total_cents")}, ${raw("paid_cents")}, ${raw("0")}, ${raw("total_cents - paid_cents")},
            issued_at, issued_at
       FROM bench_gen ORDER BY issued_at`
  )
  await client.query(
    `INSERT INTO invoice_line (id, title, quantity, unit_price, total, rank, invoice_id, raw_unit_price, raw_total, created_at, updated_at)
     SELECT 'invl_' || suffix, 'Service visit', '1', ${money("total_cents")}, ${money("total_cents")}, 0, 'inv_' || suffix,
            ${raw("total_cents")}, ${raw("total_cents")}, issued_at, issued_at
       FROM bench_gen`
  )
  if (withPayments) {
    await client.query(
      `INSERT INTO customer_payment (id, customer_id, amount, currency_code, method, source, mode, status,
                                     unapplied_amount, refunded_amount, transaction_id, completed_at,
                                     raw_amount, created_at, updated_at)
       SELECT 'cpay_' || suffix, customer_id, ${money("paid_cents")}, 'usd', 'card', 'portal', 'selected_invoices', 'succeeded',
              0, 0, 'BENCH-' || g, issued_at + interval '10 days',
              ${raw("paid_cents")}, issued_at + interval '10 days', issued_at + interval '10 days'
         FROM bench_gen WHERE paid_cents > 0`
    )
    await client.query(
      `INSERT INTO payment_allocation (id, amount, status, customer_payment_id, invoice_id, raw_amount, created_at, updated_at)
       SELECT 'palloc_' || suffix, ${money("paid_cents")}, 'applied', 'cpay_' || suffix, 'inv_' || suffix,
              ${raw("paid_cents")}, issued_at + interval '10 days', issued_at + interval '10 days'
         FROM bench_gen WHERE paid_cents > 0`
    )
  }
}

/**
 * Ledger entries for everything in bench_gen: `invoice` (+total) and, when
 * paid, `payment` (−paid). balance_after is a running sum per customer that
 * starts at 0 (the measured and bulk customers have no entries before) or,
 * with `continueBalance`, at the customer's last balance_after (by sequence),
 * for invoices added to customers that already have activity (the payers).
 */
async function insertLedger(client, { continueBalance = false } = {}) {
  const start = continueBalance
    ? `COALESCE((SELECT round(l.balance_after * 100)::bigint FROM ledger_entry l
                  WHERE l.customer_id = x.customer_id AND l.currency_code = 'usd' AND l.deleted_at IS NULL
                  ORDER BY l.sequence DESC LIMIT 1), 0) + `
    : ""
  await client.query(
    `INSERT INTO ledger_entry (id, customer_id, currency_code, type, amount, balance_after, reference_type, reference_id,
                               description, occurred_at, raw_amount, raw_balance_after, created_at, updated_at)
     SELECT 'ledg_' || e.kind || '_' || e.suffix, e.customer_id, 'usd', e.type, ${money("e.cents")},
            ${money("e.balance")}, e.reference_type, e.reference_id, e.description, e.occurred_at,
            ${raw("e.cents")}, ${raw("e.balance")}, e.occurred_at, e.occurred_at
       FROM (
         SELECT x.*, ${start}SUM(x.cents) OVER (PARTITION BY x.customer_id ORDER BY x.occurred_at, x.kind
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS balance
           FROM (
             SELECT 'i' AS kind, suffix, customer_id, 'invoice' AS type, total_cents AS cents, 'invoice' AS reference_type,
                    'inv_' || suffix AS reference_id, 'Invoice ' || g AS description, issued_at AS occurred_at
               FROM bench_gen
             UNION ALL
             SELECT 'p', suffix, customer_id, 'payment', -paid_cents, 'customer_payment', 'cpay_' || suffix,
                    'Payment BENCH-' || g, issued_at + interval '10 days'
               FROM bench_gen WHERE paid_cents > 0
           ) x
       ) e
      ORDER BY e.occurred_at, e.kind`
  )
}

/**
 * @param {import("pg").Client} client
 * @param {{ customers: number, invoices: number, big: { id: string, invoices: number }, small: { id: string, invoices: number },
 *   ledger: boolean, log: (s: string) => void }} opts
 */
async function seedBulk(client, opts) {
  const { log } = opts
  const now = new Date()
  const t = () => {
    const start = process.hrtime.bigint()
    return () => `${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`
  }

  let done = t()
  await client.query(`DELETE FROM customer WHERE id LIKE 'cus_bench_%'`)
  await client.query(
    `INSERT INTO customer (id, first_name, last_name, email, has_account, created_at, updated_at)
     SELECT 'cus_bench_' || lpad(g::text, 6, '0'), 'Bench', 'Customer ' || g,
            'bench-' || lpad(g::text, 6, '0') || '@example.com', false,
            $2::timestamptz - interval '800 days', $2::timestamptz - interval '800 days'
       FROM generate_series(1, $1::int) g`,
    [opts.customers, now]
  )
  log(`  ${opts.customers} customers (${done()})`)

  const bulkIds = Array.from({ length: opts.customers }, (_, i) => `cus_bench_${String(i + 1).padStart(6, "0")}`)
  done = t()
  await generate(client, { prefix: "bench_", customerIds: bulkIds, count: opts.invoices, mode: "mixed", now })
  await insertGenerated(client, { withPayments: true })
  if (opts.ledger) await insertLedger(client)
  log(`  ${opts.invoices} invoices over them, with lines, payments, allocations${opts.ledger ? ", ledger" : ""} (${done()})`)

  for (const [name, c] of Object.entries({ big: opts.big, small: opts.small })) {
    done = t()
    await generate(client, { prefix: `bench${name}_`, customerIds: [c.id], count: c.invoices, mode: "open", now })
    await insertGenerated(client, { withPayments: false })
    if (opts.ledger) await insertLedger(client)
    log(`  ${c.invoices} open invoices for the ${name} customer (${done()})`)
  }
  await client.query(`DROP TABLE IF EXISTS bench_gen`)
}

// ------------------------------------------------------------ payers

/** Open invoices a payer can pay now: nothing paid, nothing reserved by an in-flight payment. */
const PAYABLE = `currency_code = 'usd' AND status = 'open' AND amount_paid = 0 AND amount_pending = 0 AND deleted_at IS NULL`

/**
 * Tops the paying customers of the payment benchmark up to `perCustomer`
 * payable open invoices each (the payment benchmark uses them up), as issued
 * open invoices with a line and an `invoice` ledger entry whose balance_after
 * continues the customer's running balance. Issued just now (ids and
 * timestamps unique per call), due in 30 days. Returns the number added.
 *
 * @param {import("pg").Client} client
 * @param {{ customerIds: string[], perCustomer: number, now?: Date }} opts
 */
async function topUpPayers(client, { customerIds, perCustomer, now = new Date() }) {
  if (!customerIds.length || perCustomer <= 0) return 0
  const tag = `benchpay${now.getTime().toString(36)}_`
  await client.query(`DROP TABLE IF EXISTS bench_gen`)
  await client.query(
    `CREATE TEMP TABLE bench_gen AS
     WITH have AS (
       SELECT customer_id, count(*)::int AS n FROM invoice
        WHERE customer_id = ANY($1::text[]) AND ${PAYABLE} GROUP BY customer_id
     ), need AS (
       SELECT c.id AS customer_id, c.ord, GREATEST(0, $2::int - COALESCE(h.n, 0)) AS k
         FROM unnest($1::text[]) WITH ORDINALITY AS c(id, ord)
         LEFT JOIN have h ON h.customer_id = c.id
     ), rows AS (
       -- the customers interleaved (k-th invoice of every customer, then the next), so ids and issue times mix them
       SELECT need.customer_id, need.ord, s.i FROM need CROSS JOIN LATERAL generate_series(1, need.k) AS s(i)
     ), numbered AS (
       SELECT row_number() OVER (ORDER BY i, ord)::int AS g, customer_id FROM rows
     )
     SELECT g, $3::text || lpad(g::text, 7, '0') AS suffix, customer_id,
            1000 + (g::bigint * 7919) % 99001 AS total_cents, 0::bigint AS paid_cents, 'open'::text AS status,
            -- one millisecond apart, the last one now: after everything the payers did before
            $4::timestamptz - make_interval(secs => (count(*) OVER () - g) / 1000.0) AS issued_at
       FROM numbered`,
    [customerIds, perCustomer, tag, now]
  )
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM bench_gen`)
  if (rows[0].n) {
    await client.query("BEGIN")
    try {
      await insertGenerated(client, { withPayments: false })
      await insertLedger(client, { continueBalance: true })
      await client.query("COMMIT")
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {})
      throw err
    }
  }
  await client.query(`DROP TABLE IF EXISTS bench_gen`)
  return rows[0].n
}

/**
 * Every (customer, invoice) pair the payment benchmark may pay, interleaved
 * round robin over the customers (first invoice of each customer, then the
 * second…), so consecutive requests are for different customers.
 */
async function payablePairs(client, customerIds) {
  const { rows } = await client.query(
    `SELECT customer_id, id FROM invoice WHERE customer_id = ANY($1::text[]) AND ${PAYABLE}
      ORDER BY customer_id, display_id`,
    [customerIds]
  )
  const queues = new Map(customerIds.map((id) => [id, []]))
  for (const r of rows) queues.get(r.customer_id).push(r.id)
  const lists = customerIds.map((id) => queues.get(id))
  const pairs = []
  const longest = Math.max(0, ...lists.map((l) => l.length))
  for (let i = 0; i < longest; i++) {
    for (let c = 0; c < lists.length; c++) {
      if (i < lists[c].length) pairs.push({ customer_index: c, customer_id: customerIds[c], invoice_id: lists[c][i] })
    }
  }
  return { pairs, perCustomer: Object.fromEntries(customerIds.map((id) => [id, queues.get(id).length])) }
}

/**
 * The invariants of DESIGN sec. 4 that bench rows must satisfy; returns the
 * violations found. `customerIds` restricts the checks to those customers
 * (cheap enough to run after every payment benchmark) and adds the checks
 * that only hold once no payment is in flight there (pending = reserved).
 */
async function checkConsistency(client, { withLedger = true, customerIds = null } = {}) {
  if (customerIds) return checkCustomers(client, { withLedger, customerIds })
  const checks = {
    "invoice total = amount_paid + amount_due (+ pending)": `SELECT count(*)::int AS n FROM invoice
      WHERE deleted_at IS NULL AND status <> 'void' AND status <> 'draft' AND total <> amount_paid + amount_due + amount_pending`,
    "invoice raw_* match numeric columns": `SELECT count(*)::int AS n FROM invoice
      WHERE (raw_total->>'value')::numeric <> total OR (raw_amount_due->>'value')::numeric <> amount_due
         OR (raw_amount_paid->>'value')::numeric <> amount_paid OR (raw_subtotal->>'value')::numeric <> subtotal`,
    "invoice status matches amounts": `SELECT count(*)::int AS n FROM invoice WHERE
      (status = 'paid' AND amount_due <> 0) OR (status = 'open' AND amount_paid <> 0)
      OR (status = 'partially_paid' AND (amount_paid = 0 OR amount_due = 0))`,
    "amount_paid = sum(applied allocations)": `SELECT count(*)::int AS n FROM invoice i
      LEFT JOIN (SELECT invoice_id, sum(amount) s FROM payment_allocation WHERE status = 'applied' AND deleted_at IS NULL GROUP BY invoice_id) a
        ON a.invoice_id = i.id
      WHERE i.deleted_at IS NULL AND i.amount_paid <> COALESCE(a.s, 0)`,
  }
  if (withLedger) {
    checks["ledger: last balance_after = sum(amount) = open amount_due - credit"] = `
      WITH l AS (SELECT DISTINCT ON (customer_id, currency_code) customer_id, currency_code, balance_after
                   FROM ledger_entry WHERE deleted_at IS NULL ORDER BY customer_id, currency_code, sequence DESC),
           s AS (SELECT customer_id, currency_code, sum(amount) AS s FROM ledger_entry WHERE deleted_at IS NULL GROUP BY 1, 2),
           d AS (SELECT customer_id, currency_code, sum(amount_due) AS d FROM invoice
                  WHERE status IN ('open', 'partially_paid') AND deleted_at IS NULL GROUP BY 1, 2),
           c AS (SELECT customer_id, currency_code, sum(unapplied_amount) AS c FROM customer_payment
                  WHERE status = 'succeeded' AND deleted_at IS NULL GROUP BY 1, 2)
      SELECT count(*)::int AS n FROM l JOIN s USING (customer_id, currency_code)
        LEFT JOIN d USING (customer_id, currency_code) LEFT JOIN c USING (customer_id, currency_code)
       WHERE l.balance_after <> s.s OR s.s <> COALESCE(d.d, 0) - COALESCE(c.c, 0)`
  }
  const failures = []
  for (const [name, sql] of Object.entries(checks)) {
    const { rows } = await client.query(sql)
    if (rows[0].n) failures.push(`${name}: ${rows[0].n} rows`)
  }
  return failures
}

async function checkCustomers(client, { withLedger, customerIds }) {
  const inv = `customer_id = ANY($1::text[]) AND deleted_at IS NULL`
  const checks = {
    "invoice total = amount_paid + amount_due": `SELECT count(*)::int AS n FROM invoice
      WHERE ${inv} AND status NOT IN ('void', 'draft') AND total <> amount_paid + amount_due`,
    "invoice raw_* match numeric columns": `SELECT count(*)::int AS n FROM invoice WHERE ${inv} AND (
         (raw_total->>'value')::numeric <> total OR (raw_amount_due->>'value')::numeric <> amount_due
      OR (raw_amount_paid->>'value')::numeric <> amount_paid OR (raw_amount_pending->>'value')::numeric <> amount_pending)`,
    "invoice status matches amounts": `SELECT count(*)::int AS n FROM invoice WHERE ${inv} AND (
      (status = 'paid' AND amount_due <> 0) OR (status = 'open' AND amount_paid <> 0)
      OR (status = 'partially_paid' AND (amount_paid = 0 OR amount_due = 0)))`,
    "amount_paid = sum(applied), amount_pending = sum(reserved) allocations": `SELECT count(*)::int AS n FROM invoice i
      LEFT JOIN (SELECT invoice_id, sum(amount) FILTER (WHERE status = 'applied') AS applied,
                        sum(amount) FILTER (WHERE status = 'reserved') AS reserved
                   FROM payment_allocation WHERE deleted_at IS NULL GROUP BY invoice_id) a ON a.invoice_id = i.id
      WHERE i.${inv} AND (i.amount_paid <> COALESCE(a.applied, 0) OR i.amount_pending <> COALESCE(a.reserved, 0))`,
    "payment: sum(reserved + applied allocations) + unapplied = amount (succeeded/pending/processing)": `SELECT count(*)::int AS n
      FROM customer_payment p
      LEFT JOIN (SELECT customer_payment_id, sum(amount) AS s FROM payment_allocation
                  WHERE status IN ('reserved', 'applied') AND deleted_at IS NULL GROUP BY 1) a ON a.customer_payment_id = p.id
      WHERE p.${inv} AND p.status IN ('pending', 'processing', 'succeeded') AND p.refunded_amount = 0
        AND COALESCE(a.s, 0) + p.unapplied_amount <> p.amount`,
  }
  if (withLedger) {
    checks["ledger: last balance_after = sum(amount) = open amount_due - credit"] = `
      WITH l AS (SELECT DISTINCT ON (customer_id, currency_code) customer_id, currency_code, balance_after
                   FROM ledger_entry WHERE ${inv} ORDER BY customer_id, currency_code, sequence DESC),
           s AS (SELECT customer_id, currency_code, sum(amount) AS s FROM ledger_entry WHERE ${inv} GROUP BY 1, 2),
           d AS (SELECT customer_id, currency_code, sum(amount_due) AS d FROM invoice
                  WHERE ${inv} AND status IN ('open', 'partially_paid') GROUP BY 1, 2),
           c AS (SELECT customer_id, currency_code, sum(unapplied_amount) AS c FROM customer_payment
                  WHERE ${inv} AND status = 'succeeded' GROUP BY 1, 2)
      SELECT count(*)::int AS n FROM l JOIN s USING (customer_id, currency_code)
        LEFT JOIN d USING (customer_id, currency_code) LEFT JOIN c USING (customer_id, currency_code)
       WHERE l.balance_after <> s.s OR s.s <> COALESCE(d.d, 0) - COALESCE(c.c, 0)`
    checks["ledger: every running balance = previous + amount"] = `SELECT count(*)::int AS n FROM (
        SELECT balance_after, amount, lag(balance_after, 1, 0::numeric) OVER (PARTITION BY customer_id, currency_code ORDER BY sequence) AS prev
          FROM ledger_entry WHERE ${inv}) x WHERE x.balance_after <> x.prev + x.amount`
  }
  const failures = []
  for (const [name, sql] of Object.entries(checks)) {
    const { rows } = await client.query(sql, [customerIds])
    if (rows[0].n) failures.push(`${name}: ${rows[0].n} rows`)
  }
  return failures
}

module.exports = { seedBulk, checkConsistency, topUpPayers, payablePairs }
