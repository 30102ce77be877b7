import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Rules the database enforces itself, as the last line behind the code:
 * the ledger is append-only, an invoice can never hold more paid + pending
 * than its total, and balances are read with an index-only scan.
 */
export class Migration20261121160000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION billing_ledger_entry_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'ledger_entry is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END;
      $$ LANGUAGE plpgsql;`)
    this.addSql(`DROP TRIGGER IF EXISTS "ledger_entry_append_only" ON "ledger_entry";`)
    this.addSql(`
      CREATE TRIGGER "ledger_entry_append_only"
      BEFORE UPDATE OR DELETE ON "ledger_entry"
      FOR EACH ROW EXECUTE FUNCTION billing_ledger_entry_append_only();`)

    this.addSql(`ALTER TABLE "invoice" DROP CONSTRAINT IF EXISTS "invoice_amounts_check";`)
    this.addSql(`
      ALTER TABLE "invoice" ADD CONSTRAINT "invoice_amounts_check" CHECK (
        total >= 0 AND amount_paid >= 0 AND amount_pending >= 0 AND amount_due >= 0
        AND amount_paid + amount_pending <= total
      );`)
    this.addSql(`ALTER TABLE "payment_allocation" DROP CONSTRAINT IF EXISTS "payment_allocation_amount_check";`)
    this.addSql(`ALTER TABLE "payment_allocation" ADD CONSTRAINT "payment_allocation_amount_check" CHECK (amount > 0);`)
    this.addSql(`ALTER TABLE "customer_payment" DROP CONSTRAINT IF EXISTS "customer_payment_amounts_check";`)
    this.addSql(`
      ALTER TABLE "customer_payment" ADD CONSTRAINT "customer_payment_amounts_check" CHECK (
        amount >= 0 AND unapplied_amount >= 0 AND refunded_amount >= 0 AND refunded_amount <= amount
      );`)

    // Account summary: sums over a customer's unpaid invoices without touching the heap.
    this.addSql(`
      CREATE INDEX IF NOT EXISTS "IDX_invoice_unpaid_balances" ON "invoice"
        ("customer_id", "currency_code", "due_at")
        INCLUDE ("amount_due", "amount_pending", "issued_at", "display_id")
        WHERE status IN ('open', 'partially_paid') AND deleted_at IS NULL;`)
    // Store list default order (newest first) for one customer.
    this.addSql(`
      CREATE INDEX IF NOT EXISTS "IDX_invoice_customer_visible_created" ON "invoice"
        ("customer_id", "created_at" DESC)
        WHERE status <> 'draft' AND deleted_at IS NULL;`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_invoice_customer_visible_created";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_invoice_unpaid_balances";`)
    this.addSql(`ALTER TABLE "customer_payment" DROP CONSTRAINT IF EXISTS "customer_payment_amounts_check";`)
    this.addSql(`ALTER TABLE "payment_allocation" DROP CONSTRAINT IF EXISTS "payment_allocation_amount_check";`)
    this.addSql(`ALTER TABLE "invoice" DROP CONSTRAINT IF EXISTS "invoice_amounts_check";`)
    this.addSql(`DROP TRIGGER IF EXISTS "ledger_entry_append_only" ON "ledger_entry";`)
    this.addSql(`DROP FUNCTION IF EXISTS billing_ledger_entry_append_only();`)
  }
}
