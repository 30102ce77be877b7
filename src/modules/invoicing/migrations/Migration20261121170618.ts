import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121170618 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_payment_payment_collection_id" ON "customer_payment" ("payment_collection_id") WHERE deleted_at IS NULL AND payment_collection_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_payment_transaction_id" ON "customer_payment" ("transaction_id") WHERE deleted_at IS NULL AND transaction_id IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_customer_payment_payment_collection_id";`);
    this.addSql(`drop index if exists "IDX_customer_payment_transaction_id";`);
  }

}
