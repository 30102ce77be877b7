import { spawn, type ChildProcess } from "child_process"
import path from "path"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { INVOICING_MODULE } from "../../src/modules/invoicing"
import { withCustomerLock, withLease } from "../../src/workflows/payments/customer-lock"
import type InvoicingModuleService from "../../src/modules/invoicing/service"
import { createLoggedInCustomer, createPublishableKey, eventually, expectInvariants, setStoreCurrencies, settle } from "../helpers"

jest.setTimeout(300_000)

// Medusa's Postgres locking provider instead of the in-memory one (read by
// medusa-config.ts at boot). Suites share process.env under --runInBand: put it back after.
const savedLocking = process.env.BILLING_LOCKING
process.env.BILLING_LOCKING = "postgres"

const ROOT = path.resolve(__dirname, "../..")
const CARD_OK = { type: "card", data: { number: "4242424242424242" } }

/**
 * A second Medusa instance of this app in its own process, on the same
 * database as the test runner's, so two instances really compete.
 */
function startSecondInstance(databaseUrl: string, port: number): ChildProcess {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    BILLING_LOCKING: "postgres",
    MEDUSA_ADMIN_DISABLE: "true",
    NODE_OPTIONS: "",
    NODE_ENV: "test",
    LOG_LEVEL: "error",
  }
  return spawn(process.execPath, [require.resolve("@medusajs/cli/cli.js"), "start", "--port", String(port)], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  })
}

