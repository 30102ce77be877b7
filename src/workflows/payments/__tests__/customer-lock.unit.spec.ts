import { MedusaError } from "@medusajs/framework/utils"
import { isLockBusy, withSharedLock } from "../customer-lock"

describe("withSharedLock", () => {
  /** A container whose Locking Module (in-memory or Redis shape) times out before the job, or runs it. */
  const containerWith = (execute: (key: string, job: () => Promise<unknown>) => Promise<unknown>) => ({
    resolve: () => ({ execute }),
  })

  it("says the key was busy when the lock was not acquired in time, in every provider's words", async () => {
    for (const timeout of [new Error("Timed-out acquiring lock."), new MedusaError(MedusaError.Types.CONFLICT, "Timed-out acquiring lock.")]) {
      const job = jest.fn()
      const error: any = await withSharedLock(containerWith(async () => Promise.reject(timeout)), "k", job).catch((e: any) => e)
      expect([isLockBusy(error, "k"), isLockBusy(error, "other"), job.mock.calls.length]).toEqual([true, false, 0])
      expect(error.message).toBe('Timed-out acquiring lock "k".')
    }
  })

  it("passes on the job's own errors, a lock timeout inside the job included, and its result", async () => {
    const run = containerWith(async (_key, job) => job())
    const inner = new Error("Timed-out acquiring lock.")
    const error = await withSharedLock(run, "k", async () => Promise.reject(inner)).catch((e) => e)
    expect([error, isLockBusy(error, "k")]).toEqual([inner, false])
    const other: any = await withSharedLock(containerWith(async () => Promise.reject(new Error("redis down"))), "k", jest.fn()).catch((e: any) => e)
    expect([other.message, isLockBusy(other, "k")]).toEqual(["redis down", false])
    await expect(withSharedLock(run, "k", async () => 42)).resolves.toBe(42)
  })
})
