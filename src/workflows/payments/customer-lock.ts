import { Modules } from "@medusajs/framework/utils"

/** Tails of the per-key queues of this process; a key is dropped when its queue empties. */
const queues = new Map<string, Promise<unknown>>()

/** Runs `job` after every earlier job queued under `key` in this process has finished. */
export async function inProcessQueue<T>(key: string, job: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve()
  const run = previous.then(job, job)
  const tail = run.then(
    () => undefined,
    () => undefined
  )
  queues.set(key, tail)
  try {
    return await run
  } finally {
    if (queues.get(key) === tail) queues.delete(key)
  }
}

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

/**
 * Runs `job` — which must take the customer's PostgreSQL advisory lock
 * itself, inside its own transaction (InvoicingModuleService.reservePayment
 * does) — under the customer's lock.
 *
 * With the in-memory or Redis provider, that is the Locking Module's lock
 * around the job (`execute`), as DESIGN sec. 6 says. With the Postgres
 * provider, the module's lock would be the same kind of PostgreSQL advisory
 * lock, only taken on a second pooled connection that stays open while the
 * job waits for its own: under load every pooled connection ends up waiting
 * for a lock whose holder waits for a connection (seen: "Timed-out acquiring
 * lock" with 20 concurrent payments over two instances). There the job's own
 * in-transaction advisory lock is the cross-instance lock, and an in-process
 * queue keeps one customer's burst from occupying the pool.
 */
export async function withCustomerLock<T>(container: any, customerId: string, job: () => Promise<T>): Promise<T> {
  const key = `billing-customer:${customerId}`
  const locking = container.resolve(Modules.LOCKING)
  if (locksHoldAConnection(locking)) return await inProcessQueue(key, job)
  return await locking.execute(key, job, { timeout: 15 })
}
