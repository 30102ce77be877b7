import fc from "fast-check"
import { toMajor } from "../money"
import { agingBucketFor, checkStatement, StatementError } from "../statement"

function statementErrorOf(run: () => unknown): StatementError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(StatementError)
    return error as StatementError
  }
  throw new Error("expected a StatementError, nothing was thrown")
}

describe("checkStatement", () => {
  const usd = {
    currency_code: "usd",
    opening_balance: "100.00",
    entries: [
      { amount: "250.50", balance_after: "350.50" },
      { amount: "-300.00", balance_after: "50.50" },
      { amount: "-80.25", balance_after: "-29.75" },
      { amount: "29.75", balance_after: "0.00" },
    ],
    closing_balance: "0.00",
  }

  it("returns charges, credits (negative) and closing of a chain that adds up", () => {
    expect(checkStatement(usd)).toEqual({ charges: "280.25", credits: "-380.25", closing: "0.00" })
  })

  it("handles no entries: closing must equal opening", () => {
    expect(checkStatement({ currency_code: "jpy", opening_balance: "1500", entries: [], closing_balance: "1500" })).toEqual({
      charges: "0",
      credits: "0",
      closing: "1500",
    })
    const error = statementErrorOf(() =>
      checkStatement({ currency_code: "jpy", opening_balance: "1500", entries: [], closing_balance: "1501" })
    )
    expect(error.message).toMatch(/closing_balance is 1501 JPY, but .* is 1500/)
    expect(error.entryIndex).toBeUndefined()
  })

  it("uses the currency's exponent (KWD has three decimals)", () => {
    expect(
      checkStatement({
        currency_code: "KWD",
        opening_balance: "0.000",
        entries: [
          { amount: "12.345", balance_after: "12.345" },
          { amount: "-0.005", balance_after: "12.340" },
        ],
        closing_balance: "12.34",
      })
    ).toEqual({ charges: "12.345", credits: "-0.005", closing: "12.340" })
  })

  it("stays exact beyond what a double holds", () => {
    const result = checkStatement({
      currency_code: "usd",
      opening_balance: "9999999999999.99",
      entries: [{ amount: "9999999999999.99", balance_after: "19999999999999.98" }],
      closing_balance: "19999999999999.98",
    })
    expect(result.closing).toBe("19999999999999.98")
  })

  it.each([
    ["an entry's balance_after", (s: any) => (s.entries[1].balance_after = "50.51"), 1, /entries\[1\]: balance_after is 50.51 USD, but the previous balance 350.50 plus its amount -300.00 is 50.50/],
    ["an entry's amount", (s: any) => (s.entries[2].amount = "-80.26"), 2, /entries\[2\]/],
    ["the opening balance", (s: any) => (s.opening_balance = "100.01"), 0, /entries\[0\]/],
    ["a malformed amount", (s: any) => (s.entries[3].amount = "29,75"), 3, /entries\[3\]\.amount must be a decimal number/],
    ["too many decimals", (s: any) => (s.entries[0].balance_after = "350.501"), 0, /more decimals than USD allows/],
  ])("names the first bad entry when %s is wrong", (_what, corrupt, index, message) => {
    const broken = structuredClone(usd)
    corrupt(broken)
    const error = statementErrorOf(() => checkStatement(broken))
    expect(error.entryIndex).toBe(index)
    expect(error.message).toMatch(message)
  })

  it("rejects a closing balance that is not the last balance", () => {
    const error = statementErrorOf(() => checkStatement({ ...usd, closing_balance: "-29.75" }))
    expect(error.message).toMatch(/closing_balance is -29.75 USD, but the opening balance plus every entry's amount is 0.00/)
  })

  it("rejects a number where a decimal string belongs", () => {
    expect(() => checkStatement({ ...usd, opening_balance: 100 as unknown as string })).toThrow(StatementError)
  })

  describe("property: a consistent chain passes, any single corruption is caught", () => {
    const currencies = ["usd", "jpy", "kwd"]
    const chain = fc.record({
      currency: fc.constantFrom(...currencies),
      opening: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      amounts: fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { maxLength: 40 }),
    })
    const build = ({ currency, opening, amounts }: { currency: string; opening: bigint; amounts: bigint[] }) => {
      let balance = opening
      const entries = amounts.map((amount) => {
        balance += amount
        return { amount: toMajor(amount, currency), balance_after: toMajor(balance, currency) }
      })
      return {
        currency_code: currency,
        opening_balance: toMajor(opening, currency),
        entries,
        closing_balance: toMajor(balance, currency),
        balance,
      }
    }

    it("passes and totals add up", () => {
      fc.assert(
        fc.property(chain, (input) => {
          const statement = build(input)
          const totals = checkStatement(statement)
          const charges = input.amounts.filter((a) => a > 0n).reduce((a, b) => a + b, 0n)
          const credits = input.amounts.filter((a) => a < 0n).reduce((a, b) => a + b, 0n)
          expect(totals).toEqual({
            charges: toMajor(charges, input.currency),
            credits: toMajor(credits, input.currency),
            closing: toMajor(statement.balance, input.currency),
          })
        })
      )
    })

    it("catches one corrupted field, naming the entry", () => {
      fc.assert(
        fc.property(
          chain,
          fc.nat(),
          fc.constantFrom("opening", "amount", "balance_after", "closing"),
          fc.bigInt({ min: -1000n, max: 1000n }).filter((d) => d !== 0n),
          (input, pick, field, delta) => {
            const statement = build(input)
            const { currency_code: currency } = statement
            const shift = (value: string) => {
              const [whole, fraction = ""] = value.replace("-", "").split(".")
              const minor = BigInt(whole + fraction) * (value.startsWith("-") ? -1n : 1n)
              return toMajor(minor + delta, currency)
            }
            let expectedIndex: number | undefined
            const count = statement.entries.length
            if ((field === "amount" || field === "balance_after") && count > 0) {
              const index = pick % count
              statement.entries[index][field] = shift(statement.entries[index][field])
              expectedIndex = index
            } else if (field === "opening") {
              statement.opening_balance = shift(statement.opening_balance)
              expectedIndex = count > 0 ? 0 : undefined
            } else {
              statement.closing_balance = shift(statement.closing_balance)
            }
            const error = statementErrorOf(() => checkStatement(statement))
            expect(error.entryIndex).toBe(expectedIndex)
          }
        )
      )
    })
  })
})

