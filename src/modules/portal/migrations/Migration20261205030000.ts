import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261205030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "portal_access_block" ("id" text not null, "customer_id" text not null, "blocked_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "portal_access_block_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_portal_access_block_deleted_at" ON "portal_access_block" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_portal_access_block_customer_id_unique" ON "portal_access_block" ("customer_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "portal_access_block" cascade;`);
  }

}
