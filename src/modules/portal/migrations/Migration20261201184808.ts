import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201184808 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "pay_link" drop constraint if exists "pay_link_token_hash_unique";`);
    this.addSql(`create table if not exists "pay_link" ("id" text not null, "customer_id" text not null, "currency_code" text not null, "invoice_ids" jsonb not null, "token_hash" text not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "pay_link_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_pay_link_deleted_at" ON "pay_link" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_pay_link_token_hash_unique" ON "pay_link" ("token_hash") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_pay_link_customer_id_created_at" ON "pay_link" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pay_link" cascade;`);
  }

}
