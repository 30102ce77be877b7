import {
  checkPayLinkRequest,
  DAY_MS,
  DEFAULT_PAY_LINK_LIMITS,
  isPayLinkUsable,
  PAY_LINK_RESEND_COOLDOWN_MS,
  payableLinkInvoices,
  PayLinkInvoice,
  PayLinkRequestError,
  payLinkExpiresAt,
  payLinkLastDay,
  payLinkPaymentRequestHash,
  payLinkResendDecision,
  PayLinkState,
  payLinkStatus,
  payLinkTotals,
  payLinkUrl,
} from "../pay-links"

const NOW = new Date("2026-06-15T12:00:00.000Z")
const at = (iso: string) => new Date(iso)
const days = (n: number) => new Date(NOW.getTime() + n * DAY_MS)

describe("payLinkExpiresAt", () => {
  const limits = DEFAULT_PAY_LINK_LIMITS
  it.each<[string, (Date | null)[], Date]>([
    ["30 days after the due date", [days(10)], days(40)],
    ["30 days after the latest of several due dates", [days(5), days(20), days(1)], days(50)],
    ["at most 90 days after it was made", [days(75)], days(90)],
    ["due exactly at the cap's edge: 60 + 30 = 90", [days(60)], days(90)],
    ["a past due date counts as now (a reminder for an overdue invoice)", [days(-45)], days(30)],
    ["due right now", [NOW], days(30)],
    ["no due date: the longest life", [null], days(90)],
    ["no invoice at all", [], days(90)],
    ["unreadable dates are ignored", [new Date("nope"), days(3)], days(33)],
  ])("%s", (_, dueDates, expected) => {
    expect(payLinkExpiresAt(dueDates, NOW, limits).toISOString()).toBe(expected.toISOString())
  })

  it("counts the days after the due date on the business's calendar: the link works until that day ends where the business is", () => {
    const now = at("2027-01-05T18:00:00Z")
    const due = at("2027-01-15T00:00:00Z") // due on Jan 15 (a calendar day)
    // 30 days after Jan 15 is Feb 14: the link works through Feb 13 in Los Angeles, until 00:00 there (08:00 UTC)
    expect(payLinkExpiresAt([due], now, limits, "America/Los_Angeles").toISOString()).toBe("2027-02-14T08:00:00.000Z")
    expect(payLinkExpiresAt([due], now, limits, "Pacific/Auckland").toISOString()).toBe("2027-02-13T11:00:00.000Z")
    expect(payLinkExpiresAt([due], now, limits, "UTC").toISOString()).toBe("2027-02-14T00:00:00.000Z")
    expect(payLinkExpiresAt([due], now, limits).toISOString()).toBe("2027-02-14T00:00:00.000Z")
    // the cap and a past due date still count from the instant the link was made
    expect(payLinkExpiresAt([at("2027-04-30T00:00:00Z")], now, limits, "America/Los_Angeles")).toEqual(new Date(now.getTime() + 90 * DAY_MS))
    expect(payLinkExpiresAt([at("2026-12-01T00:00:00Z")], now, limits, "America/Los_Angeles")).toEqual(new Date(now.getTime() + 30 * DAY_MS))
  })

  it("the email's last day is the day of the link's last millisecond where the business is", () => {
    expect(payLinkLastDay(at("2027-02-14T08:00:00Z"), "America/Los_Angeles").toISOString()).toBe("2027-02-13T00:00:00.000Z")
    expect(payLinkLastDay(at("2027-02-14T00:00:00Z")).toISOString()).toBe("2027-02-13T00:00:00.000Z")
    expect(payLinkLastDay(at("2027-02-14T18:00:00Z"), "America/Los_Angeles").toISOString()).toBe("2027-02-14T00:00:00.000Z")
    expect(payLinkLastDay(at("2027-02-13T11:00:00Z"), "Pacific/Auckland").toISOString()).toBe("2027-02-13T00:00:00.000Z")
  })

  it("follows the configured limits and never mutates its inputs", () => {
    const due = days(10)
    const before = due.getTime()
    expect(payLinkExpiresAt([due], NOW, { maxDaysAfterDue: 7, maxDays: 14 }).toISOString()).toBe(days(14).toISOString())
    expect(payLinkExpiresAt([due], NOW, { maxDaysAfterDue: 2, maxDays: 14 }).toISOString()).toBe(days(12).toISOString())
    expect(due.getTime()).toBe(before)
  })
})

