// Autopay at scale (DESIGN sec. 12, issue 13): N enrollments charged by one
// run against a sandbox provider answering every call after `latencyMs`.
//
// Seed (`seedAutopay`, SQL, idempotent): customers cus_benchap_<n>, each with
// a Payment Module account holder for the sandbox provider whose data lists
// one saved test card (pm_sandbox_card_ok_4242_benchap<n>, what the sandbox's
// `updateAccountHolder` stores), Medusa's customer <-> account holder link row,
// an active autopay_enrollment with that card, and one payable open invoice
// that is past due (issued 40 days ago, due 10 days ago, with its line and
// `invoice` ledger entry: scripts/bench/seed-sql.js topUpPayers). Every run
// tops each customer up to one payable invoice again, so each enrollment
// owes exactly one charge.
//
// Run (`runAutopay`): an app started with SANDBOX_LATENCY_MS and
// BILLING_PORTAL_OPTIONS.autopay.concurrency (bench.js starts it), the admin
// "run now" route (POST /admin/billing/autopay/run, which runs the
// run-autopay workflow), timed until its autopay_run row has finished_at.
// Checks: the run counted N enrollments and N charged, 0 failed; exactly one
// succeeded customer payment per customer made in the window; every payer's
// invariants hold (seed-sql.js checkConsistency). CPU: the server's and
// PostgreSQL's process trees over the run, per charge.
const fs = require("fs")
const path = require("path")
const { spawn } = require("child_process")
const { treeCpuSeconds } = require("./payments")
const { topUpPayers, checkConsistency } = require("./seed-sql")

const PROVIDER_ID = "pp_billing-sandbox_sandbox"
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const idOf = (n) => String(n).padStart(6, "0")

/** The customer ids of the first `count` autopay customers. */
const autopayCustomerIds = (count) => Array.from({ length: count }, (_, i) => `cus_benchap_${idOf(i + 1)}`)

async function linkTable(client) {
  const { rows } = await client.query(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'account_holder_id' AND table_name LIKE 'customer%'
      ORDER BY table_name LIMIT 1`
  )
  if (!rows[0]) throw new Error("no customer <-> account holder link table (is the Payment Module migrated?)")
  return rows[0].table_name
}

/**
 * @param {import("pg").Client} client
 * @param {{ count: number, log: (s: string) => void }} opts
 */
async function seedAutopay(client, { count, log }) {
  const started = Date.now()
  const link = await linkTable(client)
  await client.query("BEGIN")
  try {
    await client.query(
      `INSERT INTO customer (id, first_name, last_name, email, has_account, created_at, updated_at)
       SELECT 'cus_benchap_' || lpad(g::text, 6, '0'), 'Autopay', 'Customer ' || g,
              'bench-autopay-' || lpad(g::text, 6, '0') || '@example.com', false, now(), now()
         FROM generate_series(1, $1::int) g
       ON CONFLICT (id) DO NOTHING`,
      [count]
    )
    await client.query(
      `INSERT INTO account_holder (id, provider_id, external_id, email, data, created_at, updated_at)
       SELECT 'acchld_benchap_' || s, $2, 'cus_sandbox_benchap' || s, 'bench-autopay-' || s || '@example.com',
              jsonb_build_object('id', 'cus_sandbox_benchap' || s, 'object', 'customer',
                'payment_methods', jsonb_build_array(jsonb_build_object('id', 'pm_sandbox_card_ok_4242_benchap' || s))),
              now(), now()
         FROM generate_series(1, $1::int) g, LATERAL (SELECT lpad(g::text, 6, '0') AS s) x
       ON CONFLICT (id) DO NOTHING`,
      [count, PROVIDER_ID]
    )
    await client.query(
      `INSERT INTO "${link}" (id, customer_id, account_holder_id, created_at, updated_at)
       SELECT 'custacchldr_benchap_' || s, 'cus_benchap_' || s, 'acchld_benchap_' || s, now(), now()
         FROM generate_series(1, $1::int) g, LATERAL (SELECT lpad(g::text, 6, '0') AS s) x
        WHERE NOT EXISTS (SELECT 1 FROM "${link}" l WHERE l.customer_id = 'cus_benchap_' || s AND l.deleted_at IS NULL)`,
      [count]
    )
    await client.query(
      `INSERT INTO autopay_enrollment (id, customer_id, status, payment_method_id, payment_method_type, payment_method_label,
                                      provider_id, consented_at, terms_version, terms_text, created_at, updated_at)
       SELECT 'apay_benchap_' || s, 'cus_benchap_' || s, 'active', 'pm_sandbox_card_ok_4242_benchap' || s, 'card', 'Visa •••• 4242',
              $2, now(), 'bench', 'Bench autopay terms', now(), now()
         FROM generate_series(1, $1::int) g, LATERAL (SELECT lpad(g::text, 6, '0') AS s) x
       ON CONFLICT (id) DO UPDATE SET status = 'active', paused_at = NULL, canceled_at = NULL`,
      [count, PROVIDER_ID]
    )
    // enrollments of a bigger earlier seed beyond `count` are paused, so the run charges exactly `count`
    await client.query(
      `UPDATE autopay_enrollment SET status = 'paused', paused_at = now()
        WHERE id LIKE 'apay_benchap_%' AND status = 'active' AND substring(id from 14)::int > $1`,
      [count]
    )
    // The app's every-minute job starts a scheduled run when none has started since the schedule
    // last fired: on a fresh database that is at once, and it would charge the enrollments
    // alongside the measured run (each still once, but split between the two runs). A scheduled
    // run recorded as done now keeps the job quiet until the schedule fires again.
    await client.query(
      `INSERT INTO autopay_run (id, trigger, started_at, finished_at, enrollments, charged, skipped, failed, created_at, updated_at)
       VALUES ('aprun_bench_' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS'), 'schedule', now(), now(), 0, 0, 0, 0, now(), now())`
    )
    await client.query("COMMIT")
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {})
    throw err
  }
  const ids = autopayCustomerIds(count)
  // one payable invoice each, issued 40 days ago: due 10 days ago whatever `charge_on` says
  const added = await topUpPayers(client, { customerIds: ids, perCustomer: 1, now: new Date(Date.now() - 40 * 86400000) })
  const failures = await checkConsistency(client, { customerIds: ids })
  if (failures.length) throw new Error(`the autopay customers' data is inconsistent before the run:\n  ${failures.slice(0, 10).join("\n  ")}`)
  log(`  ${count} autopay customers with an account holder, a saved card and an active enrollment; ${added} open past-due invoices added (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return ids
}

async function adminToken(base, { email, password }) {
  const res = await fetch(`${base}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  const body = await res.json().catch(() => ({}))
  if (res.status !== 200 || !body.token) throw new Error(`admin login answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`)
  return body.token
}

