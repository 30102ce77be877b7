// The Payment Module calls of the plugin's charges, and nothing else: the
// baseline of the autopay run and of payment creation (scripts/bench/autopay.js
// runPaymentModuleBaseline), with the same sandbox provider and latency and
// the same number of charges in flight.
//
// Run by `medusa exec` in the built bench app (.bench/app/.medusa/server),
// so the container, the modules and their database connections are the
// app's own, but no HTTP server, job or subscriber is started:
//
//   medusa exec /abs/path/payment-module-charges.js <spec-file> <result-file>
//
// spec { mode, concurrency, warmup?, ... } (`warmup`: that many one-off card
// charges first, untimed, as the plugin's server is warmed up):
// - `saved_card` (autopay), with `customer_ids`: per customer, its account
//   holder for the sandbox provider, its enrollment's saved card and the
//   amount of its open invoice (what the plugin's run will charge) are read
//   before the clock starts (the plugin reads them too, through the
//   customer <-> account holder link, but that read is its own work); timed,
//   createPaymentCollections → createPaymentSession (off-session, the saved
//   card, the account holder and customer in the context, as the charge step
//   does) → authorizePaymentSession → capturePayment. (An autopay charge pays
//   with the enrolled method without listing the holder's methods first;
//   the provider refuses a method that is not the holder's.)
// - `card` (a portal payment with a new card), with `count`, `amount`,
//   `currency_code`: the same calls with the sandbox's test card and no
//   account holder, as a one-off payment makes them.
// Nothing of the plugin's own tables is written; the collections made here
// belong to no customer payment (the reconciler only follows collections a
// customer payment names). It writes { charges, failed, seconds,
// cpu_seconds, postgres_cpu_seconds, errors } to <result-file>: its own CPU
// and PostgreSQL's process tree's (spec.pg_pid), both over the timed window.
const fs = require("fs")
const path = require("path")
const pLimit = require("p-limit")
const { treeCpuSeconds } = require("./payments")

const PROVIDER_ID = "pp_billing-sandbox_sandbox"
const CUSTOMER_FIELDS = ["id", "email", "company_name", "first_name", "last_name", "phone"]

async function paymentModuleCharges({ container, args }) {
  const [specFile, resultFile] = args
  const spec = JSON.parse(fs.readFileSync(specFile, "utf8"))
  const concurrency = Number(spec.concurrency)
  const card = spec.mode === "card" || Number(spec.warmup ?? 0) > 0
  if (!(concurrency >= 1) || !resultFile || !["saved_card", "card"].includes(spec.mode) || (card && !(spec.amount && spec.currency_code))) {
    throw new Error("usage: payment-module-charges.js <spec-file> <result-file>; spec { mode: saved_card | card, concurrency, ... } (amount and currency_code for one-off cards)")
  }
  const { Modules, ContainerRegistrationKeys } = require(require.resolve("@medusajs/framework/utils", { paths: [process.cwd()] }))
  // the plugin's own adapter makes the session data, so the provider is asked exactly what the charge step asks
  const { adapterFor } = require(path.join(process.cwd(), "src", "providers", "adapters"))
  const paymentModule = container.resolve(Modules.PAYMENT)
  const adapter = adapterFor(container, PROVIDER_ID)
  const oneOffCards = (count) =>
    Array.from({ length: count }, () => ({
      amount: spec.amount,
      currency_code: spec.currency_code,
      data: adapter.sessionData({ type: "card", data: { number: "4242424242424242" } }, { off_session: false }),
      context: {},
    }))
  const charges =
    spec.mode === "saved_card"
      ? await savedCardCharges(container.resolve(ContainerRegistrationKeys.PG_CONNECTION), adapter, spec.customer_ids)
      : oneOffCards(Number(spec.count))

  const chargeOne = async (charge) => {
    const collection = await paymentModule.createPaymentCollections({ currency_code: charge.currency_code, amount: charge.amount })
    const session = await paymentModule.createPaymentSession(collection.id, {
      provider_id: PROVIDER_ID,
      currency_code: charge.currency_code,
      amount: charge.amount,
      data: charge.data,
      context: { idempotency_key: collection.id, ...charge.context },
    })
    const payment = await paymentModule.authorizePaymentSession(session.id, {})
    if (!payment) throw new Error(`session ${session.id} was not authorized`)
    await paymentModule.capturePayment({ payment_id: payment.id })
  }

  const limit = pLimit(concurrency)
  // untimed, like the plugin's warm-up requests: one-off card charges, so the code is compiled when the clock starts
  const warmup = Number(spec.warmup ?? 0)
  if (warmup > 0) await Promise.all(oneOffCards(warmup).map((charge) => limit(() => chargeOne(charge))))
  const errors = []
  let done = 0
  // PostgreSQL's process tree (spec.pg_pid), read next to our own CPU at both ends of the window
  const pgCpu = () => (spec.pg_pid ? treeCpuSeconds({ postgres: spec.pg_pid })?.postgres ?? null : null)
  const pgBefore = pgCpu()
  const cpuBefore = process.cpuUsage()
  const started = process.hrtime.bigint()
  await Promise.all(
    charges.map((charge) =>
      limit(() =>
        chargeOne(charge).then(
          () => done++,
          (e) => errors.push(String(e?.message ?? e))
        )
      )
    )
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const cpu = process.cpuUsage(cpuBefore)
  const pgAfter = pgCpu()
  fs.writeFileSync(
    resultFile,
    JSON.stringify({
      charges: done,
      failed: errors.length,
      seconds,
      cpu_seconds: (cpu.user + cpu.system) / 1e6,
      postgres_cpu_seconds: pgBefore != null && pgAfter != null ? pgAfter - pgBefore : null,
      errors: errors.slice(0, 5),
    })
  )
}

/** Before the clock: what the autopay charge step is handed (holder, customer, saved card, amount). */
async function savedCardCharges(pg, adapter, customerIds) {
  const rows = await pg.raw(
    `SELECT c.id, c.email, c.company_name, c.first_name, c.last_name, c.phone,
            to_jsonb(h) AS holder, e.payment_method_id, i.amount_due::text AS amount, i.currency_code
       FROM customer c
       JOIN autopay_enrollment e ON e.customer_id = c.id AND e.status = 'active' AND e.deleted_at IS NULL
       JOIN account_holder h ON h.provider_id = ? AND h.deleted_at IS NULL
        AND h.id IN (SELECT l.account_holder_id FROM customer_account_holder l WHERE l.customer_id = c.id AND l.deleted_at IS NULL)
       JOIN LATERAL (SELECT amount_due, currency_code FROM invoice
                      WHERE customer_id = c.id AND status IN ('open', 'partially_paid') AND deleted_at IS NULL
                      ORDER BY id LIMIT 1) i ON true
      WHERE c.id = ANY(?)`,
    [PROVIDER_ID, customerIds]
  )
  if (rows.rows.length !== customerIds.length) {
    throw new Error(`${customerIds.length} customers given, ${rows.rows.length} with an account holder, an enrollment and an open invoice`)
  }
  return rows.rows.map((row) => ({
    amount: row.amount,
    currency_code: row.currency_code,
    data: adapter.sessionData({ type: "card", saved_method_id: row.payment_method_id }, { off_session: true }),
    context: { customer: Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, row[f] ?? null])), account_holder: row.holder },
  }))
}

// (medusa exec reads the default export)
module.exports = { default: paymentModuleCharges }
