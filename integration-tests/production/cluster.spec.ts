import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import Redis from "ioredis"
import { resolvePortalSettings } from "../../src/domain/portal-settings"
import { AUTOPAY_MODULE } from "../../src/modules/autopay"
import type AutopayModuleService from "../../src/modules/autopay/service"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { buildSandboxEvent, type SandboxEventType } from "../../src/providers/sandbox/behaviour"
import { SANDBOX_PROVIDER_ID } from "../../src/utils/options"
import { allocationDecider } from "../../src/workflows/payments/steps/allocate-payment"
import { createAdmin, createLoggedInCustomer, createPublishableKey, eventually, expectInvariants, setStoreCurrencies } from "../helpers"
import { Cluster, REDIS_MODULE_BOOT_LINES } from "./support/cluster"
import type { MedusaProcess } from "./support/medusa-process"
import { RedisServer } from "./support/redis"

jest.setTimeout(600_000)

/**
 * DESIGN sec. 16 on real processes: one private Redis, two `server`
 * instances and one `worker` on one PostgreSQL, all with event-bus-redis,
 * workflow-engine-redis, locking-redis and caching-redis.
 *
 * The jest process's own app (medusaIntegrationTestRunner, inApp) creates and
 * migrates the database and is what the tests seed through. It runs as a
 * fourth instance of the same deployment: REDIS_URL (so what it emits — an
 * invoice issued, a payment recorded — goes onto the shared Redis event bus
 * and its locks are the same Redis locks the servers take) and
 * MEDUSA_WORKER_MODE=server (so it loads no scheduled jobs and its event bus
 * and workflow engine start no queue workers: it can never be the one that
 * ran a job or a subscriber). Kept in memory instead, its events would be
 * handled by its own subscribers, in this process, and the "subscribers run
 * on the worker only" checks would see a fifth consumer. Redis must therefore
 * be running before the runner boots the app: the file-level beforeAll below
 * runs before the runner's (outer hooks first).
 *
 * The three instances boot once for the file, in parallel. The runner puts
 * the database back to its snapshot before every test (it terminates every
 * connection and recreates the database from a template): the instances'
 * connection pools reconnect, so each test seeds its own customers.
 */
const redis = new RedisServer()
const saved = { REDIS_URL: process.env.REDIS_URL, MEDUSA_WORKER_MODE: process.env.MEDUSA_WORKER_MODE }
beforeAll(async () => {
  await redis.start()
  process.env.REDIS_URL = redis.url
  process.env.MEDUSA_WORKER_MODE = "server"
})
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  await redis.stop()
})

const CARD_OK = { type: "card", data: { number: "4242424242424242" } }
const DAY = 24 * 60 * 60 * 1000
/** Every instance's plugin options: autopay due every minute (one tick is enough to watch). */
const BASE_OPTIONS = { autopay: { schedule: "* * * * *" } }
const instanceEnv = (options: object) => ({
  BILLING_PORTAL_OPTIONS: JSON.stringify(options),
  // test runs start autopay explicitly unless this is on (src/jobs/run-autopay.ts)
  BILLING_AUTOPAY_SCHEDULER: "on",
})

