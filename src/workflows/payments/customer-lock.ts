import { randomUUID } from "crypto"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/** A lease outlives its holder by at most this long (a killed process's lock frees itself). */
export const LEASE_SECONDS = 30
/** How long a job waits for the customer's lock before failing, as `locking.execute`'s timeout. */
export const WAIT_SECONDS = 15

/**
 * Whether the Locking Module's default provider is Medusa's Postgres one,
 * whose `execute` holds a pooled connection in an open transaction (waiting
 * on `pg_advisory_xact_lock`) while the job runs on a second connection.
 */
function locksHoldAConnection(locking: any): boolean {
  try {
    const provider = locking?.providerService_?.retrieveProviderRegistration?.(locking.defaultProviderId)
    return provider?.constructor?.identifier === "locking-postgres"
  } catch {
    return false
  }
}

/** Takes `key` for `owner` if it is free or its lease has run out; one statement, no connection kept. */
async function tryLease(pg: any, key: string, owner: string): Promise<boolean> {
  const { rows } = await pg.raw(
    `INSERT INTO customer_lock_lease (key, owner, expires_at) VALUES (?, ?, now() + make_interval(secs => ?))
     ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE customer_lock_lease.expires_at <= now()
     RETURNING owner`,
    [key, owner, LEASE_SECONDS]
  )
  return rows.length === 1
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `job` holding a lease on `key` in table `customer_lock_lease` (shared
 * by every instance on the database). Waiting holds no connection: it retries
 * with a growing, jittered pause (20 ms to 250 ms) for up to WAIT_SECONDS.
 * The holder renews the lease every third of LEASE_SECONDS and deletes it
 * when done; if the holder dies, the lease runs out and the next one takes it.
 */
export async function withLease<T>(pg: any, key: string, job: () => Promise<T>, waitSeconds = WAIT_SECONDS): Promise<T> {
  const owner = randomUUID()
  const deadline = Date.now() + waitSeconds * 1000
  for (let pause = 20; !(await tryLease(pg, key, owner)); pause = Math.min(250, pause * 2)) {
    if (Date.now() >= deadline) throw new Error(`Timed-out acquiring lock "${key}".`)
    await sleep(pause / 2 + Math.random() * pause)
  }
  const renew = setInterval(() => {
    pg.raw(
      `UPDATE customer_lock_lease SET expires_at = now() + make_interval(secs => ?) WHERE key = ? AND owner = ?`,
      [LEASE_SECONDS, key, owner]
    ).catch(() => undefined)
  }, (LEASE_SECONDS * 1000) / 3)
  renew.unref()
  try {
    return await job()
  } finally {
    clearInterval(renew)
    await pg.raw(`DELETE FROM customer_lock_lease WHERE key = ? AND owner = ?`, [key, owner]).catch(() => undefined)
  }
}

/**
 * Runs `job` under the customer's lock, shared by every Medusa instance.
 * A job that changes the ledger also takes the customer's PostgreSQL advisory
 * lock itself, inside its own transaction (InvoicingModuleService.reservePayment
 * does), so the database stays right even if a lock were lost.
 *
 * With the in-memory (one process) or Redis provider, that is the Locking
 * Module's lock around the job (`execute`), as DESIGN sec. 6 says. With the
 * Postgres provider it is not: `execute` would hold a pooled connection in a
 * transaction waiting on an advisory lock while the holder's job needs a
 * second connection; under load every pooled connection waits for a lock
 * whose holder waits for a connection (seen: "Timed-out acquiring lock" with
 * 20 concurrent payments over two instances). There the lock is a lease row
 * (`withLease`), which nobody waits on with a connection.
 */
export async function withCustomerLock<T>(container: any, customerId: string, job: () => Promise<T>): Promise<T> {
  return await withSharedLock(container, `billing-customer:${customerId}`, job)
}

/** The lock of one payment: whoever authorizes and captures it (its completion, the reconciler) holds it. */
export const paymentLockKey = (paymentId: string) => `billing-payment:${paymentId}`

/**
 * Runs `job` under the payment's lock (`paymentLockKey`), shared by every
 * Medusa instance: the Payment Module's authorization of a session is not
 * safe to run twice at once (the second's payment row hits the session's
 * unique index, and the module then cancels the provider object the first
 * one is capturing). Nothing that holds the customer's lock takes it (the
 * reservation and refunds hold that one alone); the payment's outcome is
 * recorded under the customer's PostgreSQL advisory lock, inside its own
 * transaction, while a holder of this one may wait for it.
 */
export async function withPaymentLock<T>(container: any, paymentId: string, job: () => Promise<T>, waitSeconds = WAIT_SECONDS): Promise<T> {
  return await withSharedLock(container, paymentLockKey(paymentId), job, waitSeconds)
}

/**
 * Runs `job` holding `key`, shared by every Medusa instance, as
 * `withCustomerLock` does (the Locking Module's lock, or a lease row with the
 * Postgres provider); waits up to `waitSeconds` for it. Not acquired in time,
 * it throws an error `isLockBusy(error, key)` knows; a timeout from within
 * the job (another lock it takes) is passed on as it is.
 */
export async function withSharedLock<T>(container: any, key: string, job: () => Promise<T>, waitSeconds = WAIT_SECONDS): Promise<T> {
  const locking = container.resolve(Modules.LOCKING)
  let entered = false
  const held = () => {
    entered = true
    return job()
  }
  try {
    if (locksHoldAConnection(locking)) return await withLease(container.resolve(ContainerRegistrationKeys.PG_CONNECTION), key, held, waitSeconds)
    return await locking.execute(key, held, { timeout: waitSeconds })
  } catch (e) {
    if (!entered && isLockTimeout(e)) throw Object.assign(new Error(`Timed-out acquiring lock "${key}".`), { lock_busy: key })
    throw e
  }
}

/** Whether `error` is a lock timeout in any provider's words (the in-memory, Redis and Postgres providers, and the lease). */
function isLockTimeout(error: unknown): boolean {
  return /^Timed-out acquiring lock/.test(String((error as any)?.message ?? ""))
}

/** Whether `error` is `withSharedLock`'s: `key` was not acquired in time (not a timeout from within its job). */
export function isLockBusy(error: unknown, key: string): boolean {
  return (error as any)?.lock_busy === key
}
