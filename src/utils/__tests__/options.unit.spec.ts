import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { getBillingOptions, PLUGIN_NAME } from "../options"

const containerWith = (options?: Record<string, unknown>) =>
  ({
    resolve: (key: string) => {
      if (key !== ContainerRegistrationKeys.CONFIG_MODULE) throw new Error(`unexpected ${key}`)
      return { plugins: options ? [{ resolve: PLUGIN_NAME, options }] : [] }
    },
  }) as any

describe("getBillingOptions: autopay", () => {
  const saved = process.env.BILLING_PORTAL_OPTIONS
  beforeEach(() => delete process.env.BILLING_PORTAL_OPTIONS)
  afterAll(() => {
    if (saved === undefined) delete process.env.BILLING_PORTAL_OPTIONS
    else process.env.BILLING_PORTAL_OPTIONS = saved
  })

  it("charges 8 at a time by default, keeping the other autopay defaults", () => {
    expect(getBillingOptions(containerWith()).autopay).toEqual({ schedule: "0 6 * * *", retryDays: [1, 3, 5], concurrency: 8 })
  })

  it("takes a whole concurrency of at least 1 and keeps the defaults it does not name", () => {
    expect(getBillingOptions(containerWith({ autopay: { concurrency: 1 } })).autopay).toEqual({
      schedule: "0 6 * * *",
      retryDays: [1, 3, 5],
      concurrency: 1,
    })
    expect(getBillingOptions(containerWith({ autopay: { concurrency: 32, retryDays: [2] } })).autopay).toMatchObject({
      concurrency: 32,
      retryDays: [2],
    })
  })

  it("falls back to the default for a concurrency that is not a whole number of at least 1", () => {
    for (const concurrency of [0, -2, 2.5, "x", null, Number.POSITIVE_INFINITY]) {
      expect(getBillingOptions(containerWith({ autopay: { concurrency } })).autopay.concurrency).toBe(8)
    }
  })
})