/** mulberry32: a small deterministic PRNG, so a failing order can be replayed. */
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

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConfig }) => {
    let cluster: Cluster
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

    beforeAll(async () => {
      cluster = new Cluster(redis, { databaseUrl: dbConfig.clientUrl, env: instanceEnv(BASE_OPTIONS) })
      const started = Date.now()
      await cluster.start()
      console.log(`production cluster: 2 servers + 1 worker booted in parallel in ${Date.now() - started} ms`)
    }, 900_000)

    afterAll(async () => {
      await cluster?.stop()
    })

    const invoicing = () => getContainer().resolve<InvoicingModuleService>(INVOICING_MODULE)
    const pg = () => getContainer().resolve("__pg_connection__") as any

    /** A customer (logged in: its bearer token works on every instance, one JWT secret) with the given invoices issued. */
    async function customerWithInvoices(email: string, prices: string[]) {
      const container = getContainer()
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      const customer = await createLoggedInCustomer(api, key, email, "Jane")
      const invoiceIds: string[] = []
      for (const [i, price] of prices.entries()) {
        const draft = await invoicing().createDraftInvoice({
          customer_id: customer.id,
          currency_code: "usd",
          due_at: new Date(Date.now() + (i === 0 ? -3 : 10) * DAY),
          lines: [{ title: "Service", quantity: "1", unit_price: price }],
        })
        invoiceIds.push((await invoicing().issueInvoice(draft.id, { now: new Date() })).id)
      }
      return { ...customer, invoiceIds }
    }

    const pay = (p: MedusaProcess, headers: Record<string, string>, body: object, idempotencyKey: string) =>
      p.request("POST", "/store/billing/payments", { headers: { ...headers, "idempotency-key": idempotencyKey }, body })

    /** Captures recorded by Medusa's Payment Module for a customer's payments (the money really taken). */
    async function capturesOf(customerId: string) {
      const { rows } = await pg().raw(
        `SELECT count(pc.id)::int AS n FROM customer_payment cp
           JOIN payment p ON p.payment_collection_id = cp.payment_collection_id AND p.deleted_at IS NULL
           JOIN capture pc ON pc.payment_id = p.id AND pc.deleted_at IS NULL
          WHERE cp.customer_id = ?`,
        [customerId]
      )
      return rows[0].n as number
    }

    it("every instance resolved the Redis event bus, workflow engine, locking and caching providers, and its worker mode", async () => {
      for (const p of cluster.all) {
        for (const [module, line] of Object.entries(REDIS_MODULE_BOOT_LINES)) {
          expect({ instance: p.name, module, loaded: line.test(cluster.log(p)) }).toEqual({ instance: p.name, module, loaded: true })
        }
      }
      // and the jest process's own app: the same providers, as a server
      const container = getContainer()
      const locking = container.resolve(Modules.LOCKING) as any
      expect(locking.providerService_.retrieveProviderRegistration(locking.defaultProviderId).constructor.name).toBe("RedisLockingProvider")
      expect(container.resolve(Modules.EVENT_BUS).constructor.name).toBe("RedisEventBusService")
      expect((container.resolve("configModule") as any).projectConfig.workerMode).toBe("server")
      // Redis sees every instance's connections (the caching provider names its own)
      const clients = await redisCommand(redis.url, ["CLIENT", "LIST"])
      expect(clients.split("\n").filter((l) => l.includes("name=medusa-cache-redis")).length).toBeGreaterThanOrEqual(4)
    })

    it("20 simultaneous payments for one invoice, alternating between the two servers: one payment, the invoice paid once", async () => {
      const jane = await customerWithInvoices("race@test.dev", ["120.00"])
      const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: jane.invoiceIds, payment_method: CARD_OK }
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => pay(cluster.servers[i % 2], jane.headers, body, `race-${i}`))
      )
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s === 201)).toHaveLength(1)
      for (const r of results.filter((r) => r.status !== 201)) {
        expect({ status: r.status, message: r.data?.message }).toEqual({ status: 400, message: expect.stringMatching(/has nothing left to pay|is paid/) })
      }
      const invoice = await invoicing().retrieveInvoice(jane.invoiceIds[0])
      expect({ status: invoice.status, amount_paid: Number(invoice.amount_paid) }).toEqual({ status: "paid", amount_paid: 120 })
      const payments = await invoicing().listCustomerPayments({ customer_id: jane.id })
      expect(payments.map((p) => p.status)).toEqual(["succeeded"])
      expect(await capturesOf(jane.id)).toBe(1)
      await expectInvariants(getContainer())
    })

    it("20 requests with one Idempotency-Key across both servers: one payment, every answer that payment", async () => {
      const jane = await customerWithInvoices("same-key@test.dev", ["49.99"])
      const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: jane.invoiceIds, payment_method: CARD_OK }
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => pay(cluster.servers[i % 2], jane.headers, body, "one-key")))
      // DESIGN sec. 6: same key + same body → the same payment (201 once, 200 for the replays)
      expect(replies.map((r) => r.status).sort((a, b) => a - b)).toEqual([...Array(19).fill(200), 201])
      const payments = await invoicing().listCustomerPayments({ customer_id: jane.id })
      expect(payments).toHaveLength(1)
      expect(new Set(replies.map((r) => r.data.payment.id))).toEqual(new Set([payments[0].id]))
      expect(payments[0].status).toBe("succeeded")
      expect(await capturesOf(jane.id)).toBe(1)
      const invoice = await invoicing().retrieveInvoice(jane.invoiceIds[0])
      expect({ status: invoice.status, amount_paid: Number(invoice.amount_paid) }).toEqual({ status: "paid", amount_paid: 49.99 })
      await expectInvariants(getContainer())
    })

    it("ACH webhooks shuffled, each delivered twice, to both servers: the same books as one delivery in order", async () => {
      // What one in-order delivery leaves (integration-tests/http/payments-ach-webhooks.spec.ts checks these per path)
      const scenarios: { account: string; events: SandboxEventType[]; expected: object }[] = [
        {
          account: "000123456789",
          events: ["ach.processing", "ach.succeeded"],
          expected: {
            status: "succeeded",
            allocations: ["applied", "applied"],
            ledger: [["invoice", 120, 120], ["invoice", 30.5, 150.5], ["payment", -150.5, 0]],
            invoices: [{ status: "paid", amount_paid: 120, amount_pending: 0 }, { status: "paid", amount_paid: 30.5, amount_pending: 0 }],
            captures: 1,
          },
        },
        {
          account: "000111111113",
          events: ["ach.processing", "ach.failed"],
          expected: {
            status: "failed",
            allocations: ["released", "released"],
            ledger: [["invoice", 120, 120], ["invoice", 30.5, 150.5]],
            invoices: [{ status: "open", amount_paid: 0, amount_pending: 0 }, { status: "open", amount_paid: 0, amount_pending: 0 }],
            captures: 0,
          },
        },
        {
          account: "000555555559",
          events: ["ach.processing", "ach.succeeded", "ach.returned"],
          expected: {
            status: "reversed",
            allocations: ["reversed", "reversed"],
            ledger: [["invoice", 120, 120], ["invoice", 30.5, 150.5], ["payment", -150.5, 0], ["payment_reversal", 150.5, 150.5]],
            invoices: [{ status: "open", amount_paid: 0, amount_pending: 0 }, { status: "open", amount_paid: 0, amount_pending: 0 }],
            captures: 1,
          },
        },
      ]
      const container = getContainer()
      const seeded: {
        events: SandboxEventType[]
        expected: object
        customer: Awaited<ReturnType<typeof customerWithInvoices>>
        payment_id: string
        session: { data: unknown }
      }[] = []
      for (const [i, s] of scenarios.entries()) {
        const c = await customerWithInvoices(`ach-${i}@test.dev`, ["120.00", "30.50"])
        const ach = { type: "us_bank_account", data: { account_number: s.account, routing_number: "110000000" } }
        const created = await pay(cluster.servers[i % 2], c.headers, { mode: "total_balance", currency_code: "usd", payment_method: ach }, `ach-${i}`)
        expect({ status: created.status, payment: created.data?.payment?.status }).toEqual({ status: 201, payment: "processing" })
        const payment = await invoicing().retrieveCustomerPayment(created.data.payment.id)
        const [session] = await container.resolve(Modules.PAYMENT).listPaymentSessions({ payment_collection_id: payment.payment_collection_id! })
        seeded.push({ ...s, customer: c, payment_id: payment.id, session })
      }
      // every event twice, in a seeded shuffle, alternating servers
      const deliveries = seeded.flatMap((s) => s.events.flatMap((type) => [buildSandboxEvent(type, s.session.data), buildSandboxEvent(type, s.session.data)]))
      const random = prng(13)
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]]
      }
      const acks: Promise<{ status: number }>[] = []
      for (const [i, event] of deliveries.entries()) {
        acks.push(cluster.servers[i % 2].request("POST", "/hooks/payment/billing-sandbox_sandbox", { body: event }))
        await sleep(50)
      }
      expect((await Promise.all(acks)).map((r) => r.status)).toEqual(deliveries.map(() => 200))
      const lastDelivery = Date.now()

      const snapshot = async (s: (typeof seeded)[number]) => {
        const payment = await invoicing().retrieveCustomerPayment(s.payment_id, { relations: ["allocations"] })
        const ledger = await invoicing().listLedgerEntries({ customer_id: s.customer.id }, { order: { sequence: "ASC" } })
        const invoices = await invoicing().listInvoices({ id: s.customer.invoiceIds })
        return {
          status: payment.status,
          allocations: (payment.allocations ?? []).map((a: any) => a.status).sort(),
          ledger: ledger.map((e: any) => [e.type, Number(e.amount), Number(e.balance_after)]),
          invoices: s.customer.invoiceIds.map((id) => {
            const inv: any = invoices.find((x: any) => x.id === id)
            return { status: inv.status, amount_paid: Number(inv.amount_paid), amount_pending: Number(inv.amount_pending) }
          }),
          captures: await capturesOf(s.customer.id),
        }
      }
      // Medusa hands webhook events to the subscribers 5 s after the 2xx (a delayed job on the Redis event bus)
      const final = await eventually(
        () => Promise.all(seeded.map(snapshot)),
        (all) => Date.now() > lastDelivery + 7_000 && all.every((s, i) => s.status === (seeded[i].expected as { status: string }).status && !s.allocations.includes("reserved")),
        60_000
      )
      expect(final).toEqual(seeded.map((s) => s.expected))
      await sleep(1_000)
      expect(await Promise.all(seeded.map(snapshot))).toEqual(final)
      await expectInvariants(container)
    })

    it("every billing subscriber handles each event once, on the worker: one invoice email, one receipt", async () => {
      const container = getContainer()
      const admin = await createAdmin(container, api)
      const jane = await customerWithInvoices("subscribers@test.dev", [])
      const draft = await invoicing().createDraftInvoice({
        customer_id: jane.id,
        currency_code: "usd",
        due_at: new Date(Date.now() + 10 * DAY),
        lines: [{ title: "Service", quantity: "1", unit_price: "75.00" }],
      })
      // issued through a server (the admin route's workflow emits billing.invoice.issued onto Redis)
      const issued = await cluster.servers[1].request("POST", `/admin/billing/invoices/${draft.id}/issue`, { headers: admin.headers, body: {} })
      expect(issued.status).toBe(200)
      const paid = await pay(cluster.servers[0], jane.headers, { mode: "selected_invoices", currency_code: "usd", invoice_ids: [draft.id], payment_method: CARD_OK }, "sub-1")
      expect(paid.status).toBe(201)

      const notifications = container.resolve(Modules.NOTIFICATION)
      const sent = async () =>
        ((await notifications.listNotifications({ to: "subscribers@test.dev" } as any)) as any[]).map((n) => n.template).sort()
      await eventually(sent, (t) => t.includes("billing.invoice_issued") && t.includes("billing.payment_receipt"), 30_000)
      await sleep(3_000) // a second handling would have landed by now
      expect(await sent()).toEqual(["billing.invoice_issued", "billing.payment_receipt"])
      // The local notification provider logs every send: only the worker's log has them, once each.
      const sends = (p: MedusaProcess, template: string) =>
        cluster.count(p, new RegExp(`notification to: 'subscribers@test\\.dev'.*template: '${template.replace(".", "\\.")}'`))
      for (const template of ["billing.invoice_issued", "billing.payment_receipt"]) {
        expect({ template, worker: sends(cluster.worker, template), servers: cluster.servers.map((s) => sends(s, template)) }).toEqual({
          template,
          worker: 1,
          servers: [0, 0],
        })
      }
      await expectInvariants(container)
    })

    /**
     * The rate-limit test needs both servers with rateLimits.payments.perCustomer
     * = 3 per minute (the other tests make 20 attempts per customer, so they run
     * without it). Restarting them takes minutes on a busy machine: it starts
     * here, while the jobs test waits for a tick on the worker alone (it sends
     * no request to the servers; their logs are kept across the restart), and
     * that test waits for it before it ends: a server booting while the runner
     * recreates the database for the next test finds no database and exits.
     */
    const LIMITED_OPTIONS = { ...BASE_OPTIONS, rateLimits: { payments: { perCustomer: { windowMs: 60_000, max: 3 } } } }
    let limitedServers: Promise<void> | null = null
    const restartServersLimited = () =>
      (limitedServers ??= cluster.stop(cluster.servers).then(() => cluster.start(cluster.servers, instanceEnv(LIMITED_OPTIONS))))

    it("the scheduled jobs run on the worker only, once per tick: one scheduled autopay run, one reconciliation", async () => {
      const container = getContainer()
      const started = new Date()
      const restarting = restartServersLimited()
      restarting.catch(() => {}) // its failure is reported by the rate-limit test
      try {
        // A payment a crashed request left `pending` two hours ago, before the provider was reached:
        // the reconciler expires it (abandoned) and releases its reservation, once.
        const jane = await customerWithInvoices("stuck@test.dev", ["80.00"])
        const request = { customer_id: jane.id, mode: "total_balance" as const, currency_code: "usd" }
        const { payment_id } = await invoicing().reservePayment(
          { ...request, method: "card", source: "portal", provider_id: SANDBOX_PROVIDER_ID, idempotency_key: "stuck-1", request_hash: "h" },
          allocationDecider(request, resolvePortalSettings({}))
        )
        await pg().raw(`UPDATE customer_payment SET created_at = now() - interval '2 hours' WHERE id = ?`, [payment_id])

        // The reconciler's own schedule is every five minutes; one tick is all this test needs, so
        // its repeatable job on the workflow engine's Redis queue is rescheduled to every minute
        // (the same scheduler, queue and worker; only the cron pattern differs).
        await rescheduleEveryMinute(redis.url, "job-billing-reconcile-customer-payments")

        const autopay = container.resolve<AutopayModuleService>(AUTOPAY_MODULE)
        const scheduledRuns = () => autopay.listAutopayRuns({ trigger: "schedule", started_at: { $gte: started } } as any)
        const runs = await eventually(scheduledRuns, (r) => r.length > 0, 75_000)
        expect(runs).toHaveLength(1)
        const reconciled = await eventually(
          () => invoicing().retrieveCustomerPayment(payment_id, { relations: ["allocations"] }),
          (p) => p.status !== "pending",
          75_000
        )
        expect({ status: reconciled.status, failure_reason: reconciled.failure_reason, allocations: reconciled.allocations.map((a: any) => a.status) }).toEqual({
          status: "canceled",
          failure_reason: "abandoned",
          allocations: ["released"],
        })
        await sleep(3_000)
        // still one run for that tick
        const after = await scheduledRuns()
        const perMinute = new Map<number, number>()
        for (const r of after) {
          const minute = Math.floor(new Date(r.started_at).getTime() / 60_000)
          perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1)
        }
        expect([...perMinute.values()].every((n) => n === 1)).toBe(true)
        // the logs say where they ran: the worker, once each; the servers never
        expect(cluster.count(cluster.worker, new RegExp(`billing: autopay run ${runs[0].id}:`))).toBe(1)
        expect(cluster.count(cluster.worker, /billing: reconciled customer payments .*\\?"expired\\?":1(?!\d)/)).toBe(1)
        // (the servers' whole logs: up since the suite started, through several ticks of the worker)
        for (const s of cluster.servers) {
          expect({ server: s.name, autopay: cluster.count(s, /billing: autopay run/), reconciler: cluster.count(s, /billing: reconciled customer payments/) }).toEqual({
            server: s.name,
            autopay: 0,
            reconciler: 0,
          })
        }
        const invoice = await invoicing().retrieveInvoice(jane.invoiceIds[0])
        expect({ status: invoice.status, amount_pending: Number(invoice.amount_pending) }).toMatchObject({ amount_pending: 0 })
        await expectInvariants(container)
      } finally {
        await restarting.catch(() => {})
      }
    })

    // passes once the shared limiter (branch limits) is merged
    it("the per-customer payment limit is counted across both servers: the 4th attempt, on the other server, is 429", async () => {
      // both servers restarted with rateLimits.payments.perCustomer = { windowMs: 60000, max: 3 }
      await restartServersLimited()
      const jane = await customerWithInvoices("limited@test.dev", ["10.00", "10.00", "10.00", "10.00"])
      const statuses: number[] = []
      for (const [i, invoiceId] of jane.invoiceIds.entries()) {
        const server = cluster.servers[i === 3 ? 1 : i % 2]
        const r = await pay(server, jane.headers, { mode: "selected_invoices", currency_code: "usd", invoice_ids: [invoiceId], payment_method: CARD_OK }, `limit-${i}`)
        statuses.push(r.status)
      }
      expect(statuses).toEqual([201, 201, 201, 429])
      const payments = await invoicing().listCustomerPayments({ customer_id: jane.id })
      expect(payments).toHaveLength(3)
      const fourth = await invoicing().retrieveInvoice(jane.invoiceIds[3])
      expect(fourth.status).not.toBe("paid")
    })
  },
})

