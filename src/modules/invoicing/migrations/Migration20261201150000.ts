import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261201150000 extends Migration {
  override async up(): Promise<void> {
    // The provider object created for a payment, checked before it is recorded as paid.
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" ADD COLUMN IF NOT EXISTS "provider_reference" text NULL;`)
  }

  override async down(): Promise<void> {
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" DROP COLUMN IF EXISTS "provider_reference";`)
  }
}
