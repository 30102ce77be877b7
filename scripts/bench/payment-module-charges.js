// The autopay benchmark's baseline (scripts/bench/autopay.js
// runPaymentModuleBaseline): the Payment Module calls one autopay charge
// makes, and nothing else, for the same customers, with the same sandbox
// provider and latency and the same number of charges in flight.
//
// Run by `medusa exec` in the built bench app (.bench/app/.medusa/server),
// so the container, the modules and their database connections are the
// app's own, but no HTTP server, job or subscriber is started:
//
//   medusa exec /abs/path/payment-module-charges.js <customer-ids-file> <concurrency> <result-file>
//
// Per customer: its account holder for the sandbox provider and saved card
// are read before the clock starts (the plugin's validate step reads them
// too, but that read is the plugin's own work), then, timed:
// createPaymentCollections → createPaymentSession (off-session, the saved
// card, the account holder in the context, as the charge step does) →
// authorizePaymentSession → capturePayment. Each charge is for the amount its
// customer owes (the open invoice the plugin's run will pay), so the
// provider sees the same amounts. Nothing of the plugin's own tables is read
// or written in the window; the collections made here belong to no customer
// payment (the reconciler only follows collections a customer payment names).
//
// Writes { charges, failed, seconds, cpu_seconds, errors } to <result-file>;
// the caller measures PostgreSQL's CPU around the process.
const fs = require("fs")
const path = require("path")
const pLimit = require("p-limit")

const PROVIDER_ID = "pp_billing-sandbox_sandbox"
const CUSTOMER_FIELDS = ["id", "email", "company_name", "first_name", "last_name", "phone"]

async function paymentModuleCharges({ container, args }) {
  const [idsFile, concurrencyArg, resultFile] = args
  const customerIds = JSON.parse(fs.readFileSync(idsFile, "utf8"))
  const concurrency = Number(concurrencyArg)
  if (!customerIds.length || !(concurrency >= 1) || !resultFile) {
    throw new Error("usage: payment-module-charges.js <customer-ids-file> <concurrency> <result-file>")
  }
  const { Modules, ContainerRegistrationKeys } = require(require.resolve("@medusajs/framework/utils", { paths: [process.cwd()] }))
  // the plugin's own adapter makes the session data, so the provider is asked exactly what the charge step asks
  const { adapterFor } = require(path.join(process.cwd(), "src", "providers", "adapters"))
  const paymentModule = container.resolve(Modules.PAYMENT)
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const adapter = adapterFor(container, PROVIDER_ID)

  // before the clock: what the charge step is handed (holder, customer, saved card, amount)
  const rows = await pg.raw(
    `SELECT c.id, c.email, c.company_name, c.first_name, c.last_name, c.phone,
            to_jsonb(h) AS holder, e.payment_method_id, i.amount_due::text AS amount, i.currency_code
       FROM customer c
       JOIN autopay_enrollment e ON e.customer_id = c.id AND e.deleted_at IS NULL
       JOIN account_holder h ON h.provider_id = ? AND h.deleted_at IS NULL
        AND h.id IN (SELECT l.account_holder_id FROM customer_account_holder l WHERE l.customer_id = c.id AND l.deleted_at IS NULL)
       JOIN LATERAL (SELECT amount_due, currency_code FROM invoice
                      WHERE customer_id = c.id AND status IN ('open', 'partially_paid') AND deleted_at IS NULL
                      ORDER BY id LIMIT 1) i ON true
      WHERE c.id = ANY(?)`,
    [PROVIDER_ID, customerIds]
  )
  const charges = rows.rows.filter((r) => r.amount)
  if (charges.length !== customerIds.length) {
    throw new Error(`${customerIds.length} customers given, ${charges.length} with an account holder, an enrollment and an open invoice`)
  }

  const chargeOne = async (row) => {
    const collection = await paymentModule.createPaymentCollections({ currency_code: row.currency_code, amount: row.amount })
    const session = await paymentModule.createPaymentSession(collection.id, {
      provider_id: PROVIDER_ID,
      currency_code: row.currency_code,
      amount: row.amount,
      data: adapter.sessionData({ type: "card", saved_method_id: row.payment_method_id }, { off_session: true }),
      context: {
        idempotency_key: collection.id,
        customer: Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, row[f] ?? null])),
        account_holder: row.holder,
      },
    })
    const payment = await paymentModule.authorizePaymentSession(session.id, {})
    if (!payment) throw new Error(`session ${session.id} was not authorized`)
    await paymentModule.capturePayment({ payment_id: payment.id })
  }

  const limit = pLimit(concurrency)
  const errors = []
  let done = 0
  console.log("payment-module-charges: start")
  const cpuBefore = process.cpuUsage()
  const started = process.hrtime.bigint()
  await Promise.all(
    charges.map((row) =>
      limit(() =>
        chargeOne(row).then(
          () => done++,
          (e) => errors.push(`${row.id}: ${e?.message ?? e}`)
        )
      )
    )
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const cpu = process.cpuUsage(cpuBefore)
  console.log("payment-module-charges: end")
  fs.writeFileSync(
    resultFile,
    JSON.stringify({
      charges: done,
      failed: errors.length,
      seconds: Number(seconds.toFixed(1)),
      cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      errors: errors.slice(0, 5),
    })
  )
}

// (medusa exec reads the default export)
module.exports = { default: paymentModuleCharges }
