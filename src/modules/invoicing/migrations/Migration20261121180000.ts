import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261121180000 extends Migration {
  override async up(): Promise<void> {
    // Payment preview and reservation over a customer's payable invoices:
    // oldest-first straight from the index (no sort), and every column the
    // lean query reads is in it (index-only scan).
    this.addSql(`
      CREATE INDEX IF NOT EXISTS "IDX_invoice_payable_oldest_first" ON "invoice"
        ("customer_id", "currency_code", "due_at", "issued_at", "display_id")
        INCLUDE ("id", "amount_due", "amount_pending")
        WHERE status IN ('open', 'partially_paid') AND deleted_at IS NULL;`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_invoice_payable_oldest_first";`)
  }
}