describe("agingBucketFor", () => {
  // days past due are counted from the start of asOf's day (UTC): a due date is a day, past once it is over
  const asOf = "2026-11-30T12:00:00.000Z"
  const dayStart = Date.parse("2026-11-30T00:00:00.000Z")
  const minusMs = (ms: number) => new Date(dayStart - ms).toISOString()
  const DAY = 86_400_000

  it.each([
    ["no due date", null, "current"],
    ["due later", "2026-12-15T00:00:00.000Z", "current"],
    ["due exactly now", asOf, "current"],
    ["due an hour ago, today", new Date(Date.parse(asOf) - 3_600_000).toISOString(), "current"],
    ["due today (its midnight UTC)", minusMs(0), "current"],
    ["due a millisecond before today", minusMs(1), "1_30"],
    ["due yesterday", minusMs(DAY), "1_30"],
    ["due exactly 30 days before today", minusMs(30 * DAY), "1_30"],
    ["due 30 days and 1 ms before today", minusMs(30 * DAY + 1), "31_60"],
    ["due exactly 60 days before today", minusMs(60 * DAY), "31_60"],
    ["due 60 days and a second before today", minusMs(60 * DAY + 1000), "61_90"],
    ["due exactly 90 days before today", minusMs(90 * DAY), "61_90"],
    ["due 90 days and 1 ms before today", minusMs(90 * DAY + 1), "90_plus"],
    ["due two years ago", "2024-11-30", "90_plus"],
    ["due with an offset (2026-11-30T01:00+02:00 is 23:00Z the day before)", "2026-11-30T01:00:00+02:00", "1_30"],
    ["due with an offset (2026-11-30T13:00+02:00 is 11:00Z today)", "2026-11-30T13:00:00+02:00", "current"],
  ])("%s", (_what, dueAt, bucket) => {
    expect(agingBucketFor(dueAt, asOf, "UTC")).toBe(bucket)
  })

  it("refuses dates that are not ISO 8601", () => {
    expect(() => agingBucketFor("30/11/2026", asOf, "UTC")).toThrow(/dueAt must be an ISO 8601 date/)
    expect(() => agingBucketFor(null, "yesterday", "UTC")).toThrow(/asOf must be an ISO 8601 date/)
  })
})
