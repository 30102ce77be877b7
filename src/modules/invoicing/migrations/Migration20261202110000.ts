import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261202110000 extends Migration {
  override async up(): Promise<void> {
    // Invoice dates are whole milliseconds, as JavaScript (and so the
    // allocation core) sees them: PostgreSQL's oldest-first index order is
    // then exactly the core's, so the payment preview can read the first rows
    // of the payable index instead of sorting (DESIGN sec. 5). Every write
    // comes from a JavaScript Date; older sub-millisecond values (written by
    // hand) are truncated first, which changes nothing the app could see.
    this.addSql(`
      UPDATE "invoice" SET due_at = date_trunc('milliseconds', due_at), issued_at = date_trunc('milliseconds', issued_at)
       WHERE due_at <> date_trunc('milliseconds', due_at) OR issued_at <> date_trunc('milliseconds', issued_at);`)
    this.addSql(`ALTER TABLE "invoice" DROP CONSTRAINT IF EXISTS "invoice_dates_whole_milliseconds_check";`)
    this.addSql(`
      ALTER TABLE "invoice" ADD CONSTRAINT "invoice_dates_whole_milliseconds_check" CHECK (
        due_at = date_trunc('milliseconds', due_at) AND issued_at = date_trunc('milliseconds', issued_at)
      );`)
  }

  override async down(): Promise<void> {
    this.addSql(`ALTER TABLE "invoice" DROP CONSTRAINT IF EXISTS "invoice_dates_whole_milliseconds_check";`)
  }
}
