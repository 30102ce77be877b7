import fc from "fast-check"
import { clientIp, createRateLimiter, rateLimitMiddleware } from "../rate-limit"

describe("createRateLimiter (sliding window)", () => {
  it("allows max requests per window, then refuses with the time until the oldest leaves it", () => {
    const limiter = createRateLimiter({ windowMs: 60_000, max: 3 })
    expect(limiter.hit("c1", 1_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 2 })
    expect(limiter.hit("c1", 2_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 1 })
    expect(limiter.hit("c1", 3_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 })
    expect(limiter.hit("c1", 30_000)).toEqual({ allowed: false, retryAfterMs: 31_000, remaining: 0 })
    // other keys are counted apart
    expect(limiter.hit("c2", 30_000).allowed).toBe(true)
    // the window slides: at 61 000 the request of 1 000 has left it
    expect(limiter.hit("c1", 60_999).allowed).toBe(false)
    expect(limiter.hit("c1", 61_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 })
    expect(limiter.hit("c1", 61_500)).toEqual({ allowed: false, retryAfterMs: 500, remaining: 0 })
  })

  it("does not count refused requests, and peek counts nothing", () => {
    const limiter = createRateLimiter({ windowMs: 1_000, max: 1 })
    expect(limiter.hit("k", 0).allowed).toBe(true)
    for (let t = 100; t < 1_000; t += 100) expect(limiter.hit("k", t).allowed).toBe(false)
    // hammering did not push the window: free again once the one allowed request is 1 s old
    expect(limiter.peek("k", 1_000)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 })
    expect(limiter.peek("k", 1_000).allowed).toBe(true)
    expect(limiter.hit("k", 1_000).allowed).toBe(true)
    expect(limiter.peek("k", 1_001).allowed).toBe(false)
    limiter.reset()
    expect(limiter.hit("k", 1_001).allowed).toBe(true)
  })

  it("refuses nonsense limits", () => {
    expect(() => createRateLimiter({ windowMs: 0, max: 1 })).toThrow("windowMs")
    expect(() => createRateLimiter({ windowMs: 1000, max: 0.5 })).toThrow("max")
  })

  it("matches a brute-force model over random request times: never more than max in any window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom("a", "b")), { maxLength: 200 }),
        (max, windowMs, steps) => {
          const limiter = createRateLimiter({ windowMs, max })
          const allowedAt: Record<string, number[]> = { a: [], b: [] }
          let now = 0
          for (const [gap, key] of steps) {
            now += gap
            const inWindow = allowedAt[key].filter((t) => t > now - windowMs)
            const decision = limiter.hit(key, now)
            expect(decision.allowed).toBe(inWindow.length < max)
            if (decision.allowed) allowedAt[key].push(now)
            else expect(decision.retryAfterMs).toBe(inWindow[0] + windowMs - now || 1)
          }
        }
      )
    )
  })
})

describe("rateLimitMiddleware", () => {
  const response = () => {
    const res: any = { headers: {} as Record<string, string>, statusCode: 200, body: undefined }
    res.setHeader = (k: string, v: string) => (res.headers[k] = v)
    res.status = (code: number) => ((res.statusCode = code), res)
    res.json = (body: unknown) => ((res.body = body), res)
    return res
  }

  it("answers 429 with Retry-After and a {type, message} body; a refusal by one rule spends nothing of the others", () => {
    let now = 10_000
    const perCustomer = createRateLimiter({ windowMs: 60_000, max: 2 })
    const perIp = createRateLimiter({ windowMs: 60_000, max: 3 })
    const middleware = rateLimitMiddleware(
      () => [
        { what: "payment attempts for this account", limiter: perCustomer, key: (r: any) => r.customer },
        { what: "payment attempts from this address", limiter: perIp, key: (r: any) => r.ip },
      ],
      () => now
    )
    const send = (customer: string | null) => {
      const res = response()
      let passed = false
      middleware({ customer, ip: "10.0.0.1" } as any, res, () => (passed = true))
      return { passed, res }
    }
    expect(send("cus_1").passed).toBe(true)
    now += 1_000
    expect(send("cus_1").passed).toBe(true)
    now += 1_000
    const refused = send("cus_1")
    expect(refused.passed).toBe(false)
    expect(refused.res.statusCode).toBe(429)
    expect(refused.res.headers["Retry-After"]).toBe("58")
    expect(refused.res.body).toEqual({
      type: "too_many_requests",
      message: "Too many payment attempts for this account; try again in 58 seconds",
    })
    // the refused request used none of the IP's allowance: one more from another customer passes…
    expect(send("cus_2").passed).toBe(true)
    // …and then the address is at its limit; an unauthenticated request (no customer key) is limited by IP only
    const byIp = send(null)
    expect(byIp.res.statusCode).toBe(429)
    expect(byIp.res.body.message).toBe("Too many payment attempts from this address; try again in 58 seconds")
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
