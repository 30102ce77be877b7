import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261204070000 extends Migration {
  override async up(): Promise<void> {
    // What the receipt shows of the enrolled method (brand or bank, last4),
    // kept at enrollment so a charge need not list the holder's methods at
    // the provider. Older enrollments keep null: their charges list as before.
    this.addSql(`alter table if exists "autopay_enrollment" add column if not exists "payment_method_details" jsonb null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "autopay_enrollment" drop column if exists "payment_method_details";`)
  }
}
