import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261201120000 extends Migration {
  override async up(): Promise<void> {
    // Admin refunds keyed by their Idempotency-Key (see models/customer-payment-refund.ts).
    this.addSql(`create table if not exists "customer_payment_refund" ("id" text not null, "customer_payment_id" text not null, "customer_id" text not null, "currency_code" text not null, "amount" numeric not null, "status" text check ("status" in ('pending', 'succeeded')) not null default 'pending', "idempotency_key" text not null, "request_hash" text not null, "reason" text null, "created_by" text null, "provider_refund_id" text null, "completed_at" timestamptz null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_payment_refund_pkey" primary key ("id"));`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_payment_refund_deleted_at" ON "customer_payment_refund" ("deleted_at") WHERE deleted_at IS NULL;`)
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_payment_refund_idempotency_key_unique" ON "customer_payment_refund" ("idempotency_key") WHERE deleted_at IS NULL;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_payment_refund_customer_payment_id_status" ON "customer_payment_refund" ("customer_payment_id", "status") WHERE deleted_at IS NULL;`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_payment_refund" cascade;`)
  }
}
