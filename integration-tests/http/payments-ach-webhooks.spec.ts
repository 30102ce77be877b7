import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { resolvePortalSettings } from "../../src/domain/portal-settings"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { buildSandboxEvent, type SandboxEventType } from "../../src/providers/sandbox/behaviour"
import { SANDBOX_PROVIDER_ID } from "../../src/utils/options"
import { recordOutcome } from "../../src/workflows/payments/record-outcome"
import { allocationDecider } from "../../src/workflows/payments/steps/allocate-payment"
import { chargeCustomerPayment } from "../../src/workflows/payments/steps/charge-customer-payment"
import { eventually, expectInvariants } from "../helpers"

jest.setTimeout(240_000)

const DAY = 24 * 60 * 60 * 1000
// seeds per scenario: 25 with `npm test -- --long`, 12 in CI
const SEEDS = process.env.BILLING_TEST_LONG ? 25 : 12
// Medusa's /hooks/payment route hands events to the subscribers this long after the 2xx.
const MEDUSA_WEBHOOK_DELAY_MS = 5_000
// Deliveries of one sequence are this far apart, so consecutive events are
// mostly processed in the shuffled order (and sometimes overlap).
const STEP_MS = 120

/** mulberry32: a small deterministic PRNG, so a failing seed can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Step = "record-processing" | SandboxEventType

/** Every step 1–3 times, in a seeded random order (Fisher–Yates). */
function shuffledDeliveries(steps: Step[], seed: number): Step[] {
  const random = prng(seed)
  const out: Step[] = []
  for (const step of steps) {
    const copies = 1 + Math.floor(random() * 3)
    for (let i = 0; i < copies; i++) out.push(step)
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

const SCENARIOS: {
  name: string
  account: string
  steps: Step[]
  expected: { status: string; failure_reason: string | null; allocations: string[]; ledger: [string, number, number][]; invoices: object[]; captures: number }
}[] = [
  {
    name: "settles: pending → processing → succeeded",
    account: "000123456789",
    steps: ["record-processing", "ach.processing", "ach.succeeded"],
    expected: {
      status: "succeeded",
      failure_reason: null,
      allocations: ["applied", "applied"],
      ledger: [["invoice", 120, 120], ["invoice", 30.5, 150.5], ["payment", -150.5, 0]],
      invoices: [
        { status: "paid", amount_paid: 120, amount_pending: 0, amount_due: 0 },
        { status: "paid", amount_paid: 30.5, amount_pending: 0, amount_due: 0 },
      ],
      captures: 1,
    },
  },
  {
    name: "fails: pending → processing → failed",
    account: "000111111113",
    steps: ["record-processing", "ach.processing", "ach.failed"],
    expected: {
      status: "failed",
      failure_reason: "insufficient_funds",
      allocations: ["released", "released"],
      ledger: [["invoice", 120, 120], ["invoice", 30.5, 150.5]],
      invoices: [
        { status: "open", amount_paid: 0, amount_pending: 0, amount_due: 120 },
        { status: "open", amount_paid: 0, amount_pending: 0, amount_due: 30.5 },
      ],
      captures: 0,
    },
  },
  {
    name: "returns: pending → processing → succeeded, then returned",
    account: "000555555559",
    steps: ["record-processing", "ach.processing", "ach.succeeded", "ach.returned"],
    expected: {
      status: "reversed",
      failure_reason: "returned (R10)",
      allocations: ["reversed", "reversed"],
      ledger: [["invoice", 120, 120], ["invoice", 30.5, 150.5], ["payment", -150.5, 0], ["payment_reversal", 150.5, 150.5]],
      invoices: [
        { status: "open", amount_paid: 0, amount_pending: 0, amount_due: 120 },
        { status: "open", amount_paid: 0, amount_pending: 0, amount_due: 30.5 },
      ],
      captures: 1,
    },
  },
]

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

    /**
     * A customer with two open invoices and an ACH payment of the total that
     * the provider has authorized but nobody has recorded yet: `pending`, as
     * between the provider call and the workflow's last step. The workflow's
     * own recording (`record-processing`) is then one more delivery to shuffle.
     */
    async function pendingAchPayment(index: number, account: string) {
      const container = getContainer()
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      const [customer] = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email: `ach-${index}@test.dev`, first_name: `Seed${index}` }])
      const invoiceIds: string[] = []
      for (const [price, dueIn] of [["120.00", -3], ["30.50", 10]] as const) {
        const draft = await invoicing.createDraftInvoice({
          customer_id: customer.id,
          currency_code: "usd",
          due_at: new Date(Date.now() + dueIn * DAY),
          lines: [{ title: "Service", quantity: "1", unit_price: price }],
        })
        invoiceIds.push((await invoicing.issueInvoice(draft.id, { now: new Date() })).id)
      }
      const request = { customer_id: customer.id, mode: "total_balance" as const, currency_code: "usd" }
      const { payment_id } = await invoicing.reservePayment(
        { ...request, method: "us_bank_account", source: "portal", provider_id: SANDBOX_PROVIDER_ID, idempotency_key: `seq-${index}`, request_hash: "h" },
        allocationDecider(request, resolvePortalSettings({}))
      )
      const charge = await chargeCustomerPayment(container, {
        payment_id,
        customer_id: customer.id,
        provider_id: SANDBOX_PROVIDER_ID,
        payment_method: { type: "us_bank_account", data: { account_number: account, routing_number: "110000000" } },
      })
      expect(charge.outcome).toMatchObject({ status: "processing" })
      expect((await invoicing.retrieveCustomerPayment(payment_id)).status).toBe("pending")
      return { customer_id: customer.id, payment_id, invoiceIds, outcome: charge.outcome! }
    }

    async function deliver(paymentId: string, type: SandboxEventType) {
      const container = getContainer()
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      const payment = await invoicing.retrieveCustomerPayment(paymentId)
      const [session] = await container
        .resolve(Modules.PAYMENT)
        .listPaymentSessions({ payment_collection_id: payment.payment_collection_id! })
      const res = await api.post("/hooks/payment/billing-sandbox_sandbox", JSON.stringify(buildSandboxEvent(type, session.data)), {
        headers: { "content-type": "application/json" },
      })
      expect(res.status).toBe(200)
    }

    /** Everything the customer and the books can see about one seed, normalised for comparison. */
    async function snapshot(seed: { customer_id: string; payment_id: string; invoiceIds: string[] }) {
      const container = getContainer()
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      const payment = await invoicing.retrieveCustomerPayment(seed.payment_id, { relations: ["allocations"] })
      const ledger = await invoicing.listLedgerEntries({ customer_id: seed.customer_id }, { order: { sequence: "ASC" } })
      const invoices = await invoicing.listInvoices({ id: seed.invoiceIds })
      const [collection] = await container
        .resolve(Modules.PAYMENT)
        .listPaymentCollections({ id: payment.payment_collection_id! }, { relations: ["payments", "payments.captures"] })
      return {
        status: payment.status,
        failure_reason: payment.failure_reason ?? null,
        unapplied_amount: Number(payment.unapplied_amount),
        allocations: (payment.allocations ?? []).map((a: any) => a.status).sort(),
        ledger: ledger.map((e: any) => [e.type, Number(e.amount), Number(e.balance_after)]),
        invoices: seed.invoiceIds.map((id) => {
          const i: any = invoices.find((x: any) => x.id === id)
          return { status: i.status, amount_paid: Number(i.amount_paid), amount_pending: Number(i.amount_pending), amount_due: Number(i.amount_due) }
        }),
        medusa_payments: collection.payments!.length,
        captures: collection.payments!.reduce((n: number, p: any) => n + (p.captures?.length ?? 0), 0),
      }
    }

    for (const scenario of SCENARIOS) {
      it(`ACH ${scenario.name}: ${SEEDS} seeds of replayed, shuffled deliveries all end in the same books`, async () => {
        const container = getContainer()
        const seeds: ({ seed: number; deliveries: Step[] } & Awaited<ReturnType<typeof pendingAchPayment>>)[] = []
        for (let seed = 1; seed <= SEEDS; seed++) {
          seeds.push({ seed, deliveries: shuffledDeliveries(scenario.steps, seed), ...(await pendingAchPayment(seed, scenario.account)) })
        }
        // Different seeds really do deliver in different orders.
        expect(new Set(seeds.map((s) => s.deliveries.join(","))).size).toBeGreaterThan(SEEDS / 2)

        // All seeds at once; within a seed, one delivery every STEP_MS. The
        // workflow's own recording is timed to land where the webhooks are
        // processed (after Medusa's webhook delay), so it is shuffled among them.
        const started = Date.now()
        await Promise.all(
          seeds.map(async (s) => {
            const recordings: Promise<unknown>[] = []
            for (const [i, step] of s.deliveries.entries()) {
              await sleep(Math.max(0, started + i * STEP_MS - Date.now()))
              if (step === "record-processing") {
                recordings.push(sleep(MEDUSA_WEBHOOK_DELAY_MS).then(() => recordOutcome(container, s.payment_id, s.outcome)))
              } else {
                await deliver(s.payment_id, step)
              }
            }
            await Promise.all(recordings)
          })
        )
        const lastDelivery = Date.now()

        // Wait for the final state, and until every delivery has had its turn.
        const snapshots = await eventually(
          () => Promise.all(seeds.map(snapshot)),
          (all) =>
            Date.now() > lastDelivery + MEDUSA_WEBHOOK_DELAY_MS + 1_000 &&
            all.every((s) => s.status === scenario.expected.status && s.allocations.every((a) => a !== "reserved")),
          60_000
        )
        for (const [i, s] of snapshots.entries()) {
          const { seed, deliveries } = seeds[i]
          expect({ seed, deliveries, ...s }).toEqual({
            seed,
            deliveries,
            status: scenario.expected.status,
            failure_reason: scenario.expected.failure_reason,
            unapplied_amount: 0,
            allocations: scenario.expected.allocations,
            ledger: scenario.expected.ledger,
            invoices: scenario.expected.invoices,
            medusa_payments: 1,
            captures: scenario.expected.captures,
          })
        }
        // and nothing moves afterwards
        expect(await Promise.all(seeds.map(snapshot))).toEqual(snapshots)
        await expectInvariants(container)
      })
    }
  },
})
