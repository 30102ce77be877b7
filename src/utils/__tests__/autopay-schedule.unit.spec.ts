import { assertValidSchedule, lastFiring, scheduledRunDue } from "../autopay-schedule"

const at = (iso: string) => new Date(iso)

describe("scheduledRunDue", () => {
  const daily = "0 6 * * *"
  it("is due once the schedule has fired since the last scheduled run", () => {
    expect(scheduledRunDue(daily, at("2026-03-09T06:00:05Z"), at("2026-03-10T05:59:00Z"))).toBe(false)
    expect(scheduledRunDue(daily, at("2026-03-09T06:00:05Z"), at("2026-03-10T06:00:00Z"))).toBe(true)
    expect(scheduledRunDue(daily, at("2026-03-10T06:00:05Z"), at("2026-03-10T18:00:00Z"))).toBe(false)
  })

  it("runs once after a server that was down at the scheduled time comes back, or on the first start", () => {
    expect(scheduledRunDue(daily, at("2026-03-07T06:00:00Z"), at("2026-03-10T09:30:00Z"))).toBe(true)
    expect(scheduledRunDue(daily, null, at("2026-03-10T09:30:00Z"))).toBe(true)
  })

  it("reads the schedule in UTC and refuses a bad expression", () => {
    expect(lastFiring("30 1 * * 1", at("2026-03-11T00:00:00Z")).toISOString()).toBe("2026-03-09T01:30:00.000Z")
    // read where the business is: 6 am in California is 14:00 UTC in winter, 13:00 in summer
    expect(lastFiring("0 6 * * *", at("2026-01-10T20:00:00Z"), "America/Los_Angeles").toISOString()).toBe("2026-01-10T14:00:00.000Z")
    expect(lastFiring("0 6 * * *", at("2026-07-10T20:00:00Z"), "America/Los_Angeles").toISOString()).toBe("2026-07-10T13:00:00.000Z")
    expect(scheduledRunDue("0 6 * * *", at("2026-07-10T13:00:05Z"), at("2026-07-11T12:59:00Z"), "America/Los_Angeles")).toBe(false)
    expect(scheduledRunDue("0 6 * * *", at("2026-07-10T13:00:05Z"), at("2026-07-11T13:00:00Z"), "America/Los_Angeles")).toBe(true)
    expect(() => assertValidSchedule("every day")).toThrow(/autopay.schedule "every day" is not a valid cron expression/)
    expect(() => assertValidSchedule("0 6 * * *")).not.toThrow()
  })
})
