import { isDateInRange, parseIsoDate } from "../dates"

describe("parseIsoDate (the one date format of the billing API)", () => {
  it.each([
    ["1900-01-01", "1900-01-01T00:00:00.000Z"],
    ["9999-12-31", "9999-12-31T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2030-01-31T10:00", "2030-01-31T10:00:00.000Z"],
    ["2030-01-31T10:00:05Z", "2030-01-31T10:00:05.000Z"],
    ["2030-01-31T10:00:05.123456Z", "2030-01-31T10:00:05.123Z"],
    ["2030-01-31T10:00:00+02:00", "2030-01-31T08:00:00.000Z"],
    ["2030-01-31T10:00:00-0530", "2030-01-31T15:30:00.000Z"],
    ["2030-01-31 10:00:00z", "2030-01-31T10:00:00.000Z"],
  ])("%s is %s", (input, iso) => {
    expect(parseIsoDate(input)?.toISOString()).toBe(iso)
  })

  it.each([
    "10000-01-01",
    "+010000-01-01",
    "-271821-04-20",
    "1899-12-31",
    "0000-01-01",
    "0000-01-01T00:00:00Z",
    "0000-01-01T00:00:00+14:00",
    // in range as written, not once in UTC
    "9999-12-31T23:59:59.999-14:00",
    "1900-01-01T00:30:00+01:00",
    "0099-01-01",
    "2026-02-30",
    "2023-02-29",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-01T24:00",
    "2026-01-01T10:60",
    "2026-01-01T10:00:60",
    "2026-01-01T10:00+24:00",
    "0",
    "",
    "' OR '1'='1",
    "\r\nX: 1",
    "2026-01-01\r\nX: 1",
    "2026-1-1",
    "20260101",
    "Tue, 01 Dec 2026 10:00:00 GMT",
    "yesterday",
  ])("refuses %j", (input) => {
    expect(parseIsoDate(input)).toBeNull()
  })

  it("isDateInRange bounds Date values to the same years", () => {
    expect(isDateInRange(new Date("1900-01-01T00:00:00Z"))).toBe(true)
    expect(isDateInRange(new Date("9999-12-31T23:59:59.999Z"))).toBe(true)
    expect(isDateInRange(new Date("1899-12-31T23:59:59.999Z"))).toBe(false)
    expect(isDateInRange(new Date(Date.UTC(10000, 0, 1)))).toBe(false)
    expect(isDateInRange(new Date(NaN))).toBe(false)
  })
})