async function freePort(): Promise<number> {
  const net = await import("net")
  return new Promise((resolve) => {
    const server = net.createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as any
      server.close(() => resolve(port))
    })
  })
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer, dbConfig }) => {
    let second: ChildProcess | null = null
    let secondOutput = ""
    let secondUrl = ""

    afterAll(async () => {
      if (second && second.exitCode === null) {
        const exited = new Promise((r) => second!.once("exit", r))
        second.kill("SIGTERM")
        const hard = setTimeout(() => second!.kill("SIGKILL"), 10_000)
        await exited
        clearTimeout(hard)
      }
      if (savedLocking === undefined) delete process.env.BILLING_LOCKING
      else process.env.BILLING_LOCKING = savedLocking
    })

    it("runs with the Postgres locking provider: its locks are PostgreSQL advisory locks, visible to every instance", async () => {
      const container = getContainer()
      const locking = container.resolve(Modules.LOCKING) as any
      const provider = locking.providerService_.retrieveProviderRegistration(locking.defaultProviderId)
      expect(provider.constructor.name).toBe("PostgresAdvisoryLockProvider")
      const pg = container.resolve("__pg_connection__") as any
      const held = await locking.execute("billing-customer:cus_probe", async () => {
        const { rows } = await pg.raw(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`)
        return rows[0].n
      })
      expect(held).toBeGreaterThanOrEqual(1)
    })

    it("the customer's lock is a lease row in PostgreSQL: one holder at a time, no connection held while waiting, a dead holder's lease runs out", async () => {
      const container = getContainer()
      const pg = container.resolve("__pg_connection__") as any
      let inside = 0
      let most = 0
      const order: number[] = []
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          withCustomerLock(container, "cus_lease", async () => {
            inside++
            most = Math.max(most, inside)
            const { rows } = await pg.raw(`SELECT count(*)::int AS n FROM customer_lock_lease WHERE key = 'billing-customer:cus_lease'`)
            expect(rows[0].n).toBe(1)
            await new Promise((r) => setTimeout(r, 10))
            order.push(i)
            inside--
          })
        )
      )
      expect(most).toBe(1)
      expect(order.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i))
      expect((await pg.raw(`SELECT count(*)::int AS n FROM customer_lock_lease`)).rows[0].n).toBe(0)

      // a lease left by a killed process: taken over once it has run out, not before
      await pg.raw(
        `INSERT INTO customer_lock_lease (key, owner, expires_at) VALUES ('billing-customer:cus_dead', 'killed', now() + interval '2 seconds')`
      )
      const started = Date.now()
      expect(await withLease(pg, "billing-customer:cus_dead", async () => "ran")).toBe("ran")
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000)
      // a live holder that never lets go: the waiter gives up with a clear error
      await pg.raw(
        `INSERT INTO customer_lock_lease (key, owner, expires_at) VALUES ('billing-customer:cus_busy', 'alive', now() + interval '1 hour')`
      )
      await expect(withLease(pg, "billing-customer:cus_busy", async () => "ran", 1)).rejects.toThrow(
        'Timed-out acquiring lock "billing-customer:cus_busy".'
      )
    })

    it("two Medusa instances on one database: 20 simultaneous payments for one invoice charge it once", async () => {
      const container = getContainer()
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      await setStoreCurrencies(container, ["usd"])
      const key = await createPublishableKey(container)
      const jane = await createLoggedInCustomer(api, key, "jane@test.dev", "Jane")
      const issue = async (price: string) => {
        const draft = await invoicing.createDraftInvoice({
          customer_id: jane.id,
          currency_code: "usd",
          due_at: new Date(),
          lines: [{ title: "Service", quantity: "1", unit_price: price }],
        })
        return (await invoicing.issueInvoice(draft.id, { now: new Date() })).id
      }
      const first = await issue("120.00")
      const secondInvoice = await issue("49.99")

      const port = await freePort()
      secondUrl = `http://127.0.0.1:${port}`
      second = startSecondInstance(dbConfig.clientUrl, port)
      second.stdout!.on("data", (d) => (secondOutput = (secondOutput + d).slice(-4000)))
      second.stderr!.on("data", (d) => (secondOutput = (secondOutput + d).slice(-4000)))
      const health = await eventually(
        () => fetch(`${secondUrl}/health`).then((r) => r.status, () => 0),
        (status) => status === 200 || second!.exitCode !== null,
        180_000
      )
      if (health !== 200) throw new Error(`second instance did not start:\n${secondOutput}`)

      // The same customer's bearer token works on both: one JWT secret, one database.
      const viaSecond = async (body: object, idempotencyKey: string) => {
        const r = await fetch(`${secondUrl}/store/billing/payments`, {
          method: "POST",
          headers: { ...jane.headers, "content-type": "application/json", "idempotency-key": idempotencyKey },
          body: JSON.stringify(body),
        })
        return { status: r.status, data: await r.json() }
      }
      const viaFirst = (body: object, idempotencyKey: string) =>
        settle(api.post("/store/billing/payments", body, { headers: { ...jane.headers, "idempotency-key": idempotencyKey } }))

      const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: [first], payment_method: CARD_OK }
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? viaSecond(body, `race-${i}`) : viaFirst(body, `race-${i}`)))
      )
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s === 201)).toHaveLength(1)
      expect(statuses.filter((s) => s === 400)).toHaveLength(19)
      for (const r of results.filter((r) => r.status === 400)) {
        expect(r.data.message).toMatch(/has nothing left to pay|is paid/)
      }
      expect(await invoicing.retrieveInvoice(first)).toMatchObject({ status: "paid" })
      expect(Number((await invoicing.retrieveInvoice(first)).amount_paid)).toBe(120)

      // 20 retries of one request under one key, spread over both instances: one payment
      const same = { ...body, invoice_ids: [secondInvoice] }
      const replays = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? viaSecond(same, "one-key") : viaFirst(same, "one-key")))
      )
      expect(replays.map((r) => r.status).sort((a, b) => a - b)).toEqual([...Array(19).fill(200), 201])
      expect(new Set(replays.map((r) => r.data.payment.id)).size).toBe(1)
      const [, succeeded] = await invoicing.listAndCountCustomerPayments({ customer_id: jane.id, status: "succeeded" })
      expect(succeeded).toBe(2)
      // every lease was given back
      const pg = container.resolve("__pg_connection__") as any
      expect((await pg.raw(`SELECT count(*)::int AS n FROM customer_lock_lease`)).rows[0].n).toBe(0)
      await expectInvariants(container)
    })
  },
})
