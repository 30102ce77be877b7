/**
 * Test-only crash points (issue 13, crash safety under kill -9).
 *
 * `await crashPoint("after_reservation")` does nothing unless the process was
 * started with `BILLING_CRASH_POINT` naming that point (a comma-separated list
 * arms several) and `NODE_ENV` is not `production`: with NODE_ENV=production
 * the variable is refused (ignored, with one warning), so a stray setting can
 * never stall a live payment.
 *
 * An armed point, when reached, writes `billing-crash-point-reached:<name>` to
 * stdout and then never resolves: the request (or job) that reached it is
 * parked exactly there, with everything before it committed and nothing after
 * it done, and the test that sees the marker kills the process with SIGKILL.
 * Each listed point fires once per process and is then disarmed, so one
 * process can park one request at each of several points (a later request
 * passes a point an earlier one is parked at and stops at the next armed
 * one); a name listed n times parks the first n callers. As a guard
 * against a test that never kills, the process kills itself
 * `BILLING_CRASH_POINT_SELF_KILL_MS` (default 120000; 0 = never) after the
 * first point was reached.
 */
export const CRASH_POINTS = [
  /** payment + reserved allocations committed, provider not called yet */
  "after_reservation",
  /** payment session created at the provider, its reference not recorded yet */
  "after_session_created",
  /** session authorized (Medusa payment exists), not verified or captured */
  "after_authorize",
  /** captured at the provider and in the Payment Module, outcome not recorded */
  "after_capture",
  /** a stored webhook event applied, the inbox row not marked processed */
  "webhook_mid_handler",
  /** an autopay run that has charged one enrollment, before the next */
  "autopay_mid_run",
] as const

export type CrashPointName = (typeof CRASH_POINTS)[number]

export const CRASH_POINT_MARKER = "billing-crash-point-reached:"

let refusedWarned = false
const fired = new Map<string, number>()
let selfKill: ReturnType<typeof setTimeout> | null = null

/** The points armed in this process, each with how many callers it parks (none in production, whatever the environment says). */
export function armedCrashPoints(env: NodeJS.ProcessEnv = process.env): Map<string, number> {
  const armed = new Map<string, number>()
  const raw = env.BILLING_CRASH_POINT?.trim()
  if (!raw) return armed
  if (env.NODE_ENV === "production") {
    if (!refusedWarned) {
      refusedWarned = true
      // eslint-disable-next-line no-console
      console.warn("billing: BILLING_CRASH_POINT is ignored with NODE_ENV=production (test-only hook)")
    }
    return armed
  }
  for (const name of raw.split(",").map((s) => s.trim())) {
    if (name) armed.set(name, (armed.get(name) ?? 0) + 1)
  }
  return armed
}

/**
 * Parks the caller forever when `name` is armed (see above); resolves at once
 * otherwise. Never throws.
 */
export async function crashPoint(name: CrashPointName): Promise<void> {
  if (!process.env.BILLING_CRASH_POINT) return
  const times = fired.get(name) ?? 0
  if (times >= (armedCrashPoints().get(name) ?? 0)) return
  fired.set(name, times + 1)
  process.stdout.write(`${CRASH_POINT_MARKER}${name}\n`)
  const ms = Number(process.env.BILLING_CRASH_POINT_SELF_KILL_MS ?? 120_000)
  if (!selfKill && ms > 0) {
    selfKill = setTimeout(() => process.kill(process.pid, "SIGKILL"), ms)
    selfKill.unref?.()
  }
  await new Promise<never>(() => undefined)
}
