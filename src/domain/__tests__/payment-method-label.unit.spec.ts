import { cardBrandName, paymentMethodLabel, sanitizeMethodDetails } from "../payment-method-label"

describe("paymentMethodLabel (receipts and invoices)", () => {
  it.each([
    [{ method: "card", method_details: { brand: "visa", last4: "4242" } }, "Visa •••• 4242"],
    [{ method: "card", method_details: { brand: "american_express", last4: "0005" } }, "American Express •••• 0005"],
    [{ method: "card", method_details: { brand: "maestro", last4: "0001" } }, "Maestro •••• 0001"],
    [{ method: "card", method_details: { last4: "4242" } }, "Card •••• 4242"],
    [{ method: "card", method_details: null }, "Card"],
    [{ method: "card", method_details: { brand: "unknown", last4: "1234" } }, "Card •••• 1234"],
    [{ method: "us_bank_account", method_details: { bank_name: "STRIPE TEST BANK", last4: "6789" } }, "STRIPE TEST BANK •••• 6789"],
    [{ method: "us_bank_account", method_details: { last4: "6789" } }, "Bank account •••• 6789"],
    [{ method: "us_bank_account" }, "Bank account"],
    [{ method: "manual", method_details: { offline_method: "check" }, reference: "1042" }, "Check #1042"],
    [{ method: "manual", method_details: { offline_method: "check" }, reference: "#1042" }, "Check #1042"],
    [{ method: "manual", method_details: { offline_method: "check" } }, "Check"],
    [{ method: "manual", method_details: { offline_method: "cash" } }, "Cash"],
    [{ method: "manual", method_details: { offline_method: "bank_transfer" }, reference: "WIRE-77" }, "Bank transfer · WIRE-77"],
    [{ method: "manual", reference: "REF-1" }, "Offline payment · REF-1"],
    [{ method: "manual" }, "Offline payment"],
    [{ method: "credit" }, "Account credit"],
  ] as const)("%j → %s", (payment, label) => {
    expect(paymentMethodLabel(payment as any)).toBe(label)
  })

  it("never prints more than four digits, whatever was stored", () => {
    const label = paymentMethodLabel({ method: "card", method_details: { brand: "visa", last4: "4242424242424242" } as any })
    expect(label).toBe("Visa")
  })
})

describe("sanitizeMethodDetails (the one gate before method_details is stored)", () => {
  it("keeps brand, last4, bank name and the offline method", () => {
    expect(sanitizeMethodDetails({ brand: "Visa", last4: "4242", bank_name: " Chase ", offline_method: "cash" })).toEqual({
      brand: "visa",
      last4: "4242",
      bank_name: "Chase",
      offline_method: "cash",
    })
  })

  it.each([
    [{ last4: "424242" }],
    [{ last4: 4242 }],
    [{ brand: "4242424242424242" }],
    [{ bank_name: "Acct 000123456789" }],
    [{ number: "4242424242424242", account_number: "000123456789" }],
    [{ offline_method: "barter" }],
    [{ brand: "unknown" }],
    [null],
    ["visa"],
    [["visa"]],
  ])("drops %j", (input) => {
    expect(sanitizeMethodDetails(input)).toBeNull()
  })

  it("names brands it does not know by title case", () => {
    expect(cardBrandName("cartes_bancaires")).toBe("Cartes Bancaires")
    expect(cardBrandName("some_new_brand")).toBe("Some New Brand")
  })
})