/**
 * @param {{ base: string, client: import("pg").Client, admin: { email: string, password: string }, customerIds: string[],
 *   cpuRoots?: Record<string, number>, timeoutSeconds: number, log: (s: string) => void }} opts
 */
async function runAutopay({ base, client, admin, customerIds, cpuRoots, timeoutSeconds, log }) {
  const token = await adminToken(base, admin)
  const count = customerIds.length
  const { rows: before } = await client.query(`SELECT now() AS t`)
  const t0 = before[0].t
  const cpuBefore = cpuRoots ? treeCpuSeconds(cpuRoots) : null
  const started = Date.now()
  // the route answers when the run is over; the run row is the clock (a long run may outlive the HTTP request)
  let answer = null
  const request = fetch(`${base}/admin/billing/autopay/run`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
    signal: AbortSignal.timeout(timeoutSeconds * 1000),
  })
    .then(async (res) => (answer = { status: res.status, text: (await res.text()).slice(0, 500) }))
    .catch((err) => (answer = { error: String(err?.message ?? err) }))
  let run = null
  let lastLog = Date.now()
  while (Date.now() - started < timeoutSeconds * 1000) {
    const { rows } = await client.query(
      `SELECT id, started_at, finished_at, enrollments, charged, skipped, failed, errors FROM autopay_run
        WHERE trigger = 'admin' AND started_at >= $1 AND deleted_at IS NULL ORDER BY started_at LIMIT 1`,
      [t0]
    )
    run = rows[0] ?? null
    if (run?.finished_at) break
    if (answer && (answer.error || answer.status >= 300)) {
      if (!run) throw new Error(`POST /admin/billing/autopay/run failed: ${JSON.stringify(answer)}`)
    }
    if (Date.now() - lastLog > 15000) {
      lastLog = Date.now()
      const { rows: p } = await client.query(
        `SELECT count(*)::int n FROM customer_payment WHERE customer_id = ANY($1::text[]) AND created_at >= $2 AND deleted_at IS NULL`,
        [customerIds, t0]
      )
      log(`    ${((Date.now() - started) / 1000).toFixed(0)} s: ${p[0].n}/${count} payments made`)
    }
    await sleep(500)
  }
  const cpuAfter = cpuRoots ? treeCpuSeconds(cpuRoots) : null
  if (!run) throw new Error(`the autopay run did not start within ${timeoutSeconds} s (answer ${JSON.stringify(answer)})`)
  // cut off: reported as such (FAIL), with what it charged so far; the run itself goes on in the server until it is stopped
  const unfinished = !run.finished_at
  if (unfinished) {
    const { rows: p } = await client.query(
      `SELECT count(*)::int n FROM customer_payment WHERE customer_id = ANY($1::text[]) AND created_at >= $2 AND status = 'succeeded' AND deleted_at IS NULL`,
      [customerIds, t0]
    )
    run.charged = p[0].n
  }
  const seconds = ((unfinished ? Date.now() : new Date(run.finished_at).getTime()) - new Date(run.started_at).getTime()) / 1000
  const wall = (Date.now() - started) / 1000
  await Promise.race([request, sleep(5000)])

  const { rows: byStatus } = await client.query(
    `SELECT status, count(*)::int n, count(DISTINCT customer_id)::int customers FROM customer_payment
      WHERE customer_id = ANY($1::text[]) AND created_at >= $2 AND deleted_at IS NULL GROUP BY status`,
    [customerIds, t0]
  )
  const statuses = Object.fromEntries(byStatus.map((r) => [r.status, r.n]))
  const { rows: twice } = await client.query(
    `SELECT count(*)::int n FROM (SELECT customer_id FROM customer_payment
      WHERE customer_id = ANY($1::text[]) AND created_at >= $2 AND deleted_at IS NULL GROUP BY customer_id HAVING count(*) > 1) x`,
    [customerIds, t0]
  )
  const { rows: open } = await client.query(
    `SELECT count(*)::int n FROM invoice WHERE customer_id = ANY($1::text[]) AND status IN ('open', 'partially_paid') AND deleted_at IS NULL`,
    [customerIds]
  )
  const invariantFailures = await checkConsistency(client, { customerIds })
  const cpu = {}
  if (cpuBefore && cpuAfter) {
    for (const k of Object.keys(cpuRoots)) if (cpuBefore[k] != null && cpuAfter[k] != null) cpu[k] = Number((cpuAfter[k] - cpuBefore[k]).toFixed(2))
  }
  const charges = Math.max(1, run.charged)
  const problems = []
  if (unfinished) {
    problems.push(`cut off after ${timeoutSeconds} s (--autopay-timeout) with ${run.charged} of ${count} charged`)
    const result = {
      run_id: run.id, enrollments: count, charged: run.charged, unfinished: true,
      seconds: Number(seconds.toFixed(1)), wall_seconds: Number(wall.toFixed(1)),
      charges_per_second: Number((run.charged / seconds).toFixed(1)),
      cpu_seconds: {},
      problems,
    }
    if (cpuBefore && cpuAfter) {
      for (const k of Object.keys(cpuRoots)) if (cpuBefore[k] != null && cpuAfter[k] != null) result.cpu_seconds[k] = Number((cpuAfter[k] - cpuBefore[k]).toFixed(2))
    }
    result.cpu_ms_per_charge = Object.fromEntries(Object.entries(result.cpu_seconds).map(([k, v]) => [k, Number(((v / charges) * 1000).toFixed(1))]))
    log(`  !! ${problems[0]} (${result.charges_per_second}/s; CPU per charge ${JSON.stringify(result.cpu_ms_per_charge)} ms)`)
    return result
  }
  const { rows: others } = await client.query(
    `SELECT trigger, charged FROM autopay_run WHERE id <> $1 AND started_at >= $2 AND deleted_at IS NULL`,
    [run.id, t0]
  )
  if (others.length) {
    problems.push(`another run charged alongside the measured one: ${others.map((o) => `${o.trigger} (${o.charged} charged)`).join(", ")}`)
  }
  if (run.enrollments !== count) problems.push(`the run looked at ${run.enrollments} enrollments, expected ${count}`)
  if (run.charged !== count || run.failed) problems.push(`charged ${run.charged}, skipped ${run.skipped}, failed ${run.failed} of ${count}`)
  if ((statuses.succeeded ?? 0) !== count || Object.keys(statuses).some((s) => s !== "succeeded")) {
    problems.push(`payments by status ${JSON.stringify(statuses)}, expected ${count} succeeded`)
  }
  if (twice[0].n) problems.push(`${twice[0].n} customers charged more than once`)
  if (open[0].n) problems.push(`${open[0].n} invoices still open`)
  if (invariantFailures.length) problems.push(`invariants: ${invariantFailures.slice(0, 5).join("; ")}`)
  const result = {
    run_id: run.id,
    enrollments: run.enrollments,
    charged: run.charged,
    skipped: run.skipped,
    failed: run.failed,
    errors: Array.isArray(run.errors) ? run.errors.slice(0, 5) : run.errors,
    seconds: Number(seconds.toFixed(1)),
    wall_seconds: Number(wall.toFixed(1)),
    charges_per_second: Number((run.charged / seconds).toFixed(1)),
    payments_by_status: statuses,
    customers_charged_twice: twice[0].n,
    open_invoices_after: open[0].n,
    cpu_seconds: cpu,
    cpu_ms_per_charge: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Number(((v / charges) * 1000).toFixed(1))])),
    http_answer: answer,
    problems,
  }
  log(
    `  run ${run.id}: ${run.enrollments} enrollments, ${run.charged} charged, ${run.skipped} skipped, ${run.failed} failed in ${seconds.toFixed(1)} s ` +
      `(${result.charges_per_second}/s); CPU per charge: ${Object.entries(result.cpu_ms_per_charge).map(([k, v]) => `${k} ${v} ms`).join(", ")}` +
      (problems.length ? `\n  !! ${problems.join("; ")}` : `\n  every enrollment charged once (${count} succeeded payments, no invoice left open), invariants hold`)
  )
  return result
}

