// Baseline of the payment benchmark (DESIGN sec. 12): Medusa's own checkout,
// POST /store/carts/:id/complete, with the same sandbox provider and card as
// the plugin's payment creation, at the same concurrency, against the same
// server in the same run.
//
// Before the measured window every cart is prepared through the store API
// (`prepareCarts`): a guest cart in the demo region (sandbox provider enabled
// by seed-app.ts) with one line item of a variant with `manage_inventory:
// false`, email and addresses, the flat-rate shipping method, its payment
// collection and a sandbox payment session whose data is the test card
// (`payment_method_type: "card", payment_method_data.number: 4242…`). The
// window (`runCheckout`) then only sends `complete`, each cart once; every
// answer must be 200 with `type: "order"`.
const { runAutocannon, summarize } = require("./measure")
const { cpuMeter } = require("./payments")

const CARD = "4242424242424242"
const ADDRESS = { first_name: "Bench", last_name: "Buyer", address_1: "1 Bench St", city: "Austin", country_code: "us", postal_code: "78701" }

async function post(base, key, route, body) {
  const res = await fetch(`${base}${route}`, {
    method: "POST",
    headers: { "x-publishable-api-key": key, "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  })
  const text = await res.text()
  let json = null
  try {
    json = JSON.parse(text)
  } catch {}
  if (res.status !== 200) throw new Error(`POST ${route} answered ${res.status}: ${text.slice(0, 400)}`)
  return json
}

/** One cart ready to complete; returns its id. */
async function prepareCart({ base, publishableKey, checkout, n }) {
  const { cart } = await post(base, publishableKey, "/store/carts", {
    region_id: checkout.region_id,
    email: `bench-buyer-${n}@example.com`,
    items: [{ variant_id: checkout.variant_id, quantity: 1 }],
    shipping_address: ADDRESS,
    billing_address: ADDRESS,
  })
  await post(base, publishableKey, `/store/carts/${cart.id}/shipping-methods`, { option_id: checkout.shipping_option_id })
  const { payment_collection } = await post(base, publishableKey, "/store/payment-collections", { cart_id: cart.id })
  await post(base, publishableKey, `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: checkout.provider_id,
    data: { payment_method_type: "card", payment_method_data: { number: CARD } },
  })
  return cart.id
}

/** `count` carts, `concurrency` at a time; returns their ids and how long it took. */
async function prepareCarts({ base, publishableKey, checkout, count, concurrency = 8, log }) {
  const ids = []
  let next = 0
  const started = Date.now()
  const worker = async () => {
    while (next < count) {
      const n = next++
      ids.push(await prepareCart({ base, publishableKey, checkout, n: `${started.toString(36)}-${n}` }))
      if (log && ids.length % 200 === 0) log(`    ${ids.length}/${count} carts ready`)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return { ids, seconds: (Date.now() - started) / 1000 }
}

function problemWith(status, text) {
  if (status !== 200) return `status ${status}`
  try {
    const body = JSON.parse(text)
    if (body?.type !== "order" || !body.order?.id) return `type ${body?.type}: ${JSON.stringify(body?.error ?? body).slice(0, 200)}`
  } catch {
    return "body is not JSON"
  }
  return null
}

/** Completes one cart outside the load run (check before measuring). */
async function completeOnce({ base, publishableKey, cartId }) {
  const res = await fetch(`${base}/store/carts/${cartId}/complete`, {
    method: "POST",
    headers: { "x-publishable-api-key": publishableKey, "content-type": "application/json" },
    body: "{}",
  })
  const text = await res.text()
  const why = problemWith(res.status, text)
  if (why) throw new Error(`POST /store/carts/${cartId}/complete (check) failed: ${why}: ${text.slice(0, 400)}`)
  return JSON.parse(text).order
}

/**
 * Completes every cart of `cartIds` once, `connections` at a time.
 * Same result shape as payments.runPayments (rps counts orders).
 */
async function runCheckout({ base, publishableKey, cartIds, connections, maxSeconds, cpuRoots }) {
  const amount = cartIds.length
  if (amount < 1) throw new Error("no prepared carts: nothing to measure")
  connections = Math.min(connections, amount)
  const stats = { ok: 0, problems: 0, status_codes: {}, first_problems: [] }
  const samples = []
  let next = 0
  let lastResponse = null
  const request = {
    method: "POST",
    setupRequest(req, context) {
      const id = cartIds[next++] ?? cartIds[cartIds.length - 1]
      context.cart = id
      return {
        ...req,
        method: "POST",
        path: `/store/carts/${id}/complete`,
        headers: { "x-publishable-api-key": publishableKey, "content-type": "application/json" },
        body: "{}",
      }
    },
    onResponse(status, text, context) {
      stats.status_codes[status] = (stats.status_codes[status] ?? 0) + 1
      const why = problemWith(status, text)
      if (why) {
        stats.problems++
        if (stats.first_problems.length < 5) stats.first_problems.push(`${why} (cart ${context.cart}): ${String(text).slice(0, 300)}`)
      } else stats.ok++
    },
  }
  const meter = cpuMeter(cpuRoots)
  const started = process.hrtime.bigint()
  const result = await runAutocannon(
    // a slow answer (a loaded machine) is still an order: wait for it as long as the run may last
    { url: base, connections, pipelining: 1, timeout: Math.max(30, maxSeconds ?? 30), amount, requests: [request] },
    (_client, statusCode, _bytes, responseTime) => {
      lastResponse = process.hrtime.bigint()
      if (statusCode >= 200 && statusCode < 300) samples.push(responseTime)
    },
    { maxSeconds }
  )
  const seconds = Number((lastResponse ?? process.hrtime.bigint()) - started) / 1e9
  const cpu = meter.stop()
  const responses = Object.values(stats.status_codes).reduce((a, b) => a + b, 0)
  return {
    route: "POST /store/carts/:id/complete",
    requested: amount,
    responses,
    ok: stats.ok,
    problems: stats.problems,
    first_problems: stats.first_problems,
    status_codes: stats.status_codes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    stopped_early: responses < amount,
    connections,
    seconds: Number(seconds.toFixed(3)),
    rps: stats.ok / seconds,
    precise: summarize(samples),
    autocannon: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean },
    cpu_seconds: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Number(v.toFixed(2))])),
  }
}

module.exports = { prepareCarts, prepareCart, completeOnce, runCheckout, CARD }
