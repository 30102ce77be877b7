import {
  amountDue,
  deriveInvoiceStatus,
  formatDisplayId,
  INVOICE_STATUSES,
  type InvoiceStatus,
  isOverdue,
  pastDueCutoff,
  isPayableStatus,
  moveInvoiceMoney,
} from "../invoice-status"

describe("deriveInvoiceStatus", () => {
  it.each<[InvoiceStatus, bigint, bigint, InvoiceStatus]>([
    ["draft", 1000n, 0n, "draft"],
    ["draft", 1000n, 1000n, "draft"],
    ["void", 1000n, 0n, "void"],
    ["void", 1000n, 400n, "void"],
    ["void", 1000n, 1000n, "void"],
    ["open", 1000n, 0n, "open"],
    ["open", 1000n, 1n, "partially_paid"],
    ["open", 1000n, 999n, "partially_paid"],
    ["open", 1000n, 1000n, "paid"],
    ["open", 1000n, 1500n, "paid"],
    ["partially_paid", 1000n, 0n, "open"], // a reversed payment reopens it
    ["partially_paid", 1000n, 500n, "partially_paid"],
    ["partially_paid", 1000n, 1000n, "paid"],
    ["paid", 1000n, 1000n, "paid"],
    ["paid", 1000n, 300n, "partially_paid"],
    ["paid", 1000n, 0n, "open"],
    ["open", 0n, 0n, "paid"], // nothing to pay is paid
  ])("%s with total %s and %s paid → %s", (current, total, paid, expected) => {
    expect(deriveInvoiceStatus(current, total, paid)).toBe(expected)
  })
})

describe("amountDue", () => {
  it.each([
    [1000n, 0n, 1000n],
    [1000n, 250n, 750n],
    [1000n, 1000n, 0n],
    [1000n, 1200n, 0n],
    [0n, 0n, 0n],
  ])("total %s, paid %s → %s", (total, paid, expected) => {
    expect(amountDue(total, paid)).toBe(expected)
  })
})

describe("isPayableStatus", () => {
  it.each<[InvoiceStatus, boolean]>([
    ["draft", false],
    ["open", true],
    ["partially_paid", true],
    ["paid", false],
    ["void", false],
  ])("%s → %s", (status, expected) => {
    expect(isPayableStatus(status)).toBe(expected)
  })

  it("covers every status", () => {
    expect([...INVOICE_STATUSES].sort()).toEqual(["draft", "open", "paid", "partially_paid", "void"])
  })
})

