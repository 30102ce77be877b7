import fc from "fast-check"
import { RateLimiterMemory } from "rate-limiter-flexible"
import Redis from "ioredis"
import { clientIp, createLimiter, rateLimitMiddleware, type RateLimitRule } from "../rate-limit"

const response = () => {
  const res: any = { headers: {} as Record<string, string>, statusCode: 200, body: undefined }
  res.setHeader = (k: string, v: string) => (res.headers[k] = v)
  res.status = (code: number) => ((res.statusCode = code), res)
  res.json = (body: unknown) => ((res.body = body), res)
  return res
}

/** Sends one request through `middleware`; whether it passed, and the response. */
async function send(middleware: ReturnType<typeof rateLimitMiddleware>, req: Record<string, unknown>) {
  const res = response()
  let passed = false
  await middleware(req as any, res, () => (passed = true))
  return { passed, res }
}

describe("createLimiter", () => {
  it("refuses nonsense limits", () => {
    expect(() => createLimiter({ kind: "memory" }, "s", { windowMs: 0, max: 1 })).toThrow("windowMs")
    expect(() => createLimiter({ kind: "memory" }, "s", { windowMs: 1000, max: 0.5 })).toThrow("max")
  })

  it("counts whole seconds, at least one, and keys by scope and limit (a changed limit starts afresh)", () => {
    const a = createLimiter({ kind: "memory" }, "payments:ip", { windowMs: 1_500, max: 3 })
    expect(a.duration).toBe(2)
    expect(a.points).toBe(3)
    expect(a.keyPrefix).toBe("billing-rl:payments:ip:1500:3")
    expect(createLimiter({ kind: "memory" }, "payments:ip", { windowMs: 10, max: 3 }).duration).toBe(1)
  })

  it("with Redis unreachable, answers from its memory insurance at once instead of failing or hanging", async () => {
    // nothing listens on port 1: with the offline queue off, every command fails immediately
    const client = new Redis("redis://127.0.0.1:1", { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true })
    client.on("error", () => {})
    try {
      const limiter = createLimiter({ kind: "redis", client }, "payments:customer", { windowMs: 60_000, max: 2 })
      const middleware = rateLimitMiddleware(() => [{ what: "payment attempts for this account", limiter, key: () => "cus_1" }])
      const started = Date.now()
      expect((await send(middleware, {})).passed).toBe(true)
      expect((await send(middleware, {})).passed).toBe(true)
      const refused = await send(middleware, {})
      expect(refused.res.statusCode).toBe(429)
      expect(Date.now() - started).toBeLessThan(2_000)
    } finally {
      client.disconnect()
    }
  })
})

describe("rateLimitMiddleware", () => {
  it("answers 429 with Retry-After and a {type, message} body; a refusal by one rule spends nothing of the others", async () => {
    const perCustomer = new RateLimiterMemory({ points: 2, duration: 60 })
    const perIp = new RateLimiterMemory({ points: 3, duration: 60 })
    const middleware = rateLimitMiddleware(() => [
      { what: "payment attempts for this account", limiter: perCustomer, key: (r: any) => r.customer },
      { what: "payment attempts from this address", limiter: perIp, key: (r: any) => r.ip },
    ])
    const pay = (customer: string | null) => send(middleware, { customer, ip: "10.0.0.1" })
    expect((await pay("cus_1")).passed).toBe(true)
    expect((await pay("cus_1")).passed).toBe(true)
    const refused = await pay("cus_1")
    expect(refused.passed).toBe(false)
    expect(refused.res.statusCode).toBe(429)
    const seconds = Number(refused.res.headers["Retry-After"])
    expect(seconds).toBeGreaterThanOrEqual(59)
    expect(seconds).toBeLessThanOrEqual(60)
    expect(refused.res.body).toEqual({
      type: "too_many_requests",
      message: `Too many payment attempts for this account; try again in ${seconds} seconds`,
    })
    // the refused request used none of the IP's allowance: one more from another customer passes…
    expect((await pay("cus_2")).passed).toBe(true)
    // …and then the address is at its limit; an unauthenticated request (no customer key) is limited by IP only
    const byIp = await pay(null)
    expect(byIp.res.statusCode).toBe(429)
    expect(byIp.res.body.message).toMatch(/^Too many payment attempts from this address; try again in (59|60) seconds$/)
  })

  it("matches a model over random requests: allowed iff every rule has room, and only allowed requests count", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.constantFrom("c1", "c2", "c3", null), fc.constantFrom("ip1", "ip2")), { maxLength: 60 }),
        async (maxCustomer, maxIp, requests) => {
          // long windows: nothing expires during a run
          const perCustomer = new RateLimiterMemory({ points: maxCustomer, duration: 3600 })
          const perIp = new RateLimiterMemory({ points: maxIp, duration: 3600 })
          const rules: RateLimitRule[] = [
            { what: "by customer", limiter: perCustomer, key: (r: any) => r.customer },
            { what: "by address", limiter: perIp, key: (r: any) => r.ip },
          ]
          const middleware = rateLimitMiddleware(() => rules)
          const counted = new Map<string, number>()
          for (const [customer, ip] of requests) {
            const customerRoom = customer === null || (counted.get(customer) ?? 0) < maxCustomer
            const ipRoom = (counted.get(ip) ?? 0) < maxIp
            const { passed, res } = await send(middleware, { customer, ip })
            expect(passed).toBe(customerRoom && ipRoom)
            if (passed) {
              if (customer !== null) counted.set(customer, (counted.get(customer) ?? 0) + 1)
              counted.set(ip, (counted.get(ip) ?? 0) + 1)
            } else {
              // the first rule in order that refuses is the one named
              expect(res.body.message).toMatch(customerRoom ? /^Too many by address/ : /^Too many by customer/)
            }
          }
        }
      ),
      { numRuns: 100 }
    )
  })

  it("passes a thrown rule lookup to next (Express error handling) instead of leaving the request hanging", async () => {
    const middleware = rateLimitMiddleware(() => {
      throw new Error("bad options")
    })
    let error: unknown
    await middleware({} as any, response(), (e?: unknown) => (error = e))
    expect((error as Error).message).toBe("bad options")
  })
})

describe("clientIp", () => {
  const request = (remoteAddress: string, forwarded?: string) =>
    ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded }, ip: "spoofed" }) as any

  it("is the connection's address unless proxies are trusted: a client-sent X-Forwarded-For is ignored", () => {
    expect(clientIp(request("10.0.0.9", "198.51.100.1"))).toBe("10.0.0.9")
    expect(clientIp(request("10.0.0.9", "198.51.100.1"), 0)).toBe("10.0.0.9")
  })

  it("with N trusted hops, is the N-th address from the right, as Express computes req.ip", () => {
    // client → proxy (appends the client's address) → Medusa
    expect(clientIp(request("10.0.0.1", "203.0.113.7"), 1)).toBe("203.0.113.7")
    // a client-forged entry sits to the left of what the proxy appended
    expect(clientIp(request("10.0.0.1", "6.6.6.6, 203.0.113.7"), 1)).toBe("203.0.113.7")
    expect(clientIp(request("10.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2"), 2)).toBe("203.0.113.7")
    // fewer entries than hops: the furthest known address
    expect(clientIp(request("10.0.0.1"), 2)).toBe("10.0.0.1")
    expect(clientIp(request("10.0.0.1", "203.0.113.7"), 5)).toBe("203.0.113.7")
  })
})
