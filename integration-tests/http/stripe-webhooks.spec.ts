import Stripe from "stripe"
import { stripeSmallestUnit } from "../../src/providers/internals/stripe-smallest-unit"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { allocate } from "../../src/domain/allocation"
import { toMinor } from "../../src/domain/money"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { recordOutcome } from "../../src/workflows/payments/record-outcome"
import { settle, eventually, expectInvariants as expectAllInvariants } from "../helpers"

jest.setTimeout(180_000)

const WEBHOOK_SECRET = "whsec_billing_portal_test"
process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ stripe: { webhookSecret: WEBHOOK_SECRET } })

const stripe = new Stripe("sk_test_offline")
const usd = (v: string) => toMinor(v, "usd")

/** A deterministic shuffle (mulberry32), so a failing seed can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed
  const random = () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}


medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let invoicing: InvoicingModuleService

    beforeEach(() => {
      invoicing = getContainer().resolve(INVOICING_MODULE)
    })

    afterAll(() => {
      delete process.env.BILLING_PORTAL_OPTIONS // suites share the process
    })

    const deliver = (event: Record<string, unknown>, options: { secret?: string; timestamp?: number; tamper?: boolean; unsigned?: boolean } = {}) => {
      const payload = JSON.stringify(event)
      const header = stripe.webhooks.generateTestHeaderString({
        payload,
        secret: options.secret ?? WEBHOOK_SECRET,
        timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
      })
      const body = options.tamper ? payload.replace('"fraudulent"', '"general"') : payload
      return settle(
        api.post("/hooks/billing/stripe", body, {
          headers: { "content-type": "application/json", ...(options.unsigned ? {} : { "stripe-signature": header }) },
        })
      )
    }

    const dispute = (id: string, paymentIntent: string) => ({
      id,
      object: "event",
      type: "charge.dispute.created",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: `dp_${id}`, object: "dispute", payment_intent: paymentIntent, reason: "fraudulent" } },
    })
    const chargeFailed = (id: string, paymentIntent: string) => ({
      id,
      object: "event",
      type: "charge.failed",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: `ch_${id}`, object: "charge", payment_intent: paymentIntent, failure_code: "account_closed" } },
    })

    /** A customer with two paid invoices, each paid by its own succeeded Stripe payment. */
    const paidCustomer = async (customerId: string) => {
      const payments: string[] = []
      for (const [i, price] of ["100.00", "40.50"].entries()) {
        const draft = await invoicing.createDraftInvoice({
          customer_id: customerId,
          currency_code: "usd",
          due_at: new Date(),
          lines: [{ title: "Service", quantity: "1", unit_price: price }],
        })
        const invoice = await invoicing.issueInvoice(draft.id, { now: new Date() })
        const payment = await invoicing.recordSucceededPayment({
          customer_id: customerId,
          currency_code: "usd",
          amount: usd(price),
          allocations: [{ invoice_id: invoice.id, amount: usd(price) }],
          method: i === 0 ? "card" : "us_bank_account",
          source: "portal",
          mode: "selected_invoices",
          transaction_id: `pi_${customerId}_${i}`,
          occurred_at: new Date(),
        })
        payments.push(payment.id)
      }
      return payments
    }

    /** A 60.00 invoice of the customer's, paid by a bank debit still processing under the PaymentIntent `paymentIntent`. */
    const processingDebit = async (customer: string, paymentIntent: string) => {
      const draft = await invoicing.createDraftInvoice({
        customer_id: customer,
        currency_code: "usd",
        due_at: new Date(),
        lines: [{ title: "Service", quantity: "1", unit_price: "60.00" }],
      })
      await invoicing.issueInvoice(draft.id, { now: new Date() })
      const { payment_id } = await invoicing.reservePayment(
        { customer_id: customer, currency_code: "usd", method: "us_bank_account", source: "portal", idempotency_key: paymentIntent, request_hash: paymentIntent },
        (invoices, credit) =>
          allocate(invoices, { customer_id: customer, mode: "total_balance", currency_code: "usd", credit }, {
            allow_partial_payments: false,
            allow_prepayment: false,
            minimum_payment: 0n,
          })
      )
      await recordOutcome(getContainer(), payment_id, { status: "processing", transaction_id: paymentIntent })
      return payment_id
    }

    const ledgerOf = async (customerId: string) =>
      (await invoicing.listLedgerEntries({ customer_id: customerId }, { order: { sequence: "ASC" } })).map(
        (e: any) => `${e.type}:${e.raw_amount.value}:${e.raw_balance_after.value}`
      )

    const expectInvariants = () => expectAllInvariants(getContainer())

    it("rejects unsigned, tampered, wrongly signed and stale events with 400 and changes nothing", async () => {
      const [cardPayment] = await paidCustomer("cus_sig")
      const event = dispute("evt_sig", "pi_cus_sig_0")
      const cases = [
        [{ unsigned: true }, /stripe-signature header is required/],
        [{ tamper: true }, /signature verification failed/],
        [{ secret: "whsec_someone_else" }, /signature verification failed/],
        [{ timestamp: Math.floor(Date.now() / 1000) - 301 }, /signature verification failed/],
      ] as const
      for (const [options, message] of cases) {
        const res = await deliver(event, options)
        expect({ options, status: res.status }).toEqual({ options, status: 400 })
        expect(res.data.message).toMatch(message)
      }
      const [, stored] = await invoicing.listAndCountWebhookEvents({})
      expect(stored).toBe(0)
      expect((await invoicing.retrieveCustomerPayment(cardPayment)).status).toBe("succeeded")
    })

    it("an event that names no payment of ours is finished as it is stored; one that does is left for processing", async () => {
      const [cardPayment] = await paidCustomer("cus_intake")
      const rowOf = async (eventId: string) => {
        const [rows] = await invoicing.listAndCountWebhookEvents({ event_id: eventId })
        return rows.map((r: any) => ({ processed: r.processed_at !== null, attempts: r.attempts }))
      }
      // a dispute of a PaymentIntent no billing payment has (Medusa's checkout shares the Stripe
      // account), and an event type the billing ledger does not act on: done with their 200
      for (const event of [dispute("evt_not_ours", "pi_someone_elses"), { ...dispute("evt_other_type", "pi_cus_intake_0"), type: "customer.updated" }]) {
        const res = await deliver(event)
        expect(res.status).toBe(200)
        expect(await rowOf(event.id)).toEqual([{ processed: true, attempts: 1 }])
      }
      // redelivered: still one row, answered duplicate
      expect((await deliver(dispute("evt_not_ours", "pi_someone_elses"))).data).toEqual({ received: true, duplicate: true })
      expect(await rowOf("evt_not_ours")).toHaveLength(1)
      expect((await invoicing.retrieveCustomerPayment(cardPayment)).status).toBe("succeeded")

      // a dispute of our payment is stored unprocessed and processed after the answer
      expect((await deliver(dispute("evt_ours", "pi_cus_intake_0"))).status).toBe(200)
      await eventually(
        async () => await rowOf("evt_ours"),
        (rows) => rows[0]?.processed === true
      )
      expect(await rowOf("evt_ours")).toEqual([{ processed: true, attempts: 1 }])
      expect((await invoicing.retrieveCustomerPayment(cardPayment)).status).toBe("reversed")
      await expectInvariants()
    })

    it("a dispute reverses the payment once, reopens the invoice and posts a reversal", async () => {
      const [cardPayment] = await paidCustomer("cus_dispute")
      const first = await deliver(dispute("evt_1", "pi_cus_dispute_0"))
      expect(first.status).toBe(200)
      expect(first.data).toEqual({ received: true, duplicate: false })
      const reversed = await eventually(
        () => invoicing.retrieveCustomerPayment(cardPayment, { relations: ["allocations"] }),
        (p) => p.status === "reversed"
      )
      expect(reversed).toMatchObject({ status: "reversed", failure_reason: "disputed (fraudulent)" })
      expect(reversed.allocations.map((a) => a.status)).toEqual(["reversed"])
      const [invoice] = await invoicing.listInvoices({ id: reversed.allocations[0].invoice_id })
      expect(invoice.status).toBe("open")

      const again = await deliver(dispute("evt_1", "pi_cus_dispute_0"))
      expect(again.data).toEqual({ received: true, duplicate: true })
      await deliver(dispute("evt_1b", "pi_cus_dispute_0")) // a second event about the same dispute
      const ledger = await eventually(
        async () => {
          const [, pending] = await invoicing.listAndCountWebhookEvents({ processed_at: null })
          return { pending, ledger: await ledgerOf("cus_dispute") }
        },
        (r) => r.pending === 0
      )
      expect(ledger.ledger.filter((e) => e.startsWith("payment_reversal"))).toEqual(["payment_reversal:100:100"])
      await expectInvariants()
    })

    it("a dispute for other than what was not refunded reverses what was not, and tells the admin the difference; one for exactly that tells nothing", async () => {
      const disputeOf = (id: string, paymentIntent: string, amount: number) => {
        const event = dispute(id, paymentIntent)
        Object.assign(event.data.object, { amount, currency: "usd" })
        return event
      }
      const settled = (paymentId: string) =>
        eventually(() => invoicing.retrieveCustomerPayment(paymentId), (p) => p.status === "reversed")
      // 30.00 of each 100.00 card payment refunded before the dispute
      const customers = ["cus_dispute_all", "cus_dispute_rest", "cus_dispute_part"]
      const cards: string[] = []
      for (const customer of customers) {
        const [card] = await paidCustomer(customer)
        await invoicing.recordRefund(card, { amount: 3000n, reference: `re_${customer}`, occurred_at: new Date() })
        cards.push(card)
      }
      // the bank took the whole 100.00: 30.00 went back twice
      await deliver(disputeOf("evt_amount_all", "pi_cus_dispute_all_0", 10000))
      // it took the 70.00 not refunded
      await deliver(disputeOf("evt_amount_rest", "pi_cus_dispute_rest_0", 7000))
      // it took 20.00 of it (one disputed item)
      await deliver(disputeOf("evt_amount_part", "pi_cus_dispute_part_0", 2000))
      const [all, rest, part] = await Promise.all(cards.map(settled))
      // billing reverses what was not refunded each time (the invoices it reopens), and says what differs
      for (const customer of customers) {
        expect((await ledgerOf(customer)).filter((e) => e.startsWith("payment_reversal"))).toEqual(["payment_reversal:70:100"])
      }
      expect(all.attention).toBe(
        "The dispute took 100.00 USD, 30.00 USD more than the 70.00 USD not refunded (30.00 USD had been refunded): the customer got that money back twice. Contest the dispute with the refund, or collect it from the customer."
      )
      expect(all.attention_since).toBeTruthy()
      expect(rest.attention).toBeNull()
      expect(part.attention).toBe(
        "The dispute took 20.00 USD, 50.00 USD less than the 70.00 USD billing reversed (what had not been refunded, and the invoices it paid are open again). If the rest of the payment stands, record 50.00 USD as an offline payment."
      )
      // the admin finds them among the payments that need attention
      await expectInvariants()
    })

    it("a dispute of a whole charge in a currency whose Stripe unit is not ISO's (ISK, MGA, KWD) is no difference", async () => {
      for (const [currency, price] of [["isk", "5000"], ["mga", "4999.50"], ["kwd", "10.005"]] as const) {
        const customer = `cus_dispute_unit_${currency}`
        const draft = await invoicing.createDraftInvoice({
          customer_id: customer,
          currency_code: currency,
          due_at: new Date(),
          lines: [{ title: "Service", quantity: "1", unit_price: price }],
        })
        const invoice = await invoicing.issueInvoice(draft.id, { now: new Date() })
        const amount = toMinor(price, currency)
        const payment = await invoicing.recordSucceededPayment({
          customer_id: customer,
          currency_code: currency,
          amount,
          allocations: [{ invoice_id: invoice.id, amount }],
          method: "card",
          source: "portal",
          mode: "selected_invoices",
          transaction_id: `pi_${customer}`,
          occurred_at: new Date(),
        })
        // Stripe's dispute.amount for the whole charge: what Medusa's Stripe provider charged, in Stripe's units
        const event = dispute(`evt_unit_${currency}`, `pi_${customer}`)
        Object.assign(event.data.object, { amount: Number(stripeSmallestUnit(price, currency)), currency })
        await deliver(event)
        const reversed = await eventually(() => invoicing.retrieveCustomerPayment(payment.id), (p) => p.status === "reversed")
        expect([currency, reversed.attention]).toEqual([currency, null])
      }
      await expectInvariants()
    })

    it("a dispute that arrives before the debit settles tells the admin the difference when it settles, as an in-order one does", async () => {
      const customer = "cus_dispute_early"
      const payment_id = await processingDebit(customer, "pi_dispute_early")
      // the bank disputes 20.00 of the 60.00 debit (one item) before its settlement is recorded
      const event = dispute("evt_dispute_early", "pi_dispute_early")
      Object.assign(event.data.object, { amount: 2000, currency: "usd" })
      await deliver(event)
      await eventually(async () => (await invoicing.listAndCountWebhookEvents({ processed_at: null }))[1], (pending) => pending === 0)
      expect((await invoicing.retrieveCustomerPayment(payment_id)).status).toBe("processing")
      expect(await recordOutcome(getContainer(), payment_id, { status: "succeeded" })).toEqual({ status: "reversed", changed: true })
      expect((await invoicing.retrieveCustomerPayment(payment_id)).attention).toBe(
        "The dispute took 20.00 USD, 40.00 USD less than the 60.00 USD billing reversed (what had not been refunded, and the invoices it paid are open again). If the rest of the payment stands, record 40.00 USD as an offline payment."
      )
      await expectInvariants()
    })

    it("replayed and shuffled deliveries always end in the same ledger", async () => {
      const ledgers: string[][] = []
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const customer = `cus_seed${seed}`
        await paidCustomer(customer)
        const events = [
          dispute(`evt_${seed}_a`, `pi_${customer}_0`),
          dispute(`evt_${seed}_a`, `pi_${customer}_0`),
          chargeFailed(`evt_${seed}_b`, `pi_${customer}_1`),
          chargeFailed(`evt_${seed}_b`, `pi_${customer}_1`),
          dispute(`evt_${seed}_c`, `pi_${customer}_0`),
        ]
        for (const event of shuffled(events, seed)) {
          expect((await deliver(event)).status).toBe(200)
        }
        const done = await eventually(
          async () => (await invoicing.listAndCountWebhookEvents({ processed_at: null }))[1],
          (pending) => pending === 0
        )
        expect(done).toBe(0)
        // balances and amounts only; ids differ per customer
        ledgers.push((await ledgerOf(customer)).map((e) => e.replace(/:[^:]*$/, "")).sort())
      }
      for (const ledger of ledgers) expect(ledger).toEqual(ledgers[0])
      expect(ledgers[0].filter((e) => e.startsWith("payment_reversal")).sort()).toEqual([
        "payment_reversal:100",
        "payment_reversal:40.5",
      ])
      await expectInvariants()
    })

    it("a return that arrives before the debit settles is applied when it does", async () => {
      const customer = "cus_early"
      const payment_id = await processingDebit(customer, "pi_early")
      await deliver(chargeFailed("evt_early", "pi_early"))
      await eventually(
        async () => (await invoicing.listAndCountWebhookEvents({ processed_at: null }))[1],
        (pending) => pending === 0
      )
      expect((await invoicing.retrieveCustomerPayment(payment_id)).status).toBe("processing")

      const settled = await recordOutcome(getContainer(), payment_id, { status: "succeeded" })
      expect(settled).toEqual({ status: "reversed", changed: true })
      expect((await ledgerOf(customer)).map((e) => e.split(":")[0])).toEqual(["invoice", "payment", "payment_reversal"])
      await expectInvariants()
    })
  },
})
