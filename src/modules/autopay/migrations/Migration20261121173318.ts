import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121173318 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "autopay_enrollment" drop constraint if exists "autopay_enrollment_customer_id_unique";`);
    this.addSql(`alter table if exists "autopay_attempt" drop constraint if exists "autopay_attempt_idempotency_key_unique";`);
    this.addSql(`create table if not exists "autopay_attempt" ("id" text not null, "enrollment_id" text not null, "customer_id" text not null, "run_id" text null, "currency_code" text not null, "invoice_ids" jsonb not null, "series_key" text not null, "attempt" integer not null, "amount" numeric not null, "idempotency_key" text not null, "customer_payment_id" text null, "status" text check ("status" in ('pending', 'processing', 'succeeded', 'failed', 'requires_action')) not null default 'pending', "failure_reason" text null, "failed_at" timestamptz null, "next_retry_at" timestamptz null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "autopay_attempt_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_autopay_attempt_deleted_at" ON "autopay_attempt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_autopay_attempt_idempotency_key_unique" ON "autopay_attempt" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_autopay_attempt_enrollment_id_series_key_attempt" ON "autopay_attempt" ("enrollment_id", "series_key", "attempt") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_autopay_attempt_customer_payment_id" ON "autopay_attempt" ("customer_payment_id") WHERE deleted_at IS NULL AND customer_payment_id IS NOT NULL;`);

    this.addSql(`create table if not exists "autopay_enrollment" ("id" text not null, "customer_id" text not null, "status" text check ("status" in ('active', 'paused', 'canceled')) not null default 'active', "payment_method_id" text not null, "payment_method_type" text check ("payment_method_type" in ('card', 'us_bank_account')) not null, "payment_method_label" text null, "provider_id" text not null, "max_amount" numeric null, "consented_at" timestamptz not null, "terms_version" text not null, "terms_text" text not null, "consent_ip" text null, "consent_user_agent" text null, "paused_at" timestamptz null, "pause_reason" text null, "canceled_at" timestamptz null, "raw_max_amount" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "autopay_enrollment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_autopay_enrollment_deleted_at" ON "autopay_enrollment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_autopay_enrollment_customer_id_unique" ON "autopay_enrollment" ("customer_id") WHERE status <> 'canceled' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_autopay_enrollment_status" ON "autopay_enrollment" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "autopay_run" ("id" text not null, "trigger" text check ("trigger" in ('schedule', 'admin')) not null, "customer_id" text null, "started_at" timestamptz not null, "finished_at" timestamptz null, "enrollments" integer not null default 0, "charged" integer not null default 0, "skipped" integer not null default 0, "failed" integer not null default 0, "errors" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "autopay_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_autopay_run_deleted_at" ON "autopay_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_autopay_run_trigger_started_at" ON "autopay_run" ("trigger", "started_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "autopay_attempt" cascade;`);

    this.addSql(`drop table if exists "autopay_enrollment" cascade;`);

    this.addSql(`drop table if exists "autopay_run" cascade;`);
  }

}