/**
 * The baseline of the autopay run and of payment creation (the same run of
 * the bench): the Payment Module calls of the plugin's charges, and nothing
 * else — `medusa exec scripts/bench/payment-module-charges.js` in the built
 * app, with the app's environment (`env`). `spec` says which charges:
 * `{ mode: "saved_card", customer_ids, concurrency }` (autopay: the same
 * customers' saved cards and amounts; run before the plugin's run, which
 * pays the invoices whose amounts it reads) or `{ mode: "card", count,
 * amount, currency_code, concurrency }` (one-off card payments). It touches
 * none of the plugin's tables. CPU: the exec process's own (process.cpuUsage)
 * and PostgreSQL's process tree (`pgPid`), both read by the script at the
 * two ends of its timed window.
 *
 * @param {{ serverDir: string, cli: string, env: Record<string, string>, spec: Record<string, unknown>, name: string,
 *   pgPid?: number | null, dir: string, timeoutSeconds: number, log: (s: string) => void }} opts
 */
async function runPaymentModuleBaseline({ serverDir, cli, env, spec, name, pgPid, dir, timeoutSeconds, log }) {
  const specFile = path.join(dir, `${name}-spec.json`)
  const resultFile = path.join(dir, `${name}-result.json`)
  const logFile = path.join(dir, `server-${name}.log`)
  fs.rmSync(resultFile, { force: true })
  const script = path.join(__dirname, "payment-module-charges.js")
  const out = fs.createWriteStream(logFile)
  fs.writeFileSync(specFile, JSON.stringify({ ...spec, pg_pid: pgPid ?? null }))
  const exit = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "exec", script, specFile, resultFile], {
      cwd: serverDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutSeconds * 1000)
    child.stdout.pipe(out, { end: false })
    child.stderr.pipe(out, { end: false })
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
  out.end()
  if (!fs.existsSync(resultFile)) {
    throw new Error(`the Payment Module baseline exited ${exit.code ?? exit.signal} without a result (log: ${path.relative(process.cwd(), logFile)})`)
  }
  const result = JSON.parse(fs.readFileSync(resultFile, "utf8"))
  const charges = Math.max(1, result.charges)
  result.cpu_ms_per_charge = { process: Number(((result.cpu_seconds / charges) * 1000).toFixed(1)) }
  if (result.postgres_cpu_seconds != null) {
    result.cpu_ms_per_charge.postgres = Number(((result.postgres_cpu_seconds / charges) * 1000).toFixed(1))
  }
  result.charges_per_second = Number((result.charges / result.seconds).toFixed(1))
  result.seconds = Number(result.seconds.toFixed(1))
  log(
    `  baseline (the Payment Module calls alone, ${spec.concurrency} in flight): ${result.charges} charges, ${result.failed} failed in ${result.seconds} s ` +
      `(${result.charges_per_second}/s); CPU per charge: ${Object.entries(result.cpu_ms_per_charge).map(([k, v]) => `${k} ${v} ms`).join(", ")}` +
      (result.failed ? `\n  !! ${result.errors.join("; ")}` : "")
  )
  return result
}

module.exports = { seedAutopay, runAutopay, runPaymentModuleBaseline, autopayCustomerIds }
