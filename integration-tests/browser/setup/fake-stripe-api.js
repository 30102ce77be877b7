// Preloaded (`node --require`) into the Stripe app's server process
// (stripe-server.js): Stripe's HTTP API answered in-process by nock, as
// integration-tests/http/stripe-provider.spec.ts and payment-methods.spec.ts
// fake it (customers, PaymentIntents, SetupIntents, a customer's methods,
// capture, cancel, detach), so Medusa's Stripe provider and the real
// `stripe` SDK run without a network.
//
// What Stripe.js does in the browser (confirm an intent with its client
// secret) reaches the same in-memory state through a small control server on
// 127.0.0.1:$FAKE_STRIPE_CONTROL_PORT: the browser suite routes the fake
// Stripe.js's calls to https://api.stripe.com there. It also answers
// GET /__requests (what the server asked Stripe) for the suite's assertions.
const http = require("http")
const nock = require("nock")

const intents = new Map()
const setupIntents = new Map()
const attached = new Map() // Stripe customer → its payment methods
const requests = []
let counter = 0

const form = (body) => Object.fromEntries(new URLSearchParams(String(body ?? "")))
const log = (method, uri, body) => {
  const f = form(body)
  requests.push({ method, path: uri.split("?")[0], form: f })
  return f
}
const stripeError = (status, type, message, extra = {}) => [status, { error: { type, message, ...extra } }]

nock.disableNetConnect()
nock.enableNetConnect((host) => !/(^|\.)stripe\.com(:\d+)?$/.test(host))

nock("https://api.stripe.com")
  .persist()
  .post("/v1/customers")
  .reply(200, (uri, body) => {
    const f = log("POST", uri, body)
    return { id: `cus_fake_${++counter}`, object: "customer", email: f.email ?? null }
  })
  .post("/v1/payment_intents")
  .reply(200, (uri, body) => {
    const f = log("POST", uri, body)
    const id = `pi_fake_${++counter}`
    const intent = {
      id,
      object: "payment_intent",
      amount: Number(f.amount),
      amount_received: 0,
      currency: f.currency,
      customer: f.customer ?? null,
      capture_method: f.capture_method ?? "automatic",
      setup_future_usage: f.setup_future_usage ?? null,
      payment_method_types: [f["payment_method_types[0]"] ?? "card"],
      payment_method: f.payment_method ?? null,
      // confirmed server-side with a saved method: Stripe holds the authorization
      status: f.confirm === "true" && f.payment_method ? "requires_capture" : "requires_payment_method",
      client_secret: `${id}_secret_fake`,
      last_payment_error: null,
      latest_charge: null,
      metadata: { session_id: f["metadata[session_id]"] },
    }
    intents.set(id, intent)
    return intent
  })
  .get(/^\/v1\/payment_intents\/pi_fake_\d+(\?.*)?$/)
  .reply((uri) => {
    log("GET", uri)
    const intent = intents.get(uri.split("?")[0].split("/")[3])
    return intent ? [200, intent] : stripeError(404, "invalid_request_error", "No such payment_intent")
  })
  .post(/^\/v1\/payment_intents\/pi_fake_\d+$/)
  .reply((uri, body) => {
    const f = log("POST", uri, body)
    const intent = intents.get(uri.split("/")[3])
    if (!intent) return stripeError(404, "invalid_request_error", "No such payment_intent")
    if (f.amount) intent.amount = Number(f.amount)
    return [200, intent]
  })
  .post(/^\/v1\/payment_intents\/pi_fake_\d+\/capture$/)
  .reply((uri, body) => {
    log("POST", uri, body)
    const intent = intents.get(uri.split("/")[3])
    if (!intent) return stripeError(404, "invalid_request_error", "No such payment_intent")
    if (intent.status !== "requires_capture") {
      return stripeError(400, "invalid_request_error", `This PaymentIntent could not be captured because it has a status of ${intent.status}.`)
    }
    return [200, Object.assign(intent, { status: "succeeded", amount_received: intent.amount, latest_charge: `ch_fake_${++counter}` })]
  })
  .post(/^\/v1\/payment_intents\/pi_fake_\d+\/cancel$/)
  .reply((uri, body) => {
    log("POST", uri, body)
    const intent = intents.get(uri.split("/")[3])
    if (!intent) return stripeError(404, "invalid_request_error", "No such payment_intent")
    return [200, Object.assign(intent, { status: "canceled" })]
  })
  .post("/v1/setup_intents")
  .reply(200, (uri, body) => {
    const f = log("POST", uri, body)
    const id = `seti_fake_${++counter}`
    const intent = {
      id,
      object: "setup_intent",
      customer: f.customer ?? null,
      usage: f.usage ?? "off_session",
      payment_method_types: [f["payment_method_types[0]"] ?? "card"],
      payment_method: null,
      status: "requires_payment_method",
      client_secret: `${id}_secret_fake`,
    }
    setupIntents.set(id, intent)
    return intent
  })
  .get(/^\/v1\/setup_intents\/seti_fake_\d+(\?.*)?$/)
  .reply((uri) => {
    log("GET", uri)
    const intent = setupIntents.get(uri.split("?")[0].split("/")[3])
    return intent ? [200, intent] : stripeError(404, "invalid_request_error", "No such setup_intent")
  })
  .get(/^\/v1\/customers\/cus_fake_\d+\/payment_methods/)
  .reply(200, (uri) => {
    log("GET", uri)
    const customer = uri.split("/")[3]
    return { object: "list", data: attached.get(customer) ?? [], has_more: false, url: uri.split("?")[0] }
  })
  .post(/^\/v1\/payment_methods\/pm_fake_\w+\/detach$/)
  .reply(200, (uri) => {
    log("POST", uri)
    const id = uri.split("/")[3]
    for (const [customer, methods] of attached) attached.set(customer, methods.filter((m) => m.id !== id))
    return { id, object: "payment_method", customer: null }
  })
  // anything else: say so in the server log and answer as Stripe does for an unknown route
  .intercept(/.*/, "GET")
  .reply((uri) => {
    console.error(`[fake Stripe] no fake for GET ${uri}`)
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (GET: ${uri}) in the fake Stripe API`)
  })
  .intercept(/.*/, "POST")
  .reply((uri, body) => {
    console.error(`[fake Stripe] no fake for POST ${uri} ${body}`)
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (POST: ${uri}) in the fake Stripe API`)
  })
  .intercept(/.*/, "DELETE")
  .reply((uri) => stripeError(404, "invalid_request_error", `Unrecognized request URL (DELETE: ${uri}) in the fake Stripe API`))

