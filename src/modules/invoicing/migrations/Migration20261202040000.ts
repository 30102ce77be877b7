import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Two tables that no model maps, written by hand (DESIGN sec. 16: no state in
 * process memory that another Medusa instance needs):
 * - `rate_limit_counter`: rate-limiter-flexible's RateLimiterPostgres store
 *   (its own schema: key, points, expire in epoch ms), the rate limits of an
 *   app without Redis (`src/api/utils/rate-limit.ts`);
 * - `customer_lock_lease`: the customer's lock with Medusa's Postgres
 *   locking provider (`src/workflows/payments/customer-lock.ts`), a lease
 *   that expires if its holder dies.
 * Neither is named `billing_*`: they change on requests that change no billing data.
 */
export class Migration20261202040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "rate_limit_counter" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`
    )
    this.addSql(
      `create table if not exists "customer_lock_lease" ("key" text primary key, "owner" text not null, "expires_at" timestamptz not null);`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_counter";`)
    this.addSql(`drop table if exists "customer_lock_lease";`)
  }
}
