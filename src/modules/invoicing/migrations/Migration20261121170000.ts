import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Account summary, current charges: the most recently issued unpaid invoice
 * of a customer in a currency is one index probe, however many are open.
 */
export class Migration20261121170000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE INDEX IF NOT EXISTS "IDX_invoice_unpaid_latest_issued" ON "invoice"
        ("customer_id", "currency_code", "issued_at" DESC NULLS LAST, "display_id" DESC)
        INCLUDE ("amount_due", "amount_pending")
        WHERE status IN ('open', 'partially_paid') AND deleted_at IS NULL;`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_invoice_unpaid_latest_issued";`)
  }
}
