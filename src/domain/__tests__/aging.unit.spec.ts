import { AGING_BUCKETS, emptyAgingSummary, summarizeAging } from "../aging"

describe("summarizeAging", () => {
  it("lists every bucket per currency, exact in each currency's minor units", () => {
    const [kwd, usd] = summarizeAging([
      { currency_code: "kwd", bucket: "current", amount: "1.005", count: 1 },
      { currency_code: "kwd", bucket: "90_plus", amount: "0.001", count: 2 },
      { currency_code: "usd", bucket: "1_30", amount: "9999999999999.99", count: 1 },
      { currency_code: "usd", bucket: "31_60", amount: "0.01", count: 1 },
    ])
    expect(kwd.total).toBe(1006n)
    expect(kwd.count).toBe(3)
    expect(kwd.buckets.map((b) => [b.key, b.amount])).toEqual([
      ["current", 1005n],
      ["1_30", 0n],
      ["31_60", 0n],
      ["61_90", 0n],
      ["90_plus", 1n],
    ])
    expect(usd.total).toBe(1000000000000000n)
  })

  it("an empty summary has every bucket at zero", () => {
    const empty = emptyAgingSummary("jpy")
    expect(empty.total).toBe(0n)
    expect(empty.buckets.map((b) => b.label)).toEqual(AGING_BUCKETS.map((b) => b.label))
  })
})
