import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121160805 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "billing_webhook_event" drop constraint if exists "billing_webhook_event_provider_event_id_unique";`);
    this.addSql(`create table if not exists "billing_webhook_event" ("id" text not null, "provider" text not null, "event_id" text not null, "type" text not null, "payload" jsonb not null, "received_at" timestamptz not null, "processed_at" timestamptz null, "attempts" integer not null default 0, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "billing_webhook_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_billing_webhook_event_deleted_at" ON "billing_webhook_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_billing_webhook_event_provider_event_id_unique" ON "billing_webhook_event" ("provider", "event_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_billing_webhook_event_processed_at" ON "billing_webhook_event" ("processed_at") WHERE processed_at IS NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "billing_webhook_event" cascade;`);
  }

}
