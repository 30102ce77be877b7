import type { Browser } from "playwright-core"
import { CUSTOMERS } from "./fixtures"
import { adminToken, portalUrl, seed } from "./support/app"
import type { Page } from "playwright-core"
import { launchBrowser, newContext, screenshot, seriousA11yViolations, signIn, watchForPageErrors } from "./support/browser"
import { recordStripeRequests, routeFakeStripe, signInOn, startStripeApp, stripeAppStoreGet, stripeRequests, type StripeApp } from "./support/stripe"

jest.setTimeout(120_000)

/**
 * Journey: paying and saving a card through Stripe's Payment Element, offline.
 * A second app on the suites' database runs Medusa's Stripe provider with
 * Stripe's API faked in its process (setup/stripe-server.js); the browser
 * gets a fake Stripe.js for js.stripe.com (support/fake-stripe.js). The
 * shared app (sandbox) must never load Stripe at all.
 */
describe("Stripe's Payment Element in the portal", () => {
  let browser: Browser
  let stripeApp: StripeApp
  // the Stripe app boots while the sandbox checks run; its own tests wait for it
  let starting: Promise<StripeApp>

  beforeAll(async () => {
    starting = startStripeApp()
    starting.catch(() => {}) // awaited by the tests that need it
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await (await starting.catch(() => null))?.stop()
  })
  const stripeAppReady = async () => (stripeApp ??= await starting)

  /** The scripts the page fetched whose code mentions `text` (the Stripe.js loader names js.stripe.com). */
  const scriptsMentioning = (page: Page, text: string) => {
    const found: Promise<string | null>[] = []
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return
      found.push(
        response
          .text()
          .then((body) => (body.includes(text) ? response.url() : null))
          .catch(() => null)
      )
    })
    return async () => (await Promise.all(found)).filter(Boolean)
  }

  const configOf = (html: string) =>
    JSON.parse(/<script type="application\/json" id="billing-portal-config">([\s\S]*?)<\/script>/.exec(html)![1])

  it("the sandbox portal never loads Stripe: no key in the page, no Stripe in its CSP, no request to Stripe on Home or Make a payment", async () => {
    const res = await fetch(portalUrl("/"))
    expect(res.headers.get("content-security-policy")).not.toContain("stripe")
    expect(configOf(await res.text())).not.toHaveProperty("stripe_publishable_key")

    const context = await newContext(browser)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const stripe = recordStripeRequests(page)
    const scripts = scriptsMentioning(page, "js.stripe.com")
    await signIn(page, "sven")
    await page.getByRole("heading", { level: 1, name: `Welcome, ${CUSTOMERS.sven.first_name}` }).waitFor()
    await page.goto(portalUrl("/make-payment?mode=total_balance&currency=usd"))
    await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
    await page.waitForLoadState("networkidle")
    expect(stripe).toEqual([])
    expect(await page.evaluate(() => "Stripe" in window)).toBe(false)
    // and no Stripe.js loader among the scripts the two pages fetched
    expect(await scripts()).toEqual([])
    expect(problems()).toEqual([])
    await context.close()
  })

  it("the Stripe app's portal carries the publishable key and allows Stripe in its CSP, and only Stripe", async () => {
    await stripeAppReady()
    const res = await fetch(`${stripeApp.baseUrl}/billing/`)
    const csp = res.headers.get("content-security-policy")!
    expect(csp).toContain("script-src 'self' https://js.stripe.com https://*.js.stripe.com;")
    expect(csp).toContain("connect-src 'self' https://api.stripe.com;")
    expect(csp).toMatch(/frame-src [^;]*https:\/\/hooks\.stripe\.com/)
    expect(configOf(await res.text())).toMatchObject({
      stripe_publishable_key: stripeApp.publishableKey,
      stripe_method_types: ["card", "us_bank_account"],
      publishable_key: seed.publishable_key,
    })
  })

  type Invoice = { id: string; number: string; amount_due: number; status: string }
  type Payment = { id: string; status: string; amount: number; transaction_id: string | null; created_at: string }

  const svenInvoices = async () =>
    (await stripeAppStoreGet(stripeApp, "sven", "/store/billing/invoices?order=due_at")).invoices as Invoice[]
  const svenPayments = async () => (await stripeAppStoreGet(stripeApp, "sven", "/store/billing/payments")).payments as Payment[]

  /** What the page's Stripe.js was asked: the Elements options as last updated, and the confirmations. */
  const fakeStripeCalls = (page: Page) => page.evaluate(() => (window as any).__fakeStripe.calls as Record<string, any>[])
  const elementsOptions = (calls: Record<string, any>[]) =>
    calls
      .filter((c) => c.call === "elements" || c.call === "elements.update")
      .reduce((options, c) => (c.call === "elements" ? { ...c.options } : { ...options, ...c.options }), {} as Record<string, any>)

  const fillCard = async (page: Page, number: string) => {
    await page.getByLabel("Card number").fill(number)
    await page.getByLabel("Expiration (MM / YY)").fill("12 / 34")
    await page.getByLabel("Security code").fill("123")
  }

  it("pays an invoice through the Payment Element: a decline shown next to it, then the same payment confirmed, completed and captured once", async () => {
    await stripeAppReady()
    const [boiler] = await svenInvoices()
    expect(boiler).toMatchObject({ status: "open", amount_due: 182.4 })
    expect(await svenPayments()).toEqual([])

    const context = await newContext(browser)
    await routeFakeStripe(context, stripeApp)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    const stripe = recordStripeRequests(page)
    await signInOn(stripeApp, page, "sven")
    // Home loads no Stripe.js: only a payment form does
    expect(stripe).toEqual([])
    await page.goto(`${stripeApp.baseUrl}/billing/make-payment?invoices=${boiler.id}`)
    await page.getByRole("heading", { level: 1, name: "Make a payment" }).waitFor()
    await page.getByRole("button", { name: "Pay $182.40" }).waitFor()
    await page.getByLabel("Card number").waitFor()
    expect(stripe).toEqual(["GET https://js.stripe.com/basil/stripe.js"])

    const calls = await fakeStripeCalls(page)
    expect(calls[0]).toEqual({ call: "Stripe", key: stripeApp.publishableKey, options: null })
    // the deferred intent's options match what Medusa's Stripe provider creates: manual capture, $182.40, card
    expect(elementsOptions(calls)).toMatchObject({
      mode: "payment",
      amount: 18240,
      currency: "usd",
      captureMethod: "manual",
      paymentMethodTypes: ["card"],
    })
    await fillCard(page, "4242 4242 4242 4242")
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "stripe-payment-element")

    // Stripe declines: its words next to the element, the payment still pending
    await fillCard(page, "4000 0000 0000 0002")
    await page.getByRole("button", { name: "Pay $182.40" }).click()
    const declined = page.getByRole("alert").filter({ hasText: "Your card was declined." })
    await declined.waitFor()
    expect(await declined.getAttribute("id")).toBe("new-method-stripe-error")
    expect(await page.getByTestId("stripe-payment-element").getAttribute("aria-describedby")).toBe("new-method-stripe-error")
    const [pending] = await svenPayments()
    expect(pending).toMatchObject({ status: "pending", amount: 182.4, transaction_id: expect.stringMatching(/^pi_fake_\d+$/) })
    const intentId = pending.transaction_id!
    // its invoice is held for it: the page offers to confirm that same payment again
    await page.getByTestId("stripe-retry").getByText("Your payment of $182.40 is waiting").waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "stripe-payment-declined")
    // the invoice it holds stays chosen at its amount (the invoices, asked again, show it held by this very payment)
    await page.getByRole("radio", { name: /^Selected invoices \(1\)/ }).waitFor()
    expect(await page.getByRole("checkbox", { name: new RegExp(boiler.number) }).isChecked()).toBe(true)

    // another card: the same payment (same Idempotency-Key) is confirmed again, then completed
    await fillCard(page, "4242 4242 4242 4242")
    await expect(declined.count()).resolves.toBe(0)
    await page.getByRole("button", { name: "Pay $182.40" }).click()
    await page.getByRole("heading", { level: 1, name: "Thank you, your payment went through" }).waitFor()
    expect(await page.getByTestId("transaction-id").innerText()).toBe(intentId)

    const payments = await svenPayments()
    expect(payments).toHaveLength(1)
    expect(payments[0]).toMatchObject({ id: pending.id, status: "succeeded", amount: 182.4, transaction_id: intentId })
    expect((await svenInvoices()).find((i) => i.id === boiler.id)).toMatchObject({ status: "paid", amount_due: 0 })

    const requests = await stripeRequests(stripeApp)
    const confirms = requests.filter((r) => r.from === "browser" && r.path === `/v1/payment_intents/${intentId}/confirm`)
    expect(confirms.map((r) => r.form["payment_method_data[card][number]"])).toEqual(["4000000000000002", "4242424242424242"])
    expect(confirms.every((r) => r.form.client_secret === `${intentId}_secret_fake`)).toBe(true)
    expect(requests.filter((r) => r.path.endsWith("/capture")).map((r) => r.path)).toEqual([`/v1/payment_intents/${intentId}/capture`])
    expect(requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents")).toHaveLength(1)
    expect((await fakeStripeCalls(page)).filter((c) => c.call === "confirmPayment").map((c) => c.redirect)).toEqual([
      "if_required",
      "if_required",
    ])
    expect(problems()).toEqual([])
    await context.close()
  })

  it("pays a pay link (no sign-in) through the Payment Element: Stripe.js confirms, then the link's complete; one capture", async () => {
    await stripeAppReady()
    const [, inspection] = await svenInvoices()
    expect(inspection).toMatchObject({ status: "open", amount_due: 95 })
    // the admin sends the invoice: its email carries the pay link (the token in the fragment)
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${stripeApp.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      expect(res.status).toBeLessThan(300)
      return (await res.json()) as any
    }
    await admin("POST", `/admin/billing/invoices/${inspection.id}/send`, {})
    const { notifications } = await admin(
      "GET",
      `/admin/notifications?to=${encodeURIComponent(CUSTOMERS.sven.email)}&limit=50&order=-created_at`
    )
    const email = notifications.find((n: any) => n.template === "billing.invoice_issued" && n.resource_id === inspection.id)
    const token = new URLSearchParams(new URL(email.data.payment_url).hash.slice(1)).get("token")!

    const context = await newContext(browser)
    await routeFakeStripe(context, stripeApp)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await page.goto(`${stripeApp.baseUrl}/billing/pay#token=${token}`)
    await page.getByRole("heading", { level: 1, name: "Pay your invoices" }).waitFor()
    await page.getByLabel("Card number").waitFor()
    // the element is set up for what the link asks: $95.00 in USD
    expect(elementsOptions(await fakeStripeCalls(page))).toMatchObject({ mode: "payment", amount: 9500, currency: "usd" })
    await fillCard(page, "4242 4242 4242 4242")
    // The first complete's answer comes back still pending (as when another request of the payment
    // holds it), and Pay again's replay still names the action Stripe.js already handled: the page
    // asks the server where the payment stands, and never has Stripe.js confirm it a second time.
    let firstPay: any
    await page.route("**/store/billing/pay-link/pay", async (route) => {
      const response = await route.fetch()
      firstPay = await response.json()
      await route.fulfill({ response, json: firstPay })
    }, { times: 1 })
    await page.route("**/store/billing/pay-link/payments/*/complete", async (route) => {
      const response = await route.fetch()
      const body = await response.json()
      await route.fulfill({ response, json: { ...body, payment: { ...body.payment, status: "pending" } } })
    }, { times: 1 })
    await page.getByRole("button", { name: "Pay $95.00" }).click()
    await page.getByText("Your bank has not confirmed this card payment yet.", { exact: false }).waitFor()
    await page.route("**/store/billing/pay-link/pay", async (route) => {
      const response = await route.fetch()
      const body = await response.json()
      expect(body.payment.id).toBe(firstPay.payment.id)
      await route.fulfill({ response, json: { ...body, payment: { ...body.payment, status: "pending", next_action: firstPay.payment.next_action } } })
    }, { times: 1 })
    const completes: string[] = []
    page.on("request", (r) => void (r.url().includes("/store/billing/pay-link/payments/") && completes.push(r.method())))
    await page.getByRole("button", { name: "Pay $95.00" }).click()
    await page.getByRole("heading", { level: 1, name: "Thank you for your payment" }).waitFor()
    expect(completes).toEqual(["POST"])

    const paid = (await svenPayments()).find((p) => p.amount === 95)!
    expect(paid).toMatchObject({ status: "succeeded", transaction_id: expect.stringMatching(/^pi_fake_\d+$/) })
    expect((await svenInvoices()).find((i) => i.id === inspection.id)).toMatchObject({ status: "paid", amount_due: 0 })
    const requests = await stripeRequests(stripeApp)
    expect(requests.filter((r) => r.from === "browser" && r.path === `/v1/payment_intents/${paid.transaction_id}/confirm`)).toHaveLength(1)
    expect(requests.filter((r) => r.path === `/v1/payment_intents/${paid.transaction_id}/capture`)).toHaveLength(1)
    expect(problems()).toEqual([])
    await context.close()
  })

  it("adds a card on Payment methods: a SetupIntent confirmed by Stripe.js, the card then listed from Stripe", async () => {
    await stripeAppReady()
    const context = await newContext(browser, "phone")
    await routeFakeStripe(context, stripeApp)
    const page = await context.newPage()
    const problems = watchForPageErrors(page)
    await signInOn(stripeApp, page, "sven")
    await page.goto(`${stripeApp.baseUrl}/billing/payment-methods`)
    await page.getByRole("heading", { level: 1, name: "Payment methods" }).waitFor()
    await page.getByTestId("no-methods").waitFor()
    await page.getByRole("button", { name: "Add payment method" }).click()
    await page.getByLabel("Card number").waitFor()
    expect(elementsOptions(await fakeStripeCalls(page))).toMatchObject({ mode: "setup", currency: "usd", paymentMethodTypes: ["card"] })

    await fillCard(page, "4242 4242 4242 4242")
    await page.getByRole("button", { name: "Save payment method" }).click()
    await page.getByText("Your card was saved.").waitFor()
    await page.getByText(/4242/).first().waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "stripe-card-saved")

    const { payment_methods } = await stripeAppStoreGet(stripeApp, "sven", "/store/billing/payment-methods")
    expect(payment_methods).toEqual([
      expect.objectContaining({ type: "card", brand: "visa", last4: "4242", expires: "12/2034", provider_id: "pp_stripe_stripe" }),
    ])
    const requests = await stripeRequests(stripeApp)
    const setup = requests.filter((r) => r.method === "POST" && r.path === "/v1/setup_intents")
    expect(setup).toHaveLength(1)
    expect(setup[0].form).toMatchObject({ "payment_method_types[0]": "card", usage: "off_session", customer: expect.stringMatching(/^cus_fake_/) })
    expect(requests.filter((r) => r.from === "browser" && /^\/v1\/setup_intents\/seti_fake_\d+\/confirm$/.test(r.path))).toHaveLength(1)
    expect(problems()).toEqual([])
    await context.close()
  })
})