describe("payLinkStatus", () => {
  const link: PayLinkState = {
    customer_id: "cus_a",
    currency_code: "usd",
    invoice_ids: ["inv_1", "inv_2"],
    expires_at: days(30),
    revoked_at: null,
  }
  const invoice = (id: string, over: Partial<PayLinkInvoice> = {}): PayLinkInvoice => ({
    id,
    customer_id: "cus_a",
    currency_code: "usd",
    status: "open",
    amount_due: 1000n,
    ...over,
  })

  it.each<[string, Partial<PayLinkState>, PayLinkInvoice[], Date, string]>([
    ["open invoices, before expiry", {}, [invoice("inv_1"), invoice("inv_2")], NOW, "usable"],
    ["one paid, one partially paid", {}, [invoice("inv_1", { status: "paid", amount_due: 0n }), invoice("inv_2", { status: "partially_paid", amount_due: 1n })], NOW, "usable"],
    ["a second before expiry", {}, [invoice("inv_1")], new Date(days(30).getTime() - 1), "usable"],
    ["at the expiry instant", {}, [invoice("inv_1")], days(30), "expired"],
    ["after expiry", {}, [invoice("inv_1")], days(31), "expired"],
    ["revoked (replaced by a newer link)", { revoked_at: NOW }, [invoice("inv_1")], NOW, "revoked"],
    ["revoked wins over expired", { revoked_at: NOW }, [invoice("inv_1")], days(31), "revoked"],
    ["every invoice paid", {}, [invoice("inv_1", { status: "paid", amount_due: 0n }), invoice("inv_2", { status: "paid", amount_due: 0n })], NOW, "settled"],
    ["paid and voided", {}, [invoice("inv_1", { status: "paid", amount_due: 0n }), invoice("inv_2", { status: "void" })], NOW, "settled"],
    ["invoices gone", {}, [], NOW, "settled"],
    ["open with nothing due", {}, [invoice("inv_1", { amount_due: 0n })], NOW, "settled"],
    ["a draft never counts", {}, [invoice("inv_1", { status: "draft" })], NOW, "settled"],
    ["another customer's invoice under a listed id never counts", {}, [invoice("inv_1", { customer_id: "cus_b" })], NOW, "settled"],
    ["another currency never counts", {}, [invoice("inv_1", { currency_code: "eur" })], NOW, "settled"],
    ["an invoice not on the link never counts", {}, [invoice("inv_9")], NOW, "settled"],
    ["expired wins over settled", {}, [], days(31), "expired"],
  ])("%s → %s", (_, over, invoices, now, expected) => {
    const state = { ...link, ...over }
    expect(payLinkStatus(state, invoices, now)).toBe(expected)
    expect(isPayLinkUsable(state, invoices, now)).toBe(expected === "usable")
  })

  it("lists the payable invoices once each, in the link's order", () => {
    const l = { ...link, invoice_ids: ["inv_2", "inv_1", "inv_2"] }
    expect(payableLinkInvoices(l, [invoice("inv_1"), invoice("inv_2"), invoice("inv_3")]).map((i) => i.id)).toEqual([
      "inv_2",
      "inv_1",
    ])
  })
})

