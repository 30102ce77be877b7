import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { getBillingOptions, PLUGIN_NAME } from "../options"

const containerWith = (options?: Record<string, unknown>) =>
  ({
    resolve: (key: string) => {
      if (key !== ContainerRegistrationKeys.CONFIG_MODULE) throw new Error(`unexpected ${key}`)
      return { plugins: options ? [{ resolve: PLUGIN_NAME, options }] : [] }
    },
  }) as any

/**
 * In a describe: BILLING_PORTAL_OPTIONS as it was, put back after the suite;
 * with `clearEach`, unset before each test (the options come from the config).
 */
function restoreEnvironmentOptions({ clearEach }: { clearEach: boolean }) {
  const saved = process.env.BILLING_PORTAL_OPTIONS
  if (clearEach) beforeEach(() => delete process.env.BILLING_PORTAL_OPTIONS)
  afterAll(() => {
    if (saved === undefined) delete process.env.BILLING_PORTAL_OPTIONS
    else process.env.BILLING_PORTAL_OPTIONS = saved
  })
}

describe("getBillingOptions: autopay", () => {
  restoreEnvironmentOptions({ clearEach: true })

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

describe("getBillingOptions: payLinks", () => {
  restoreEnvironmentOptions({ clearEach: true })

  it("are on by default: 30 days after the latest due date, at most 90 days", () => {
    expect(getBillingOptions(containerWith()).payLinks).toEqual({ enabled: true, maxDaysAfterDue: 30, maxDays: 90 })
  })

  it("false, or enabled: false, turns them off; the limits given are kept, the others defaulted", () => {
    expect(getBillingOptions(containerWith({ payLinks: false })).payLinks).toEqual({ enabled: false, maxDaysAfterDue: 30, maxDays: 90 })
    expect(getBillingOptions(containerWith({ payLinks: { enabled: false } })).payLinks.enabled).toBe(false)
    expect(getBillingOptions(containerWith({ payLinks: { maxDays: 45 } })).payLinks).toEqual({
      enabled: true,
      maxDaysAfterDue: 30,
      maxDays: 45,
    })
    process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ payLinks: { enabled: false } })
    expect(getBillingOptions(containerWith()).payLinks.enabled).toBe(false)
  })

  it("falls back to the default for day limits that are not whole numbers of at least 1", () => {
    for (const value of [0, -1, 1.5, "x", null, Number.POSITIVE_INFINITY]) {
      expect(getBillingOptions(containerWith({ payLinks: { maxDaysAfterDue: value, maxDays: value } })).payLinks).toEqual({
        enabled: true,
        maxDaysAfterDue: 30,
        maxDays: 90,
      })
    }
  })

  it("rate limits pay-link requests per token and per address, each overridable", () => {
    expect(getBillingOptions(containerWith()).rateLimits.payLinks).toEqual({
      perToken: { windowMs: 900_000, max: 60 },
      perIp: { windowMs: 900_000, max: 120 },
    })
    expect(
      getBillingOptions(containerWith({ rateLimits: { payLinks: { perIp: { max: 5 } } } })).rateLimits.payLinks
    ).toEqual({ perToken: { windowMs: 900_000, max: 60 }, perIp: { windowMs: 900_000, max: 5 } })
  })
})

describe("getBillingOptions: portalUrl", () => {
  const saved = { options: process.env.BILLING_PORTAL_OPTIONS, port: process.env.PORT }
  beforeEach(() => {
    delete process.env.BILLING_PORTAL_OPTIONS
    delete process.env.PORT
  })
  afterAll(() => {
    for (const [key, value] of [["BILLING_PORTAL_OPTIONS", saved.options], ["PORT", saved.port]] as const) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })

  it("defaults to the hosted portal on this server: port 9000 (or PORT) and hostedPortal.path", () => {
    expect(getBillingOptions(containerWith()).portalUrl).toBe("http://localhost:9000/billing")
    process.env.PORT = "9123"
    expect(getBillingOptions(containerWith({ hostedPortal: { path: "/account/billing/" } })).portalUrl).toBe(
      "http://localhost:9123/account/billing"
    )
  })

  it("defaults to a storefront's account page when the plugin serves no portal", () => {
    expect(getBillingOptions(containerWith({ hostedPortal: false })).portalUrl).toBe("http://localhost:8000/account/billing")
  })

  it("keeps the portalUrl given", () => {
    expect(getBillingOptions(containerWith({ portalUrl: "https://shop.example.com/billing" })).portalUrl).toBe(
      "https://shop.example.com/billing"
    )
  })
})

describe("getBillingOptions: worked out once per configuration and environment", () => {
  restoreEnvironmentOptions({ clearEach: false })
  const sharedConfig = (options: Record<string, unknown>) => {
    const config = { plugins: [{ resolve: PLUGIN_NAME, options }] }
    return { resolve: () => config } as any
  }

  it("answers the same frozen object for one app, leaving the host's option objects alone", () => {
    delete process.env.BILLING_PORTAL_OPTIONS
    const given = { stripe: { webhookSecret: "whsec_1" } }
    const container = sharedConfig(given)
    const first = getBillingOptions(container)
    expect(getBillingOptions(container)).toBe(first)
    expect(Object.isFrozen(first) && Object.isFrozen(first.stripe) && Object.isFrozen(first.autopay.retryDays)).toBe(true)
    expect(Object.isFrozen(given.stripe)).toBe(false)
  })

  it("works them out again when BILLING_PORTAL_OPTIONS or PORT changes, and per app", () => {
    const container = sharedConfig({})
    process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ trustProxy: 1 })
    expect(getBillingOptions(container).trustProxy).toBe(1)
    process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ trustProxy: 2 })
    expect(getBillingOptions(container).trustProxy).toBe(2)
    const savedPort = process.env.PORT
    process.env.PORT = "9123"
    try {
      expect(getBillingOptions(container).portalUrl).toBe("http://localhost:9123/billing")
    } finally {
      if (savedPort === undefined) delete process.env.PORT
      else process.env.PORT = savedPort
    }
    expect(getBillingOptions(sharedConfig({ trustProxy: 3 })).trustProxy).toBe(3)
  })
})

describe("getBillingOptions: timeZone", () => {
  restoreEnvironmentOptions({ clearEach: true })

  it("is UTC unless given; an IANA zone is kept", () => {
    expect(getBillingOptions(containerWith()).timeZone).toBe("UTC")
    expect(getBillingOptions(containerWith({ timeZone: "" })).timeZone).toBe("UTC")
    expect(getBillingOptions(containerWith({ timeZone: "America/Los_Angeles" })).timeZone).toBe("America/Los_Angeles")
  })

  it("refuses a zone the runtime does not know, naming the option, rather than moving every due day silently", () => {
    for (const timeZone of ["America/LosAngeles", "PST-8", 7, "  "]) {
      expect(() => getBillingOptions(containerWith({ timeZone }))).toThrow(/the option timeZone must be an IANA time zone/)
    }
  })
})