/** One Redis command (the answer as text). */
async function redisCommand(url: string, args: string[]): Promise<string> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await client.connect()
    return String(await client.call(args[0], ...args.slice(1)))
  } finally {
    client.disconnect()
  }
}

/**
 * Reschedules one of Medusa's scheduled jobs to every minute: the workflow
 * engine keeps each as a BullMQ repeatable job `schedule_<workflow id>` on its
 * `medusa-workflows-jobs` queue, which only the worker consumes.
 */
async function rescheduleEveryMinute(url: string, workflowId: string) {
  const { Queue } = require("bullmq")
  const connection = new Redis(url, { maxRetriesPerRequest: null })
  const queue = new Queue("medusa-workflows-jobs", { connection })
  try {
    const key = `schedule_${workflowId}`
    const repeatables: any[] = await queue.getRepeatableJobs()
    const current = repeatables.find((j) => j.key === key || String(j.key).includes(workflowId))
    if (!current) throw new Error(`no scheduled job ${key} on the worker's queue: ${JSON.stringify(repeatables)}`)
    await queue.removeRepeatableByKey(current.key)
    await queue.add(
      "schedule",
      { jobId: workflowId, schedulerOptions: { cron: "* * * * *" } },
      { repeat: { pattern: "* * * * *", key }, removeOnComplete: { age: 86400, count: 1000 }, removeOnFail: { age: 604800, count: 5000 } }
    )
  } finally {
    await queue.close()
    connection.disconnect()
  }
}