describe("payLinkTotals", () => {
  const link: PayLinkState = {
    customer_id: "cus_a",
    currency_code: "usd",
    invoice_ids: ["inv_1", "inv_2", "inv_3", "inv_x"],
    expires_at: days(30),
    revoked_at: null,
  }
  const inv = (id: string, status: PayLinkInvoice["status"], due: bigint, pending: bigint, customer_id = "cus_a") => ({
    id,
    customer_id,
    currency_code: "usd",
    status,
    amount_due: due,
    amount_pending: pending,
  })
  it.each<[string, ReturnType<typeof inv>[], [bigint, bigint, bigint]]>([
    ["nothing pending", [inv("inv_1", "open", 24550n, 0n), inv("inv_2", "partially_paid", 1n, 0n)], [24551n, 0n, 24551n]],
    ["a pending ACH debit covers one", [inv("inv_1", "open", 1000n, 1000n), inv("inv_2", "open", 500n, 0n)], [1500n, 1000n, 500n]],
    ["paid, void and foreign invoices count for nothing", [inv("inv_1", "paid", 0n, 0n), inv("inv_2", "void", 900n, 0n), inv("inv_x", "open", 700n, 0n, "cus_b"), inv("inv_3", "open", 300n, 0n)], [300n, 0n, 300n]],
    ["nothing left", [], [0n, 0n, 0n]],
  ])("%s", (_, invoices, [due, pending, payable]) => {
    expect(payLinkTotals(link, invoices)).toEqual({ amount_due: due, amount_pending: pending, amount_payable: payable })
  })
})

