import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121172447 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "portal_settings" drop constraint if exists "portal_settings_key_unique";`);
    this.addSql(`alter table if exists "portal_invitation" drop constraint if exists "portal_invitation_token_hash_unique";`);
    this.addSql(`create table if not exists "portal_invitation" ("id" text not null, "customer_id" text not null, "email" text not null, "token_hash" text not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, "revoked_at" timestamptz null, "invited_by" text null, "sent_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "portal_invitation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_portal_invitation_deleted_at" ON "portal_invitation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_portal_invitation_token_hash_unique" ON "portal_invitation" ("token_hash") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_portal_invitation_customer_id_created_at" ON "portal_invitation" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "portal_settings" ("id" text not null, "key" text not null default 'default', "settings" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "portal_settings_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_portal_settings_deleted_at" ON "portal_settings" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_portal_settings_key_unique" ON "portal_settings" ("key") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "service_request" ("id" text not null, "customer_id" text not null, "kind" text check ("kind" in ('note', 'request')) not null, "subject" text not null, "message" text not null, "preferred_date" timestamptz null, "invoice_id" text null, "status" text check ("status" in ('open', 'in_progress', 'closed')) not null default 'open', "admin_reply" text null, "replied_at" timestamptz null, "closed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "service_request_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_service_request_deleted_at" ON "service_request" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_service_request_customer_id_created_at" ON "service_request" ("customer_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_service_request_status_created_at" ON "service_request" ("status", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "portal_invitation" cascade;`);

    this.addSql(`drop table if exists "portal_settings" cascade;`);

    this.addSql(`drop table if exists "service_request" cascade;`);
  }

}
