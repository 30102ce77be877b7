import Stripe from "stripe"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import type AutopayModuleService from "../../src/modules/autopay/service"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import { findInvariantViolations } from "../../src/modules/invoicing/invariants"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { PORTAL_MODULE } from "../../src/modules/portal"
import type PortalModuleService from "../../src/modules/portal/service"
import { toMinor } from "../../src/domain/money"
import { CRASH_POINT_MARKER, CRASH_POINTS, type CrashPointName } from "../../src/utils/crash-points"
import { runAutopayWorkflow } from "../../src/workflows/autopay/workflows/run-autopay"
import { reconcileCustomerPaymentsWorkflow } from "../../src/workflows/payments/workflows/reconcile-customer-payments"
import { createAdmin, createLoggedInCustomer, createPublishableKey, eventually, expectInvariants, setStoreCurrencies, settle } from "../helpers"
import { MedusaProcess } from "./support/medusa-process"

/**
 * Crash safety under kill -9 (issue 13, DESIGN sec. 4 invariant 6 and sec. 6).
 *
 * One real Medusa server process (`medusa start`, role `shared`, in-memory
 * event bus / workflow engine / locking: crash safety rests on PostgreSQL
 * and the provider's own state, not on Redis) is started with every crash
 * point of src/utils/crash-points.ts armed. Six requests, one per point and
 * each for its own customer, are sent one after another: each parks at the
 * first armed point it reaches (a point fires once, so the next request
 * passes it and parks at the next one) and the test sees its marker on the
 * process's stdout. With all six parked, the process gets SIGKILL — for every
 * request exactly as if the process had died at its point — and is started
 * again without crash points. Then the client retries (same Idempotency-Key),
 * the reconciler runs (far enough ahead that every threshold has passed; it
 * also processes the webhook inbox), the next autopay run runs, and the test
 * asserts: the six invariants (health route and the SQL of
 * `expectInvariants`), no double capture (Medusa's `capture` rows and the
 * sandbox's `capture_count` per payment collection, from the database), no
 * lost payment, and every affected invoice paid once or payable again — which
 * a new payment then proves.
 */
jest.setTimeout(400_000)

const WEBHOOK_SECRET = "whsec_crash_test"
const OPTIONS = JSON.stringify({ stripe: { webhookSecret: WEBHOOK_SECRET }, autopay: { concurrency: 1 } })
const saved = { options: process.env.BILLING_PORTAL_OPTIONS, ach: process.env.SANDBOX_ACH_DELAY_MS }
process.env.BILLING_PORTAL_OPTIONS = OPTIONS
process.env.SANDBOX_ACH_DELAY_MS = "0"

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const DAY = 24 * 60 * 60 * 1000
const HOUR = 60 * 60 * 1000
const stripe = new Stripe("sk_test_offline")

