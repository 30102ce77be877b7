import fc from "fast-check"
import { businessDay, endOfBusinessDay, isTimeZone, startOfBusinessDay } from "../business-day"

const ZONES = [
  "UTC",
  "Etc/UTC",
  "America/Los_Angeles",
  "America/New_York",
  "America/St_Johns", // −3:30 / −2:30
  "Europe/London",
  "Asia/Kolkata", // +5:30
  "Asia/Kathmandu", // +5:45
  "Australia/Sydney", // southern-hemisphere DST
  "Pacific/Kiritimati", // +14
  "Pacific/Pago_Pago", // −11
]

// an independent reading of the calendar day: Intl's own YYYY-MM-DD (en-CA)
const isoDayIn = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant)

describe("businessDay", () => {
  it("is the calendar day where the business is, as its midnight UTC, for any instant and zone", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-12-31T23:59:59.999Z"), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        (instant, timeZone) => {
          const day = businessDay(instant, timeZone)
          expect(day.toISOString()).toBe(`${isoDayIn(instant, timeZone)}T00:00:00.000Z`)
          expect(endOfBusinessDay(instant, timeZone).getTime()).toBe(day.getTime() + 86_400_000 - 1)
        }
      ),
      { numRuns: 2000 }
    )
  })

  it("moves forward with time, one day at a time, across daylight-saving changes", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2060-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 26 * 60 }),
        fc.constantFrom(...ZONES),
        (instant, minutes, timeZone) => {
          const later = new Date(instant.getTime() + minutes * 60_000)
          const step = businessDay(later, timeZone).getTime() - businessDay(instant, timeZone).getTime()
          expect([0, 86_400_000, 2 * 86_400_000]).toContain(step)
        }
      )
    )
  })

  it("reads the day of the examples in the docs", () => {
    // 4 pm on Jan 15 in California is Jan 16 in UTC
    expect(businessDay(new Date("2027-01-16T00:00:00Z"), "America/Los_Angeles").toISOString()).toBe("2027-01-15T00:00:00.000Z")
    expect(businessDay(new Date("2027-01-16T00:00:00Z"), "UTC").toISOString()).toBe("2027-01-16T00:00:00.000Z")
    // a leap day, in a zone ahead of UTC
    expect(businessDay(new Date("2028-02-28T20:00:00Z"), "Asia/Tokyo").toISOString()).toBe("2028-02-29T00:00:00.000Z")
  })
})

describe("isTimeZone", () => {
  it.each(["UTC", "America/Los_Angeles", "Europe/Paris", "Asia/Kolkata", "Etc/GMT+5"])("accepts %s", (zone) => {
    expect(isTimeZone(zone)).toBe(true)
  })
  it.each(["", " ", "America/LosAngeles", "PST8PDT/Nope", "Mars/Olympus", "x".repeat(65), 5, null, undefined, {}])(
    "refuses %j",
    (zone) => {
      expect(isTimeZone(zone)).toBe(false)
    }
  )
})

describe("startOfBusinessDay", () => {
  it("is the first instant of a calendar day where the business is, for any day and zone", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        (instant, timeZone) => {
          const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))
          const start = startOfBusinessDay(day, timeZone)
          expect(businessDay(start, timeZone).toISOString()).toBe(day.toISOString())
          expect(businessDay(new Date(start.getTime() - 1), timeZone).getTime()).toBeLessThan(day.getTime())
        }
      ),
      { numRuns: 1000 }
    )
  })

  it("is midnight UTC in UTC, and local midnight in Los Angeles and Auckland", () => {
    const day = new Date("2027-01-15T00:00:00Z")
    expect(startOfBusinessDay(day, "UTC").toISOString()).toBe("2027-01-15T00:00:00.000Z")
    expect(startOfBusinessDay(day, "America/Los_Angeles").toISOString()).toBe("2027-01-15T08:00:00.000Z")
    expect(startOfBusinessDay(new Date("2027-07-15T00:00:00Z"), "America/Los_Angeles").toISOString()).toBe("2027-07-15T07:00:00.000Z")
    expect(startOfBusinessDay(day, "Pacific/Auckland").toISOString()).toBe("2027-01-14T11:00:00.000Z")
  })
})