describe("checkPayLinkRequest", () => {
  const link: PayLinkState = {
    customer_id: "cus_a",
    currency_code: "usd",
    invoice_ids: ["inv_1", "inv_2"],
    expires_at: days(30),
    revoked_at: null,
  }
  it.each<[string, Parameters<typeof checkPayLinkRequest>[1]]>([
    ["the link's invoices, selected", { mode: "selected_invoices", currency_code: "usd", invoice_ids: ["inv_2"] }],
    ["all of them, in any case of currency", { mode: "total_balance", currency_code: "USD" }],
    ["selected, both", { mode: "selected_invoices", currency_code: "usd", invoice_ids: ["inv_1", "inv_2"] }],
  ])("accepts %s", (_, request) => {
    expect(() => checkPayLinkRequest(link, request)).not.toThrow()
  })

  it.each<[string, Parameters<typeof checkPayLinkRequest>[1], string]>([
    ["a fixed amount", { mode: "fixed_amount", currency_code: "usd", amount: "10" }, "mode: a payment link pays selected_invoices or total_balance"],
    ["current charges", { mode: "current_charges", currency_code: "usd" }, "mode: a payment link pays selected_invoices or total_balance"],
    ["another currency", { mode: "total_balance", currency_code: "eur" }, "currency_code: this payment link is for USD invoices"],
    ["an amount", { mode: "total_balance", currency_code: "usd", amount: "5.00" }, "amount: a payment link pays its invoices, not a chosen amount"],
    [
      "an invoice not on the link",
      { mode: "selected_invoices", currency_code: "usd", invoice_ids: ["inv_1", "inv_other"] },
      "invoice_ids: inv_other is not one of this payment link's invoices",
    ],
  ])("refuses %s", (_, request, message) => {
    let error: unknown
    try {
      checkPayLinkRequest(link, request)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(PayLinkRequestError)
    expect((error as Error).message).toBe(message)
  })
})

describe("payLinkResendDecision", () => {
  const link: PayLinkState = {
    customer_id: "cus_a",
    currency_code: "usd",
    invoice_ids: ["inv_1", "inv_2"],
    expires_at: days(-1),
    revoked_at: null,
  }
  const open = (id: string): PayLinkInvoice => ({ id, customer_id: "cus_a", currency_code: "usd", status: "open", amount_due: 500n })
  const paid = (id: string): PayLinkInvoice => ({ ...open(id), status: "paid", amount_due: 0n })
  const longAgo = days(-60)

  it.each<[string, Partial<PayLinkState>, PayLinkInvoice[], Date | null, ReturnType<typeof payLinkResendDecision>]>([
    ["expired with open invoices: a link for those", {}, [open("inv_1"), paid("inv_2")], longAgo, { send: true, invoice_ids: ["inv_1"] }],
    // Its replacement was mailed when it was made; a held old token must not rotate the customer's live link again and again.
    ["replaced (revoked) long ago", { expires_at: days(10), revoked_at: days(-20) }, [open("inv_1"), open("inv_2")], longAgo, { send: false, reason: "replaced" }],
    ["expired, then replaced by a resend", { revoked_at: days(-1) }, [open("inv_1")], longAgo, { send: false, reason: "replaced" }],
    ["still usable: nothing to send", { expires_at: days(10) }, [open("inv_1")], longAgo, { send: false, reason: "usable" }],
    ["everything paid", {}, [paid("inv_1"), paid("inv_2")], longAgo, { send: false, reason: "settled" }],
    ["a link for them was made a minute ago", {}, [open("inv_1")], new Date(NOW.getTime() - 60_000), { send: false, reason: "too_soon" }],
    ["just past the cool-down", {}, [open("inv_1")], new Date(NOW.getTime() - PAY_LINK_RESEND_COOLDOWN_MS), { send: true, invoice_ids: ["inv_1"] }],
    ["no link known for them", {}, [open("inv_2")], null, { send: true, invoice_ids: ["inv_2"] }],
  ])("%s", (_, over, invoices, newest, expected) => {
    expect(payLinkResendDecision({ ...link, ...over }, invoices, newest, NOW)).toEqual(expected)
  })
})

describe("payLinkUrl", () => {
  const token = "a".repeat(43)
  it.each<[string, string, string | null, string]>([
    ["the hosted portal at the portal URL's origin", "https://shop.example.com/account/billing", "/billing", `https://shop.example.com/billing/pay#token=${token}`],
    ["keeps a port", "http://localhost:9000/anything?x=1", "/billing", `http://localhost:9000/billing/pay#token=${token}`],
    ["a path given without or with extra slashes", "https://shop.example.com", "portal/", `https://shop.example.com/portal/pay#token=${token}`],
    ["a portal at the root", "https://pay.example.com/x", "/", `https://pay.example.com/pay#token=${token}`],
    ["no hosted portal: the storefront's portal URL", "https://shop.example.com/account/billing/", null, `https://shop.example.com/account/billing/pay#token=${token}`],
    ["no hosted portal, a query on the portal URL is dropped", "https://shop.example.com/account/billing?tab=1", null, `https://shop.example.com/account/billing/pay#token=${token}`],
  ])("%s", (_, portalUrl, path, expected) => {
    expect(payLinkUrl(portalUrl, path, token)).toBe(expected)
  })

  it("puts the token in the fragment only", () => {
    const url = new URL(payLinkUrl("https://shop.example.com/account/billing", "/billing", token))
    expect(url.search).toBe("")
    expect(url.pathname).toBe("/billing/pay")
    expect(url.hash).toBe(`#token=${token}`)
  })
})

describe("payLinkPaymentRequestHash", () => {
  const body = { mode: "selected_invoices", currency_code: "usd", invoice_ids: ["inv_2", "inv_1"], payment_method: { type: "card" } }
  it("is the request's meaning bound to the link", () => {
    const hash = payLinkPaymentRequestHash("plink_a", body)
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(payLinkPaymentRequestHash("plink_a", { ...body, currency_code: "USD", invoice_ids: ["inv_1", "inv_2"] })).toBe(hash)
    expect(payLinkPaymentRequestHash("plink_b", body)).not.toBe(hash)
    expect(payLinkPaymentRequestHash("plink_a", { ...body, invoice_ids: ["inv_1"] })).not.toBe(hash)
  })
})