describe("isOverdue", () => {
  // a due date is a day (stored as its midnight UTC): past due once that day is over
  const now = new Date("2024-06-15T12:00:00.000Z")
  const before = new Date("2024-06-14T23:59:59.999Z")
  const today = new Date("2024-06-15T00:00:00.000Z")
  const earlierToday = new Date("2024-06-15T11:59:59.999Z")
  const after = new Date("2024-06-15T12:00:00.001Z")

  it.each<[string, InvoiceStatus, Date | null, bigint, bigint, boolean]>([
    ["open, due yesterday", "open", before, 1000n, 0n, true],
    ["partially paid, due yesterday", "partially_paid", before, 1000n, 400n, true],
    ["due today (the due date's day is not over)", "open", today, 1000n, 0n, false],
    ["due earlier today", "open", earlierToday, 1000n, 0n, false],
    ["due exactly now", "open", now, 1000n, 0n, false],
    ["due after now", "open", after, 1000n, 0n, false],
    ["no due date", "open", null, 1000n, 0n, false],
    ["fully paid amounts, status not yet updated", "open", before, 1000n, 1000n, false],
    ["paid", "paid", before, 1000n, 1000n, false],
    ["void", "void", before, 1000n, 0n, false],
    ["draft", "draft", before, 1000n, 0n, false],
  ])("%s → %s", (_label, status, dueAt, total, paid, expected) => {
    expect(isOverdue({ status, due_at: dueAt, total, amount_paid: paid }, now, "UTC")).toBe(expected)
  })

  it("is past due from the first moment of the day after the due date (UTC), whatever the time", () => {
    const due = new Date("2024-06-15T00:00:00.000Z")
    const at = (iso: string) => isOverdue({ status: "open", due_at: due, total: 1n, amount_paid: 0n }, new Date(iso), "UTC")
    expect([at("2024-06-15T00:00:00.000Z"), at("2024-06-15T23:59:59.999Z"), at("2024-06-16T00:00:00.000Z")]).toEqual([false, false, true])
    expect(pastDueCutoff(new Date("2024-06-15T23:59:59.999Z"), "UTC").toISOString()).toBe("2024-06-15T00:00:00.000Z")
  })

  it("is past due once the due date's day is over where the business is", () => {
    const due = new Date("2024-06-15T00:00:00.000Z") // due June 15
    const at = (iso: string, timeZone: string) => isOverdue({ status: "open", due_at: due, total: 1n, amount_paid: 0n }, new Date(iso), timeZone)
    // 4 pm on the 15th in California is already the 16th in UTC: still due, not past due
    expect(at("2024-06-15T23:00:00.000Z", "America/Los_Angeles")).toBe(false)
    expect(at("2024-06-16T06:59:59.999Z", "America/Los_Angeles")).toBe(false)
    expect(at("2024-06-16T07:00:00.000Z", "America/Los_Angeles")).toBe(true) // midnight in California (PDT)
    // in Auckland the 16th begins at 12:00 UTC on the 15th
    expect(at("2024-06-15T11:59:59.999Z", "Pacific/Auckland")).toBe(false)
    expect(at("2024-06-15T12:00:00.000Z", "Pacific/Auckland")).toBe(true)
    expect(pastDueCutoff(new Date("2024-06-16T03:00:00.000Z"), "America/Los_Angeles").toISOString()).toBe("2024-06-15T00:00:00.000Z")
  })

  it("does not modify the dates it is given", () => {
    const dueAt = new Date(before.getTime())
    const nowCopy = new Date(now.getTime())
    isOverdue({ status: "open", due_at: dueAt, total: 1n, amount_paid: 0n }, nowCopy, "UTC")
    expect(dueAt.getTime()).toBe(before.getTime())
    expect(nowCopy.getTime()).toBe(now.getTime())
  })
})

describe("formatDisplayId", () => {
  it.each<[number | bigint, string]>([
    [0, "INV-000000"],
    [1, "INV-000001"],
    [123, "INV-000123"],
    [999999, "INV-999999"],
    [1000000, "INV-1000000"],
    [42n, "INV-000042"],
    [12345678901234567890n, "INV-12345678901234567890"],
  ])("%s → %s", (n, expected) => {
    expect(formatDisplayId(n)).toBe(expected)
  })

  it.each([-1, 1.5, Number.NaN, -1n])("rejects %p", (n) => {
    expect(() => formatDisplayId(n)).toThrow(RangeError)
  })
})

describe("moveInvoiceMoney", () => {
  it("moves paid and pending by signed amounts, derives due and status from what is paid", () => {
    const open = { status: "open" as const, total: 100n, paid: 0n, pending: 40n }
    expect(moveInvoiceMoney(open, { pending: -40n, paid: 40n })).toEqual({ paid: 40n, pending: 0n, due: 60n, status: "partially_paid" })
    expect(moveInvoiceMoney({ ...open, paid: 40n, pending: 0n }, { paid: 60n })).toEqual({
      paid: 100n,
      pending: 0n,
      due: 0n,
      status: "paid",
    })
    expect(moveInvoiceMoney({ ...open, status: "paid", paid: 100n, pending: 0n }, { paid: -100n })).toEqual({
      paid: 0n,
      pending: 0n,
      due: 100n,
      status: "open",
    })
    // a void invoice keeps its status whatever moves
    expect(moveInvoiceMoney({ ...open, status: "void" }, {}).status).toBe("void")
  })
})
