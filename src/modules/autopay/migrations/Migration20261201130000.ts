import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261201130000 extends Migration {
  override async up(): Promise<void> {
    // A limit per charge belongs to a currency (it limits charges in that currency only).
    this.addSql(`alter table if exists "autopay_enrollment" add column if not exists "max_amount_currency_code" text null;`)
    // Limits set before this had no currency and were entered as 2-decimal
    // amounts in the store's own currency: give them the store's default
    // currency. (The store module's table shares the database in a normal
    // install; where it does not, such limits stay without a currency and
    // limit nothing — the customer sets the limit again.)
    this.addSql(`
      DO $$
      BEGIN
        IF to_regclass('store_currency') IS NOT NULL THEN
          UPDATE "autopay_enrollment" SET "max_amount_currency_code" = (
            SELECT lower(sc.currency_code) FROM store_currency sc
             WHERE sc.is_default AND sc.deleted_at IS NULL ORDER BY sc.created_at LIMIT 1)
           WHERE "max_amount" IS NOT NULL AND "max_amount_currency_code" IS NULL;
        END IF;
      END $$;`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "autopay_enrollment" drop column if exists "max_amount_currency_code";`)
  }
}