// ---------------------------------------------------------------------------
// What Stripe.js does from the browser, with the intent's client secret

/** The test cards of Stripe's test mode that the fake knows; any other number is approved as a Visa. */
const DECLINED = new Set(["4000000000000002"])

function paymentMethodFrom(f, type) {
  const id = `pm_fake_${++counter}`
  if (type === "us_bank_account") {
    const account = String(f["payment_method_data[us_bank_account][account_number]"] ?? "000123456789")
    return { id, object: "payment_method", type, us_bank_account: { bank_name: "STRIPE TEST BANK", last4: account.slice(-4) } }
  }
  const number = String(f["payment_method_data[card][number]"] ?? "4242424242424242")
  const [month, year] = String(f["payment_method_data[card][exp]"] ?? "12/34").split("/")
  return {
    id,
    object: "payment_method",
    type: "card",
    card: { brand: "visa", last4: number.slice(-4), exp_month: Number(month), exp_year: 2000 + Number(year) },
  }
}

function declined(f) {
  return DECLINED.has(String(f["payment_method_data[card][number]"] ?? ""))
}

const DECLINE = {
  type: "card_error",
  code: "card_declined",
  decline_code: "generic_decline",
  message: "Your card was declined.",
}

/** POST /v1/{payment,setup}_intents/:id/confirm from the browser: [status, body]. */
function confirm(kind, id, f) {
  const store = kind === "payment_intents" ? intents : setupIntents
  const intent = store.get(id)
  if (!intent || f.client_secret !== intent.client_secret) {
    return stripeError(404, "invalid_request_error", `No such ${kind === "payment_intents" ? "payment_intent" : "setup_intent"}: '${id}'`)
  }
  if (!["requires_payment_method", "requires_confirmation"].includes(intent.status)) {
    return stripeError(400, "invalid_request_error", `You cannot confirm this ${intent.object} because it has a status of ${intent.status}.`, {
      code: "payment_intent_unexpected_state",
    })
  }
  const method = paymentMethodFrom(f, intent.payment_method_types[0])
  if (declined(f)) {
    intent.status = "requires_payment_method"
    intent.last_payment_error = { ...DECLINE, payment_method: method }
    return [402, { error: { ...DECLINE, [kind === "payment_intents" ? "payment_intent" : "setup_intent"]: intent } }]
  }
  intent.last_payment_error = null
  if (kind === "payment_intents") {
    intent.payment_method = method
    intent.status =
      method.type === "us_bank_account" ? "processing" : intent.capture_method === "manual" ? "requires_capture" : "succeeded"
    if (intent.customer && intent.setup_future_usage) attach(intent.customer, method)
  } else {
    intent.payment_method = method.id
    intent.status = "succeeded"
    if (intent.customer) attach(intent.customer, method)
  }
  return [200, intent]
}

function attach(customer, method) {
  attached.set(customer, [...(attached.get(customer) ?? []), { ...method, customer }])
}

const port = Number(process.env.FAKE_STRIPE_CONTROL_PORT)
if (port) {
  http
    .createServer((req, res) => {
      let body = ""
      req.on("data", (chunk) => (body += chunk))
      req.on("end", () => {
        const send = (status, value) => {
          res.writeHead(status, { "content-type": "application/json" })
          res.end(JSON.stringify(value))
        }
        const path = (req.url ?? "").split("?")[0]
        const match = /^\/v1\/(payment_intents|setup_intents)\/([\w]+)\/confirm$/.exec(path)
        if (req.method === "POST" && match) {
          const f = form(body)
          requests.push({ method: "POST", path, form: f, from: "browser" })
          const [status, answer] = confirm(match[1], match[2], f)
          return send(status, answer)
        }
        if (req.method === "GET" && path === "/__requests") return send(200, requests)
        if (req.method === "GET" && path === "/__intents") return send(200, [...intents.values()])
        send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${path})` } })
      })
    })
    .on("error", (error) => console.error(`[fake Stripe] control server on ${port}: ${error.message}`))
    .listen(port, "127.0.0.1")
}
