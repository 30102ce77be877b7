import { ledgerEntryDescription } from "../ledger-descriptions"

describe("ledgerEntryDescription (statement lines)", () => {
  it.each([
    [{ type: "invoice", description: "Invoice INV-000123" }, { invoice_display_id: 123 }, "Invoice INV-000123"],
    [{ type: "invoice", description: null }, { invoice_display_id: 7 }, "Invoice INV-000007"],
    [{ type: "void", description: "Invoice INV-000120 voided" }, {}, "Invoice INV-000120 voided"],
    [{ type: "void", description: null }, { invoice_display_id: 120 }, "Invoice INV-000120 voided"],
    [
      { type: "payment", description: "Payment received" },
      { payment: { method: "card", transaction_id: "pi_123", method_label: "Visa •••• 4242" } },
      "Payment · Visa •••• 4242 · pi_123",
    ],
    [
      { type: "payment", description: "Payment received" },
      { payment: { method: "card", transaction_id: "pi_123", method_label: null } },
      "Payment · pi_123",
    ],
    [
      { type: "payment", description: "Payment received" },
      { payment: { method: "manual", transaction_id: "CHECK-1077", method_label: "Offline payment" } },
      "Payment · Offline payment · CHECK-1077",
    ],
    [
      { type: "payment", description: "Payment received" },
      { payment: { method: "manual", transaction_id: "1042", method_label: "Check #1042" } },
      "Payment · Check #1042",
    ],
    [{ type: "payment", description: "Payment received" }, {}, "Payment"],
    [
      { type: "payment_reversal", description: "Payment reversed (R01)" },
      { payment: { method: "us_bank_account", transaction_id: "pi_9", failure_reason: "R01" } },
      "Payment reversed · pi_9 (R01)",
    ],
    [
      { type: "payment_reversal", description: "Payment reversed (R01)" },
      { payment: { method: "us_bank_account", transaction_id: "pi_9", method_label: "Chase •••• 6789", failure_reason: "R01" } },
      "Payment reversed · Chase •••• 6789 · pi_9 (R01)",
    ],
    [{ type: "refund", description: "Refund" }, {}, "Refund"],
    [{ type: "refund", description: "Refund: damaged" }, {}, "Refund: damaged"],
    [{ type: "credit_applied", description: "Credit of 10.00 USD applied to INV-000002" }, {}, "Credit of 10.00 USD applied to INV-000002"],
    [{ type: "adjustment", description: null }, {}, "Adjustment"],
  ] as const)("%j → %s", (entry, reference, text) => {
    expect(ledgerEntryDescription(entry as any, reference as any)).toBe(text)
  })
})