type Customer = { id: string; headers: Record<string, string> }
type Row = { point: string; left_behind: string; recovery: string; result: string }

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConfig }) => {
    let proc: MedusaProcess | null = null

    afterAll(async () => {
      await proc?.kill()
      if (saved.options === undefined) delete process.env.BILLING_PORTAL_OPTIONS
      else process.env.BILLING_PORTAL_OPTIONS = saved.options
      if (saved.ach === undefined) delete process.env.SANDBOX_ACH_DELAY_MS
      else process.env.SANDBOX_ACH_DELAY_MS = saved.ach
    })

    it("kill -9 at six points: after restart, reconciler and inbox, every invariant holds, nothing captured twice or lost", async () => {
      const started = Date.now()
      const container = getContainer()
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
      const pg = container.resolve("__pg_connection__") as any
      await setStoreCurrencies(container, ["usd"])
      await container.resolve<PortalModuleService>(PORTAL_MODULE).updateSettings({ autopay: { allowed: true } })
      const key = await createPublishableKey(container)
      const admin = await createAdmin(container, api)

      const issue = async (customerId: string, price: string) => {
        const draft = await invoicing.createDraftInvoice({
          customer_id: customerId,
          currency_code: "usd",
          due_at: new Date(Date.now() - DAY),
          lines: [{ title: "Service", quantity: "1", unit_price: price }],
        })
        return (await invoicing.issueInvoice(draft.id, { now: new Date(), issued_at: new Date(Date.now() - 20 * DAY) })).id
      }

      // ---- the crashing process boots while the jest app seeds ----------------
      const spawnEnv = { BILLING_PORTAL_OPTIONS: OPTIONS, SANDBOX_ACH_DELAY_MS: "0", BILLING_PROCESS_LOG_LEVEL: undefined }
      proc = new MedusaProcess({
        databaseUrl: dbConfig.clientUrl,
        role: "shared",
        name: "crashing",
        env: { ...spawnEnv, BILLING_CRASH_POINT: [...CRASH_POINTS, "after_reservation"].join(","), BILLING_CRASH_POINT_SELF_KILL_MS: "300000" },
      })
      const booting = proc.start()
      booting.catch(() => undefined) // awaited below

      // ---- seed (through the jest process's own app) -----------------------
      const paymentPoints = ["after_reservation", "after_session_created", "after_authorize", "after_capture"] as const
      const payers: Record<string, { customer: Customer; invoice: string; body: object; key: string }> = {}
      await Promise.all(
        paymentPoints.map(async (point, i) => {
          const customer = await createLoggedInCustomer(api, key, `${point}@crash.test`)
          const invoice = await issue(customer.id, `${100 + i}.25`)
          payers[point] = {
            customer,
            invoice,
            key: `crash-${point}`,
            body: { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice], payment_method: CARD_OK },
          }
        })
      )
      // webhook: a card payment that succeeded; a dispute for it arrives at the inbox
      const disputed = await createLoggedInCustomer(api, key, "webhook@crash.test")
      const disputedInvoice = await issue(disputed.id, "80.00")
      const disputedPayment = await invoicing.recordSucceededPayment({
        customer_id: disputed.id,
        currency_code: "usd",
        amount: toMinor("80.00", "usd"),
        allocations: [{ invoice_id: disputedInvoice, amount: toMinor("80.00", "usd") }],
        method: "card",
        source: "portal",
        mode: "selected_invoices",
        transaction_id: "pi_crash_disputed",
        occurred_at: new Date(),
      })
      // autopay: three enrolled customers with one invoice each (concurrency 1: one charge at a time)
      const enrolled = await Promise.all(
        [0, 1, 2].map(async (i) => {
          const customer: Customer = await createLoggedInCustomer(api, key, `autopay${i}@crash.test`)
          const method = await api.post("/store/billing/payment-methods", CARD_OK, { headers: customer.headers })
          await api.put("/store/billing/autopay", { payment_method_id: method.data.payment_method.id, consent: true }, { headers: customer.headers })
          return { customer, invoice: await issue(customer.id, `${20 + i}.00`) }
        })
      )
      // autopay charge killed inside its payment (after the reservation): a fourth customer, enrolled last (so last in a run's order)
      const stranded: Customer = await createLoggedInCustomer(api, key, "autopay-stranded@crash.test")
      {
        const method = await api.post("/store/billing/payment-methods", CARD_OK, { headers: stranded.headers })
        await api.put("/store/billing/autopay", { payment_method_id: method.data.payment_method.id, consent: true }, { headers: stranded.headers })
      }
      const strandedInvoice = await issue(stranded.id, "33.00")
      const seeded = Date.now()
      await booting
      const booted = Date.now()
      const reached: string[] = []
      proc.child!.stdout!.on("data", (d: Buffer) => {
        for (const m of d.toString().matchAll(new RegExp(`${CRASH_POINT_MARKER}(\\w+)`, "g"))) reached.push(m[1])
      })
      const inFlight: Promise<unknown>[] = []
      const park = async (point: CrashPointName, send: () => Promise<unknown>, occurrence = 1) => {
        inFlight.push(send().catch(() => undefined)) // the answer never comes: the process dies first
        const seen = await eventually(
          async () => reached.filter((r) => r === point).length >= occurrence,
          (v) => v || !proc!.running,
          60_000
        )
        if (!seen) throw new Error(`crash point ${point} not reached; reached ${reached}:\n${proc!.output}`)
      }
      // First, an autopay run for the fourth customer only, killed inside its charge: the reservation's point is listed twice, the first parks it, the second the portal payment below.
      await park("after_reservation", () => proc!.request("POST", "/admin/billing/autopay/run", { headers: admin.headers, body: { customer_id: stranded.id } }))
      for (const point of paymentPoints) {
        const p = payers[point]
        await park(
          point,
          () => proc!.request("POST", "/store/billing/payments", { headers: { ...p.customer.headers, "idempotency-key": p.key }, body: p.body }),
          point === "after_reservation" ? 2 : 1
        )
      }
      const event = {
        id: "evt_crash_dispute",
        object: "event",
        type: "charge.dispute.created",
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: "dp_crash", object: "dispute", payment_intent: "pi_crash_disputed", reason: "fraudulent" } },
      }
      const payload = JSON.stringify(event)
      let webhookAnswer: { status: number } | null = null
      await park("webhook_mid_handler", async () => {
        const r = await fetch(`${proc!.url}/hooks/billing/stripe`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
          },
          body: payload,
        })
        webhookAnswer = { status: r.status }
      })
      await park("autopay_mid_run", () => proc!.request("POST", "/admin/billing/autopay/run", { headers: admin.headers, body: {} }))
      expect(reached).toEqual(["after_reservation", ...CRASH_POINTS])
      expect(webhookAnswer).toEqual({ status: 200 }) // stored in the inbox and acknowledged before processing

      await proc.kill()
      await Promise.all(inFlight)
      const killed = Date.now()

      // ---- what the kill left behind (read before anything recovers) --------
      const paymentOf = async (customerId: string, source?: string) =>
        invoicing.listCustomerPayments({ customer_id: customerId, ...(source ? { source } : {}) } as any, {
          relations: ["allocations"],
          order: { created_at: "ASC" },
        })
      const providerState = async (collectionId: string | null | undefined) => {
        if (!collectionId) return "no payment collection (provider never called)"
        const { rows } = await pg.raw(
          `SELECT ps.status AS session, mp.id AS payment, mp.captured_at, mp.canceled_at,
                  (SELECT count(*)::int FROM capture c WHERE c.payment_id = mp.id AND c.deleted_at IS NULL) AS captures,
                  (mp.data->>'capture_count')::int AS capture_count
             FROM payment_session ps LEFT JOIN payment mp ON mp.payment_session_id = ps.id AND mp.deleted_at IS NULL
            WHERE ps.payment_collection_id = ? AND ps.deleted_at IS NULL ORDER BY ps.created_at`,
          [collectionId]
        )
        if (!rows.length) return "collection, no live session"
        return rows
          .map((r: any) =>
            !r.payment
              ? `session ${r.session}`
              : `session ${r.session}, payment ${r.canceled_at ? "canceled" : r.captured_at ? `captured (${r.captures} capture row, capture_count ${r.capture_count})` : "authorized"}`
          )
          .join("; ")
      }
      const describe = async (payment: any) =>
        `payment ${payment.status}; allocations ${payment.allocations.map((a: any) => a.status).join(",") || "none"}; ${await providerState(payment.payment_collection_id)}`

      const before: Record<string, string> = {}
      for (const point of paymentPoints) {
        const made = await paymentOf(payers[point].customer.id)
        expect(made).toHaveLength(1)
        before[point] = await describe(made[0])
      }
      const [inboxRow] = await invoicing.listWebhookEvents({ event_id: "evt_crash_dispute" } as any)
      const afterKillDispute = await invoicing.retrieveCustomerPayment(disputedPayment.id, { relations: ["allocations"] })
      before.webhook_mid_handler = `payment ${afterKillDispute.status}; allocations ${afterKillDispute.allocations.map((a: any) => a.status).join(",")}; inbox row ${inboxRow.processed_at ? "processed" : "unprocessed"}, attempts ${inboxRow.attempts}`
      const autopayLeft = await Promise.all(enrolled.map(async (e) => (await paymentOf(e.customer.id, "autopay")).map((p: any) => p.status).join(",") || "none"))
      const [crashedRun] = await autopay.listAutopayRuns({ trigger: "admin" } as any, { take: 1, order: { started_at: "DESC" } })
      const attemptsOf = async (customerId: string) =>
        (await autopay.listAutopayAttempts({ customer_id: customerId } as any, { order: { attempt: "ASC" } }))
          .map((a: any) => `#${a.attempt} ${a.status}${a.failure_reason ? ` (${a.failure_reason})` : ""}`)
          .join(", ")
      const [strandedLeft] = await paymentOf(stranded.id, "autopay")
      before.autopay_charge = `autopay attempt ${await attemptsOf(stranded.id)}; ${await describe(strandedLeft)}`
      before.autopay_mid_run = `autopay payments per enrollment [${autopayLeft.join(" | ")}]; run ${crashedRun?.finished_at ? "finished" : "unfinished"}`
      const violationsBefore = await findInvariantViolations(async (sql) => (await pg.raw(sql)).rows)

      // ---- restart without crash points --------------------------------------
      proc = new MedusaProcess({ databaseUrl: dbConfig.clientUrl, role: "shared", name: "restarted", port: proc.port, env: spawnEnv })
      await proc.start()
      const restarted = Date.now()

      // The client retries every payment request that got no answer: same key, same body → the same payment, nothing charged again.
      const retries: Record<string, number> = {}
      for (const point of paymentPoints) {
        const p = payers[point]
        const r = await proc.request("POST", "/store/billing/payments", { headers: { ...p.customer.headers, "idempotency-key": p.key }, body: p.body })
        retries[point] = r.status
        expect({ point, status: r.status }).toEqual({ point, status: 200 })
        expect((await paymentOf(p.customer.id)).map((x: any) => x.id)).toEqual([r.data.payment.id])
      }

      // The reconciler (and with it the webhook inbox), as its job would run it, two hours later: every threshold passed.
      // The captures it records or makes are announced (payment.captured) by it: the dead process never got there.
      const eventBus = container.resolve(Modules.EVENT_BUS)
      const announcedCaptures: string[] = []
      const originalEmit = eventBus.emit.bind(eventBus)
      const emitSpy = jest.spyOn(eventBus, "emit").mockImplementation(async (messages: any, options?: any) => {
        for (const m of Array.isArray(messages) ? messages : [messages]) {
          if (m?.name === "payment.captured" && m.data?.payment_collection_id) announcedCaptures.push(m.data.payment_collection_id)
        }
        return await originalEmit(messages, options)
      })
      let summary: any
      try {
        ;({ result: summary } = await reconcileCustomerPaymentsWorkflow(container).run({
          input: { now: new Date(Date.now() + 2 * HOUR), stale_after_minutes: 5, abandon_after_minutes: 60, processing_stale_after_minutes: 60 },
        }))
      } finally {
        emitSpy.mockRestore()
      }
      // The next autopay run continues where the killed one stopped.
      const { result: nextRun } = await runAutopayWorkflow(container).run({ input: { trigger: "admin", customer_id: null, now: new Date() } })
      const reconciled = Date.now()

      // ---- assertions ----------------------------------------------------------
      const health = await proc.request("GET", "/admin/billing/health", { headers: admin.headers })
      expect(health.status).toBe(200)
      expect(health.data).toEqual({ ok: true, violations: [] })
      await expectInvariants(container)

      // Zero double captures, from the database: per payment collection at most one captured payment, one capture row, capture_count ≤ 1, never more than the payment's amount.
      const { rows: captureRows } = await pg.raw(`
        SELECT cp.id, cp.amount::numeric AS amount,
               count(DISTINCT mp.id) FILTER (WHERE mp.captured_at IS NOT NULL)::int AS captured_payments,
               count(c.id)::int AS captures, COALESCE(sum(c.amount), 0)::numeric AS captured,
               COALESCE(max((mp.data->>'capture_count')::int), 0) AS capture_count
          FROM customer_payment cp
          JOIN payment mp ON mp.payment_collection_id = cp.payment_collection_id AND mp.deleted_at IS NULL
          LEFT JOIN capture c ON c.payment_id = mp.id AND c.deleted_at IS NULL
         WHERE cp.deleted_at IS NULL
         GROUP BY cp.id, cp.amount`)
      const doubles = captureRows.filter(
        (r: any) => r.captured_payments > 1 || r.captures > 1 || r.capture_count > 1 || Number(r.captured) > Number(r.amount)
      )
      expect(doubles).toEqual([])
      const totalCaptures = captureRows.reduce((n: number, r: any) => n + r.captures, 0)

      // Every affected invoice: paid once (one succeeded payment applied to it) or payable again (nothing paid or pending, open).
      const invoiceState = async (invoiceId: string) => {
        const inv = await invoicing.retrieveInvoice(invoiceId)
        const { rows } = await pg.raw(
          `SELECT count(DISTINCT a.customer_payment_id)::int AS n FROM payment_allocation a
             JOIN customer_payment p ON p.id = a.customer_payment_id
            WHERE a.invoice_id = ? AND a.status = 'applied' AND p.status = 'succeeded' AND a.deleted_at IS NULL`,
          [invoiceId]
        )
        if (inv.status === "paid" && Number(inv.amount_paid) === Number(inv.total) && rows[0].n === 1) return "paid once"
        if (inv.status === "open" && Number(inv.amount_paid) === 0 && Number(inv.amount_pending) === 0 && Number(inv.amount_due) === Number(inv.total)) {
          return "payable again"
        }
        return `WRONG: ${inv.status} paid ${inv.amount_paid} pending ${inv.amount_pending} by ${rows[0].n} payments`
      }

      const expected: Record<CrashPointName, string> = {
        after_reservation: "payable again",
        after_session_created: "payable again",
        after_authorize: "paid once",
        after_capture: "paid once",
        webhook_mid_handler: "payable again",
        autopay_mid_run: "paid once",
      }
      const table: Row[] = []
      for (const point of paymentPoints) {
        const [payment] = await paymentOf(payers[point].customer.id)
        const state = await invoiceState(payers[point].invoice)
        table.push({
          point,
          left_behind: before[point],
          recovery: `client retry ${retries[point]} (same payment); reconciler → ${await describe(payment)}${payment.failure_reason ? ` (${payment.failure_reason})` : ""}`,
          result: `invoice ${state}`,
        })
        expect({ point, state }).toEqual({ point, state: expected[point] })
        const announcements = announcedCaptures.filter((id) => id === payment.payment_collection_id).length
        expect({ point, announcements }).toEqual({ point, announcements: expected[point] === "paid once" ? 1 : 0 })
      }
      const [processedRow] = await invoicing.listWebhookEvents({ event_id: "evt_crash_dispute" } as any)
      const dispute = await invoicing.retrieveCustomerPayment(disputedPayment.id, { relations: ["allocations"] })
      const { rows: reversals } = await pg.raw(
        `SELECT count(*)::int AS n FROM ledger_entry WHERE type = 'payment_reversal' AND reference_id = ? AND deleted_at IS NULL`,
        [disputedPayment.id]
      )
      expect(processedRow.processed_at).toBeTruthy()
      expect(dispute.status).toBe("reversed")
      expect(reversals[0].n).toBe(1)
      // The reversal's announcement died with the killed process: the inbox's retry makes it
      // again (subscribers are idempotent), so the customer hears of it exactly once.
      const reversalEmails = await eventually(
        () => getContainer().resolve(Modules.NOTIFICATION).listNotifications({ template: "billing.payment_reversed" } as any),
        (rows: any[]) => rows.some((n) => n.resource_id === disputedPayment.id || n.data?.payment?.id === disputedPayment.id),
        30_000
      ).catch(() => [] as any[])
      expect(reversalEmails.filter((n: any) => n.resource_id === disputedPayment.id || n.data?.payment?.id === disputedPayment.id)).toHaveLength(1)
      const disputeState = await invoiceState(disputedInvoice)
      expect(disputeState).toBe(expected.webhook_mid_handler)
      table.push({
        point: "webhook_mid_handler",
        left_behind: before.webhook_mid_handler,
        recovery: `reconciler retried the inbox row → processed (attempts ${processedRow.attempts}); payment ${dispute.status}, one payment_reversal ledger entry`,
        result: `invoice ${disputeState}`,
      })
      const autopayAfter: string[] = []
      for (const e of enrolled) {
        const made = await paymentOf(e.customer.id, "autopay")
        expect(made.map((p: any) => p.status)).toEqual(["succeeded"])
        const state = await invoiceState(e.invoice)
        expect(state).toBe(expected.autopay_mid_run)
        autopayAfter.push(state)
      }
      // The autopay charge killed inside its payment: the reconciler expires the payment (never sent to the provider), and the next run charges the invoice (it must not stay "in flight" for ever).
      const strandedMade = await paymentOf(stranded.id, "autopay")
      const strandedState = await invoiceState(strandedInvoice)
      const strandedResult = nextRun.results.find((r: any) => r.customer_id === stranded.id)
      table.push({
        point: "after_reservation (in an autopay charge)",
        left_behind: before.autopay_charge,
        recovery: `reconciler → payment ${strandedMade[0]?.status} (${strandedMade[0]?.failure_reason}); next run: ${strandedResult?.result}${strandedResult?.reason ? ` (${strandedResult.reason})` : ""}; attempts ${await attemptsOf(stranded.id)}`,
        result: `invoice ${strandedState}`,
      })
      table.push({
        point: "autopay_mid_run",
        left_behind: before.autopay_mid_run,
        recovery: `next run charged ${nextRun.run.charged}, skipped ${nextRun.run.skipped}, failed ${nextRun.run.failed}; one succeeded autopay payment per enrollment`,
        result: `invoices ${autopayAfter.join(", ")}`,
      })

      // "Payable again" is real: a new payment for each such invoice goes through, once.
      const payableAgain = [
        ...paymentPoints.filter((p) => expected[p] === "payable again").map((p) => ({ customer: payers[p].customer, invoice: payers[p].invoice })),
        { customer: disputed, invoice: disputedInvoice },
      ]
      for (const { customer, invoice } of payableAgain) {
        const r = await settle(
          api.post(
            "/store/billing/payments",
            { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoice], payment_method: CARD_OK },
            { headers: { ...customer.headers, "idempotency-key": `again-${invoice}` } }
          )
        )
        expect({ invoice, status: r.status, payment: r.data.payment?.status }).toEqual({ invoice, status: 201, payment: "succeeded" })
        expect(await invoiceState(invoice)).toBe("paid once")
      }
      await expectInvariants(container)
      const finalHealth = await proc.request("GET", "/admin/billing/health", { headers: admin.headers })
      expect(finalHealth.data.ok).toBe(true)

      const violated = violationsBefore.map((v: any) => `${v.number} (${v.invariant}: ${v.rows.length} rows)`).join(", ") || "none"
      const lines = [
        "| point | left behind by kill -9 | what the restart / reconciler / inbox did | invoice | invariants |",
        "|---|---|---|---|---|",
        ...table.map((r) => `| ${r.point} | ${r.left_behind} | ${r.recovery} | ${r.result} | all 6 hold; health ok |`),
        "",
        `Invariants violated right after the kill, before recovery: ${violated}.`,
        `Reconciler summary: ${JSON.stringify(summary)}. Captures in the database: ${totalCaptures} (one per captured payment collection), double captures: ${doubles.length}.`,
        `Timings: seed ${((seeded - started) / 1000).toFixed(1)} s, first boot done ${((booted - seeded) / 1000).toFixed(1)} s after seeding (booting alongside), six points reached ${((killed - booted) / 1000).toFixed(1)} s, restart ${((restarted - killed) / 1000).toFixed(1)} s, retries + reconcile + autopay ${((reconciled - restarted) / 1000).toFixed(1)} s.`,
      ]
      // eslint-disable-next-line no-console
      console.log(`kill -9 crash table\n${lines.join("\n")}`)
      // (asserted after the table is printed, so a failure still shows it)
      expect(strandedMade.map((p: any) => p.status)).toEqual(["canceled", "succeeded"])
      expect(strandedState).toBe("paid once")
    })
  },
})
