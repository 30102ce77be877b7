import Redis from "ioredis"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createLimiter, disconnectRateLimitRedis, limiterFor, rateLimitMiddleware } from "../../src/api/utils/rate-limit"
import { RedisServer } from "./support/redis"

jest.setTimeout(60_000)

/**
 * The rate limits' Redis store, as each Medusa server uses it when
 * `projectConfig.redisUrl` is set (src/api/utils/rate-limit.ts): one ioredis
 * connection per process, offline queue off. Two connections here stand for
 * two server processes; the Medusa-level check across two servers is the
 * production deployment suite's.
 */
describe("rate limits in Redis", () => {
  const redis = new RedisServer()
  const clients: Redis[] = []
  const connect = async () => {
    const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    client.on("error", () => {})
    clients.push(client)
    await new Promise<void>((resolve, reject) => {
      client.once("ready", () => resolve())
      setTimeout(() => reject(new Error("redis client not ready")), 10_000)
    })
    return client
  }

  beforeAll(async () => {
    await redis.start()
  })
  afterAll(async () => {
    for (const c of clients) c.disconnect()
    disconnectRateLimitRedis()
    await redis.stop()
  })

  const response = () => {
    const res: any = { headers: {}, statusCode: 200 }
    res.setHeader = (k: string, v: string) => (res.headers[k] = v)
    res.status = (code: number) => ((res.statusCode = code), res)
    res.json = (body: unknown) => ((res.body = body), res)
    return res
  }
  const statusOf = async (middleware: ReturnType<typeof rateLimitMiddleware>) => {
    const res = response()
    let passed = false
    await middleware({} as any, res, () => (passed = true))
    return passed ? 200 : res.statusCode
  }
  const middlewareOn = (client: Redis, max: number) => {
    const limiter = createLimiter({ kind: "redis", client }, "payments:customer", { windowMs: 60_000, max })
    return rateLimitMiddleware(() => [{ what: "payment attempts for this account", limiter, key: () => "cus_shared" }])
  }

  it("two processes' connections share one count, kept under billing-rl:<scope>:<windowMs>:<max>:<key> with the window as TTL", async () => {
    const [one, two] = [await connect(), await connect()]
    const [first, second] = [middlewareOn(one, 3), middlewareOn(two, 3)]
    expect([await statusOf(first), await statusOf(second), await statusOf(first)]).toEqual([200, 200, 200])
    expect([await statusOf(second), await statusOf(first)]).toEqual([429, 429])
    const key = "billing-rl:payments:customer:60000:3:cus_shared"
    expect(Number(await one.get(key))).toBeGreaterThanOrEqual(3)
    const ttl = await one.pttl(key)
    expect(ttl).toBeGreaterThan(50_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
  })

  it("an app with projectConfig.redisUrl counts in that Redis from its very first request (the first connection is waited for)", async () => {
    const container = {
      resolve: (key: string) =>
        key === ContainerRegistrationKeys.CONFIG_MODULE ? { projectConfig: { redisUrl: redis.url } } : undefined,
    } as any
    const limiter = limiterFor(container, "payments:customer", { windowMs: 60_000, max: 5 })
    expect(limiterFor(container, "payments:customer", { windowMs: 60_000, max: 5 })).toBe(limiter)
    const middleware = rateLimitMiddleware(() => [{ what: "payment attempts for this account", limiter, key: () => "cus_first" }])
    expect(await statusOf(middleware)).toBe(200)
    const check = await connect()
    expect(await check.get("billing-rl:payments:customer:60000:5:cus_first")).toBe("1")
  })

  it("with Redis gone, each process falls back to counting in its own memory, at once", async () => {
    const client = await connect()
    const middleware = middlewareOn(client, 2)
    await redis.stop()
    await new Promise((r) => setTimeout(r, 200))
    const started = Date.now()
    expect([await statusOf(middleware), await statusOf(middleware), await statusOf(middleware)]).toEqual([200, 200, 429])
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})
