import { stripeBillingAction } from "../stripe-events"

describe("stripeBillingAction", () => {
  const created = 1_790_000_000
  it.each([
    [
      { type: "charge.dispute.created", created, data: { object: { payment_intent: "pi_1", reason: "fraudulent" } } },
      { kind: "reverse", payment_intent: "pi_1", reason: "disputed (fraudulent)", occurred_at: new Date(created * 1000) },
    ],
    [
      { type: "charge.failed", created, data: { object: { payment_intent: { id: "pi_2" }, failure_code: "account_closed" } } },
      { kind: "reverse", payment_intent: "pi_2", reason: "returned (account_closed)", occurred_at: new Date(created * 1000) },
    ],
    [{ type: "charge.dispute.created", created, data: { object: {} } }, { kind: "ignore" }],
    [{ type: "payment_intent.succeeded", created, data: { object: { id: "pi_3" } } }, { kind: "ignore" }],
    [{}, { kind: "ignore" }],
  ])("%j → %j", (event, action) => {
    expect(stripeBillingAction(event as any)).toEqual(action)
  })
})
