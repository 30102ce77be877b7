import { sandboxAdapter } from "../sandbox"
import { stripeAdapter } from "../stripe"

describe("adapter.methodDetails: what a receipt shows of the method, never a number", () => {
  it("sandbox: from the tokenized method in its data", () => {
    expect(
      sandboxAdapter.methodDetails({
        payment_method: { id: "pm_sandbox_card_ok_4242_x", type: "card", last4: "4242", brand: "visa" },
      })
    ).toEqual({ brand: "visa", last4: "4242" })
    expect(
      sandboxAdapter.methodDetails({
        payment_method: { id: "pm_sandbox_ach_settles_6789_x", type: "us_bank_account", last4: "6789", bank_name: "SANDBOX TEST BANK" },
      })
    ).toEqual({ bank_name: "SANDBOX TEST BANK", last4: "6789" })
    expect(sandboxAdapter.methodDetails({})).toBeNull()
    expect(sandboxAdapter.methodDetails(null)).toBeNull()
  })

  it("stripe: from an expanded payment_method", () => {
    expect(
      stripeAdapter.methodDetails({
        id: "pi_1",
        payment_method: { id: "pm_1", type: "card", card: { brand: "mastercard", last4: "4444", exp_month: 1, fingerprint: "f" } },
      })
    ).toEqual({ brand: "mastercard", last4: "4444" })
    expect(
      stripeAdapter.methodDetails({
        payment_method: { type: "us_bank_account", us_bank_account: { bank_name: "STRIPE TEST BANK", last4: "6789", routing_number: "110000000" } },
      })
    ).toEqual({ bank_name: "STRIPE TEST BANK", last4: "6789" })
  })

  it("stripe: from an expanded latest_charge's payment_method_details", () => {
    expect(
      stripeAdapter.methodDetails({
        payment_method: "pm_1",
        latest_charge: { id: "ch_1", payment_method_details: { type: "card", card: { brand: "visa", last4: "4242" } } },
      })
    ).toEqual({ brand: "visa", last4: "4242" })
  })

  it("stripe: nothing when payment_method and latest_charge are bare ids", () => {
    expect(stripeAdapter.methodDetails({ id: "pi_1", payment_method: "pm_1", latest_charge: "ch_1" })).toBeNull()
  })
})
