import { chargeFailureReverses, stripeBillingAction, takesProviderEvents } from "../stripe-events"

describe("stripeBillingAction", () => {
  const created = 1_790_000_000
  it.each<[unknown, unknown]>([
    [
      { type: "charge.dispute.created", created, data: { object: { payment_intent: "pi_1", reason: "fraudulent" } } },
      { kind: "reverse", payment_intent: "pi_1", reason: "disputed (fraudulent)", occurred_at: new Date(created * 1000), disputed: null },
    ],
    [
      { type: "charge.dispute.created", created, data: { object: { payment_intent: "pi_1", reason: "general", amount: 4999, currency: "USD" } } },
      {
        kind: "reverse",
        payment_intent: "pi_1",
        reason: "disputed (general)",
        occurred_at: new Date(created * 1000),
        disputed: { stripe_amount: 4999n, currency_code: "usd" },
      },
    ],
    // an amount that is not a whole non-negative number of minor units, or no currency: not known
    ...[{ amount: 49.99, currency: "usd" }, { amount: -1, currency: "usd" }, { amount: "4999", currency: "usd" }, { amount: 4999 }, { amount: 4999, currency: "dollars" }].map(
      (extra): [unknown, unknown] => [
        { type: "charge.dispute.created", created, data: { object: { payment_intent: "pi_1", reason: "general", ...extra } } },
        { kind: "reverse", payment_intent: "pi_1", reason: "disputed (general)", occurred_at: new Date(created * 1000), disputed: null },
      ]
    ),
    [
      { type: "charge.failed", created, data: { object: { id: "ch_9", payment_intent: { id: "pi_2" }, failure_code: "account_closed" } } },
      { kind: "charge_failed", payment_intent: "pi_2", charge: "ch_9", reason: "returned (account_closed)", occurred_at: new Date(created * 1000) },
    ],
    [{ type: "charge.dispute.created", created, data: { object: {} } }, { kind: "ignore" }],
    [{ type: "charge.failed", created, data: { object: { id: "ch_1" } } }, { kind: "ignore" }],
    [{ type: "payment_intent.succeeded", created, data: { object: { id: "pi_3" } } }, { kind: "ignore" }],
    [{}, { kind: "ignore" }],
  ])("event %# → its action", (event, action) => {
    expect(stripeBillingAction(event as any)).toEqual(action)
  })
})

describe("chargeFailureReverses", () => {
  it.each([
    // the declined first attempt of a payment a later charge settled: not a reversal
    [{ charge: "ch_1" }, { charged_through_provider: true, settled_charge: "ch_2" }, false],
    // the charge that settled it failing afterwards (ACH return): a reversal
    [{ charge: "ch_2" }, { charged_through_provider: true, settled_charge: "ch_2" }, true],
    // nothing known about the settling charge: never a reversal
    [{ charge: "ch_2" }, { charged_through_provider: true, settled_charge: null }, false],
    [{ charge: null }, { charged_through_provider: true, settled_charge: "ch_2" }, false],
    // a payment recorded without a provider payment: the intent is all there is
    [{ charge: "ch_7" }, { charged_through_provider: false, settled_charge: null }, true],
  ])("%j of %j → %s", (failed, payment, reverses) => {
    expect(chargeFailureReverses(failed, payment)).toBe(reverses)
  })
})

describe("takesProviderEvents", () => {
  it("card and ACH payments take provider events; offline payments and credit never do", () => {
    expect(["card", "us_bank_account"].every(takesProviderEvents)).toBe(true)
    expect(["manual", "credit"].some(takesProviderEvents)).toBe(false)
  })
})
