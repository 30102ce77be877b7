import {
  applyClose,
  applyReply,
  formatCalendarDate,
  isPreferredDateInPast,
  isSameServiceRequestState,
  undoChange,
  parseCalendarDate,
  ServiceRequestState,
} from "../service-request-rules"

const at = (iso: string) => new Date(iso)

describe("preferred date", () => {
  it("parses only real calendar dates", () => {
    expect(parseCalendarDate("2026-11-21")?.toISOString()).toBe("2026-11-21T00:00:00.000Z")
    expect(parseCalendarDate("2028-02-29")?.toISOString()).toBe("2028-02-29T00:00:00.000Z")
    expect(parseCalendarDate("2026-02-29")).toBeNull()
    expect(parseCalendarDate("2026-13-01")).toBeNull()
    expect(parseCalendarDate("2026-11-21T10:00:00Z")).toBeNull()
    expect(parseCalendarDate("21/11/2026")).toBeNull()
  })

  it("formats a stored date back to YYYY-MM-DD", () => {
    expect(formatCalendarDate(at("2026-12-01T00:00:00.000Z"))).toBe("2026-12-01")
    expect(formatCalendarDate("2026-12-01T00:00:00.000Z")).toBe("2026-12-01")
    expect(formatCalendarDate(null)).toBeNull()
  })

  it("is in the past only when it is before today in every time zone", () => {
    const now = at("2026-11-21T10:00:00.000Z")
    expect(isPreferredDateInPast(parseCalendarDate("2026-11-21")!, now)).toBe(false)
    expect(isPreferredDateInPast(parseCalendarDate("2026-12-01")!, now)).toBe(false)
    // 10:00 UTC is still the 20th at UTC−12
    expect(isPreferredDateInPast(parseCalendarDate("2026-11-20")!, now)).toBe(false)
    expect(isPreferredDateInPast(parseCalendarDate("2026-11-19")!, now)).toBe(true)
    // from 12:00 UTC on, the 20th is over everywhere
    expect(isPreferredDateInPast(parseCalendarDate("2026-11-20")!, at("2026-11-21T12:00:00.000Z"))).toBe(true)
    expect(isPreferredDateInPast(parseCalendarDate("2026-11-20")!, at("2026-11-21T11:59:59.999Z"))).toBe(false)
  })

  it("does not mutate now", () => {
    const now = at("2026-11-21T10:00:00.000Z")
    isPreferredDateInPast(parseCalendarDate("2026-01-01")!, now)
    expect(now.toISOString()).toBe("2026-11-21T10:00:00.000Z")
  })
})

describe("reply and close", () => {
  const now = at("2026-11-21T10:00:00.000Z")
  const earlier = at("2026-11-01T09:00:00.000Z")
  const open: ServiceRequestState = { status: "open", admin_reply: null, replied_at: null, closed_at: null }
  const closed: ServiceRequestState = { status: "closed", admin_reply: "Done", replied_at: earlier, closed_at: earlier }

  it("a reply moves an open request to in_progress by default", () => {
    expect(applyReply(open, { message: "On it" }, now)).toEqual({
      status: "in_progress",
      admin_reply: "On it",
      replied_at: now,
      closed_at: null,
    })
  })

  it("a reply with status closed closes the request", () => {
    expect(applyReply(open, { message: "Fixed", status: "closed" }, now)).toEqual({
      status: "closed",
      admin_reply: "Fixed",
      replied_at: now,
      closed_at: now,
    })
  })

  it("a reply to a closed request keeps it closed unless it reopens it", () => {
    expect(applyReply(closed, { message: "One more thing" }, now)).toEqual({
      status: "closed",
      admin_reply: "One more thing",
      replied_at: now,
      closed_at: earlier,
    })
    expect(applyReply(closed, { message: "Reopened", status: "in_progress" }, now)).toEqual({
      status: "in_progress",
      admin_reply: "Reopened",
      replied_at: now,
      closed_at: null,
    })
  })

  it("closing sets closed_at once", () => {
    expect(applyClose(open, now)).toEqual({ ...open, status: "closed", closed_at: now })
    expect(applyClose(closed, now)).toEqual(closed)
  })

  it("compares states field by field, dates by their instant", () => {
    expect(isSameServiceRequestState(closed, { ...closed, closed_at: new Date(earlier.getTime()) })).toBe(true)
    expect(isSameServiceRequestState(applyClose(closed, now), closed)).toBe(true)
    expect(isSameServiceRequestState(applyClose(open, now), open)).toBe(false)
    expect(isSameServiceRequestState(closed, { ...closed, admin_reply: "Other" })).toBe(false)
    expect(isSameServiceRequestState(closed, { ...closed, replied_at: now })).toBe(false)
    expect(isSameServiceRequestState(open, { ...open, replied_at: now })).toBe(false)
  })

  describe("undo", () => {
    const inProgress = applyReply(open, { message: "First" }, earlier)
    const replied = applyReply(inProgress, { message: "Second" }, now)

    it("puts the previous state back when nothing changed since", () => {
      expect(undoChange(replied, inProgress, replied)).toEqual(inProgress)
      expect(undoChange(applyClose(inProgress, now), inProgress, applyClose(inProgress, now))).toEqual(inProgress)
    })

    it("keeps a later close but takes the failed reply back", () => {
      const closedSince = applyClose(replied, at("2026-11-21T11:00:00.000Z"))
      expect(undoChange(closedSince, inProgress, replied)).toEqual({ ...inProgress, status: "closed", closed_at: closedSince.closed_at })
    })

    it("keeps a later reply; nothing to put back when every part was replaced", () => {
      const later = applyReply(replied, { message: "Third", status: "closed" }, at("2026-11-21T11:00:00.000Z"))
      expect(undoChange(later, inProgress, replied)).toBeNull()
    })

    it("a close's undo reopens only while it is still closed by that close", () => {
      const closing = applyClose(inProgress, now)
      const reopened = applyReply(closing, { message: "Reopened", status: "in_progress" }, at("2026-11-21T11:00:00.000Z"))
      expect(undoChange(reopened, inProgress, closing)).toBeNull()
    })
  })
})
