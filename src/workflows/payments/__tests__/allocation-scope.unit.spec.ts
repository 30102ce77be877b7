import type { AllocatableInvoice } from "../../../domain/allocation"
import { DEFAULT_PORTAL_SETTINGS } from "../../../domain/portal-settings"
import { allocationDecider } from "../steps/allocate-payment"

const invoice = (id: string, due: string, total: bigint): AllocatableInvoice => ({
  id,
  display_id: Number(id.replace(/\D/g, "")),
  customer_id: "cus_a",
  currency_code: "usd",
  status: "open",
  issued_at: new Date("2026-01-01T00:00:00Z"),
  due_at: new Date(due),
  total,
  amount_paid: 0n,
  amount_pending: 0n,
})

const ACCOUNT = [
  invoice("inv_1", "2026-02-01T00:00:00Z", 1000n),
  invoice("inv_2", "2026-03-01T00:00:00Z", 2500n),
  invoice("inv_3", "2026-04-01T00:00:00Z", 4000n),
]

describe("allocationDecider with an invoice scope (pay links)", () => {
  const decide = (request: Record<string, unknown>) =>
    allocationDecider({ customer_id: "cus_a", currency_code: "usd", ...request } as any, DEFAULT_PORTAL_SETTINGS)(ACCOUNT, 0n)

  it("total_balance pays the scope's invoices, not the whole account", () => {
    const scoped = decide({ mode: "total_balance", invoice_scope: ["inv_3", "inv_2"] })
    expect(scoped.amount).toBe(6500n)
    expect(scoped.allocations.map((a) => [a.invoice_id, a.amount])).toEqual([
      ["inv_2", 2500n],
      ["inv_3", 4000n],
    ])
    expect(decide({ mode: "total_balance" }).amount).toBe(7500n)
  })

  it("a selected invoice outside the scope is refused like an unknown one", () => {
    expect(() => decide({ mode: "selected_invoices", invoice_ids: ["inv_1"], invoice_scope: ["inv_2"] })).toThrow(
      expect.objectContaining({ type: "invalid_data", message: expect.stringMatching(/^invoice_ids: .*inv_1.*/) })
    )
    expect(decide({ mode: "selected_invoices", invoice_ids: ["inv_1"] }).amount).toBe(1000n)
    expect(decide({ mode: "selected_invoices", invoice_ids: ["inv_2"], invoice_scope: ["inv_2"] }).amount).toBe(2500n)
  })
})
