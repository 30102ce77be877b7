import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * A return or dispute that arrives before the success it undoes is kept in
 * two columns instead of `metadata.deferred_reversal`: existing values move
 * into them and the key is removed from the metadata.
 */
export class Migration20261201170000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" ADD COLUMN IF NOT EXISTS "deferred_reversal_reason" text NULL;`)
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" ADD COLUMN IF NOT EXISTS "deferred_reversal_at" timestamptz NULL;`)
    this.addSql(`
      UPDATE "customer_payment"
         SET "deferred_reversal_reason" = "metadata" -> 'deferred_reversal' ->> 'reason',
             "deferred_reversal_at" = ("metadata" -> 'deferred_reversal' ->> 'occurred_at')::timestamptz,
             "metadata" = "metadata" - 'deferred_reversal'
       WHERE "metadata" ? 'deferred_reversal';`)
  }

  override async down(): Promise<void> {
    this.addSql(`
      UPDATE "customer_payment"
         SET "metadata" = COALESCE("metadata", '{}'::jsonb) || jsonb_build_object(
               'deferred_reversal',
               jsonb_build_object(
                 'reason', "deferred_reversal_reason",
                 'occurred_at', to_char("deferred_reversal_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
               )
             )
       WHERE "deferred_reversal_at" IS NOT NULL;`)
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" DROP COLUMN IF EXISTS "deferred_reversal_at";`)
    this.addSql(`ALTER TABLE IF EXISTS "customer_payment" DROP COLUMN IF EXISTS "deferred_reversal_reason";`)
  }
}
