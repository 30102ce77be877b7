import parser from "cron-parser"

/**
 * Whether a scheduled autopay run is due: the latest time the cron schedule
 * (plugin option `autopay.schedule`, read in the business's `timeZone`, so
 * "0 6 * * *" is 6 am where the business is) fired at or before `now` is after
 * the start of the last scheduled run. A job checks this every minute, so
 * the schedule lives in the plugin options rather than in code, and a server
 * that was down at the scheduled time runs once when it is back.
 */
export function scheduledRunDue(schedule: string, lastScheduledStart: Date | null, now: Date, timeZone = "UTC"): boolean {
  const fired = lastFiring(schedule, now, timeZone)
  return !lastScheduledStart || lastScheduledStart.getTime() < fired.getTime()
}

export function lastFiring(schedule: string, now: Date, timeZone = "UTC"): Date {
  // cron-parser's prev() is strictly before currentDate; a second later includes `now` itself.
  const interval = parser.parseExpression(schedule, { currentDate: new Date(now.getTime() + 1000), tz: timeZone })
  return interval.prev().toDate()
}

/** Throws a readable error for an invalid schedule (checked when the options are read). */
export function assertValidSchedule(schedule: string) {
  try {
    parser.parseExpression(schedule, { tz: "UTC" })
  } catch (e: any) {
    throw new Error(`medusa-billing-portal: autopay.schedule "${schedule}" is not a valid cron expression (${e?.message})`)
  }
}
