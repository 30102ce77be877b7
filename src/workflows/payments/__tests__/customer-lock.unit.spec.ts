import { MedusaError } from "@medusajs/framework/utils"
import { isLockTimeout } from "../customer-lock"

describe("isLockTimeout", () => {
  it("knows a lock not acquired in time from every provider's words, and nothing else", () => {
    // the in-memory and Postgres providers, the Redis provider (a MedusaError), and our lease
    expect(isLockTimeout(new Error("Timed-out acquiring lock."))).toBe(true)
    expect(isLockTimeout(new MedusaError(MedusaError.Types.CONFLICT, "Timed-out acquiring lock."))).toBe(true)
    expect(isLockTimeout(new Error('Timed-out acquiring lock "billing-reconcile-customer-payments".'))).toBe(true)
    for (const other of [new Error("An error occurred in refundPayment: timed out"), new Error("lock Timed-out acquiring lock"), "Timed-out", null, undefined])
      expect(isLockTimeout(other)).toBe(false)
  })
})
