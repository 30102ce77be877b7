import { parseStatementBound, resolveStatementPeriod, StatementPeriodError } from "../statement-period"

const NOW = new Date("2026-12-01T12:00:00.000Z")
const d = (iso: string) => new Date(iso)

describe("parseStatementBound", () => {
  it("a bare date is the whole UTC day: from its first millisecond, to its last", () => {
    expect(parseStatementBound("2026-01-01", "from")?.toISOString()).toBe("2026-01-01T00:00:00.000Z")
    expect(parseStatementBound("2026-01-31", "to")?.toISOString()).toBe("2026-01-31T23:59:59.999Z")
  })

  it("a date-time is taken as given", () => {
    expect(parseStatementBound("2026-01-31T10:00:00Z", "to")?.toISOString()).toBe("2026-01-31T10:00:00.000Z")
  })

  it.each(["2026-02-30", "yesterday", "", "2026-13-01", "1700-01-01"])("%j is not a date", (text) => {
    expect(parseStatementBound(text, "from")).toBeNull()
  })
})

describe("resolveStatementPeriod", () => {
  it("defaults: all time up to now; a from alone makes a range", () => {
    expect(resolveStatementPeriod({}, NOW)).toEqual({ kind: "all_time", from: null, to: NOW })
    expect(resolveStatementPeriod({ from: d("2026-01-01") }, NOW)).toEqual({ kind: "range", from: d("2026-01-01"), to: NOW })
    expect(resolveStatementPeriod({ period: "since_zero", to: d("2026-06-30") }, NOW)).toEqual({
      kind: "since_zero",
      from: null,
      to: d("2026-06-30"),
    })
  })

  it.each([
    [{ period: "range" }, "from", /from is required/],
    [{ period: "all_time", from: d("2026-01-01") }, "from", /cannot be given with period=all_time/],
    [{ period: "since_zero", from: d("2026-01-01") }, "from", /cannot be given with period=since_zero/],
    [{ from: d("2026-02-01"), to: d("2026-01-31") }, "from", /from must not be after to/],
    [{ period: "weekly" }, "period", /period must be one of: range, all_time, since_zero/],
  ] as const)("%j is refused naming %s", (request, field, message) => {
    let error: unknown
    try {
      resolveStatementPeriod(request as any, NOW)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(StatementPeriodError)
    expect((error as StatementPeriodError).field).toBe(field)
    expect((error as Error).message).toMatch(message)
  })

  it("from equal to to is a (one-instant) range", () => {
    expect(resolveStatementPeriod({ from: NOW, to: NOW }, NOW).kind).toBe("range")
  })
})
