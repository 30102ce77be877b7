import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/** The dates JavaScript can represent end here (Date's maximum is 275760-09-13). */
const JS_DATE_LIMIT = "'275760-09-13 00:00:00+00'"

/**
 * Invoice dates are whole, finite milliseconds that a JavaScript Date can
 * hold, as the allocation core (and everything else in the app) sees them:
 * PostgreSQL's oldest-first index order is then exactly the core's, so the
 * payment preview can read the first rows of the payable index instead of
 * sorting (DESIGN sec. 5). Every write comes from a JavaScript Date. Values
 * written by hand are made what the app already saw: sub-millisecond parts
 * truncated; infinite or out-of-range dates (an invalid Date, which the core
 * orders like a missing one) set to NULL.
 */
export class Migration20261202110000 extends Migration {
  override async up(): Promise<void> {
    for (const column of ["due_at", "issued_at"]) {
      this.addSql(`
        UPDATE "invoice" SET "${column}" = NULL
         WHERE "${column}" IS NOT NULL AND (NOT isfinite("${column}") OR "${column}" >= ${JS_DATE_LIMIT});`)
      this.addSql(`
        UPDATE "invoice" SET "${column}" = date_trunc('milliseconds', "${column}")
         WHERE "${column}" <> date_trunc('milliseconds', "${column}");`)
    }
    this.addSql(`ALTER TABLE "invoice" DROP CONSTRAINT IF EXISTS "invoice_dates_whole_milliseconds_check";`)
    this.addSql(`
      ALTER TABLE "invoice" ADD CONSTRAINT "invoice_dates_whole_milliseconds_check" CHECK (
        due_at = date_trunc('milliseconds', due_at) AND isfinite(due_at) AND due_at < ${JS_DATE_LIMIT}
        AND issued_at = date_trunc('milliseconds', issued_at) AND isfinite(issued_at) AND issued_at < ${JS_DATE_LIMIT}
      );`)
  }

  override async down(): Promise<void> {
    this.addSql(`ALTER TABLE "invoice" DROP CONSTRAINT IF EXISTS "invoice_dates_whole_milliseconds_check";`)
  }
}
