import fc from "fast-check"
import { accountBalance } from "../balances"

describe("accountBalance", () => {
  it("splits what is owed into past due and not yet due: past due + not yet due − credit = total, neither negative", () => {
    fc.assert(
      fc.property(
        // owed by open invoices, the part of it not yet due, unapplied credit (minor units)
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (owed, notDue, credit) => {
          const notYetDue = notDue > owed ? owed : notDue
          const balance = accountBalance({
            currency_code: "usd",
            balance: owed - credit,
            not_yet_due: notYetDue,
            current_charges: 0n,
            credit,
            pending: 0n,
          })
          expect(balance.past_due).toBeGreaterThanOrEqual(0n)
          expect(balance.not_yet_due).toBeGreaterThanOrEqual(0n)
          expect(balance.past_due + balance.not_yet_due - balance.credit).toBe(balance.total_balance)
          expect(balance.not_yet_due).toBe(notYetDue)
        }
      )
    )
  })

  it("stored figures that disagree (not yet due above what is owed) never show a negative past due", () => {
    const balance = accountBalance({ currency_code: "usd", balance: 5000n, not_yet_due: 9000n, current_charges: 0n, credit: 0n, pending: 0n })
    expect(balance).toMatchObject({ total_balance: 5000n, past_due: 0n, not_yet_due: 5000n })
  })
})
