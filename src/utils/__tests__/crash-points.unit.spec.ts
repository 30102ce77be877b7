import { armedCrashPoints, CRASH_POINT_MARKER } from "../crash-points"

describe("crash points (test-only kill -9 hook)", () => {
  const saved = { point: process.env.BILLING_CRASH_POINT, env: process.env.NODE_ENV }
  afterEach(() => {
    process.env.BILLING_CRASH_POINT = saved.point
    if (saved.point === undefined) delete process.env.BILLING_CRASH_POINT
    process.env.NODE_ENV = saved.env
    jest.restoreAllMocks()
  })

  const load = () => {
    let mod: typeof import("../crash-points") | undefined
    jest.isolateModules(() => {
      mod = require("../crash-points")
    })
    return mod!
  }
  /** Whether the call is still parked after a few turns of the event loop. */
  const parked = async (p: Promise<void>) => {
    let done = false
    void p.then(() => (done = true))
    await new Promise((r) => setTimeout(r, 20))
    return !done
  }

  it("is inert without BILLING_CRASH_POINT and for points not armed", async () => {
    delete process.env.BILLING_CRASH_POINT
    const { crashPoint } = load()
    await expect(crashPoint("after_capture")).resolves.toBeUndefined()
    process.env.BILLING_CRASH_POINT = "after_reservation"
    await expect(crashPoint("after_capture")).resolves.toBeUndefined()
  })

  it("refuses in production even when set", async () => {
    process.env.NODE_ENV = "production"
    process.env.BILLING_CRASH_POINT = "after_capture"
    jest.spyOn(console, "warn").mockImplementation(() => undefined)
    expect(armedCrashPoints().size).toBe(0)
    const { crashPoint } = load()
    await expect(crashPoint("after_capture")).resolves.toBeUndefined()
  })

  it("an armed point writes its marker and parks the caller, once per process", async () => {
    process.env.NODE_ENV = "test"
    process.env.BILLING_CRASH_POINT = "after_reservation, after_capture,after_capture"
    process.env.BILLING_CRASH_POINT_SELF_KILL_MS = "0"
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true)
    const { crashPoint } = load()
    expect(await parked(crashPoint("after_reservation"))).toBe(true)
    expect(write).toHaveBeenCalledWith(`${CRASH_POINT_MARKER}after_reservation\n`)
    // disarmed once reached: the next request passes it and parks at the next armed point
    expect(await parked(crashPoint("after_reservation"))).toBe(false)
    expect(await parked(crashPoint("after_capture"))).toBe(true)
    // listed twice: parks two callers
    expect(await parked(crashPoint("after_capture"))).toBe(true)
    expect(await parked(crashPoint("after_capture"))).toBe(false)
    expect(write).toHaveBeenCalledTimes(3)
    delete process.env.BILLING_CRASH_POINT_SELF_KILL_MS
  })
})
