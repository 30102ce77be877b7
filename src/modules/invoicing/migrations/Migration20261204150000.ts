import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/** Why the reconciler cannot finish a payment, for the admin's "needs attention" list. */
export class Migration20261204150000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" ADD COLUMN IF NOT EXISTS "attention" text NULL;`)
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" ADD COLUMN IF NOT EXISTS "attention_since" timestamptz NULL;`)
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_customer_payment_attention_since" ON "customer_payment" ("attention_since") WHERE deleted_at IS NULL AND attention IS NOT NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_customer_payment_attention_since";`)
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" DROP COLUMN IF EXISTS "attention_since";`)
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" DROP COLUMN IF EXISTS "attention";`)
  }
}
