import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261121151627 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ledger_entry" drop constraint if exists "ledger_entry_type_reference_type_reference_id_unique";`);
    this.addSql(`alter table if exists "invoice" drop constraint if exists "invoice_display_id_unique";`);
    this.addSql(`alter table if exists "customer_payment" drop constraint if exists "customer_payment_customer_id_idempotency_key_unique";`);
    this.addSql(`create table if not exists "customer_payment" ("id" text not null, "customer_id" text not null, "amount" numeric not null, "currency_code" text not null, "method" text check ("method" in ('card', 'us_bank_account', 'manual', 'credit')) not null, "source" text check ("source" in ('portal', 'autopay', 'pay_link', 'admin')) not null default 'portal', "mode" text check ("mode" in ('selected_invoices', 'total_balance', 'current_charges', 'fixed_amount')) not null, "status" text check ("status" in ('pending', 'processing', 'succeeded', 'failed', 'canceled', 'reversed')) not null default 'pending', "unapplied_amount" numeric not null default 0, "refunded_amount" numeric not null default 0, "provider_id" text null, "payment_collection_id" text null, "transaction_id" text null, "idempotency_key" text null, "request_hash" text null, "failure_reason" text null, "note" text null, "completed_at" timestamptz null, "metadata" jsonb null, "raw_amount" jsonb not null, "raw_unapplied_amount" jsonb not null default '{"value":"0","precision":20}', "raw_refunded_amount" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_payment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_payment_deleted_at" ON "customer_payment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_payment_customer_id_idempotency_key_unique" ON "customer_payment" ("customer_id", "idempotency_key") WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_payment_customer_id_status" ON "customer_payment" ("customer_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_payment_status_created_at" ON "customer_payment" ("status", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "invoice" ("id" text not null, "display_id" serial, "customer_id" text not null, "currency_code" text not null, "status" text check ("status" in ('draft', 'open', 'partially_paid', 'paid', 'void')) not null default 'draft', "issued_at" timestamptz null, "due_at" timestamptz null, "voided_at" timestamptz null, "subtotal" numeric not null default 0, "tax_total" numeric not null default 0, "total" numeric not null default 0, "amount_paid" numeric not null default 0, "amount_pending" numeric not null default 0, "amount_due" numeric not null default 0, "order_id" text null, "notes" text null, "metadata" jsonb null, "raw_subtotal" jsonb not null default '{"value":"0","precision":20}', "raw_tax_total" jsonb not null default '{"value":"0","precision":20}', "raw_total" jsonb not null default '{"value":"0","precision":20}', "raw_amount_paid" jsonb not null default '{"value":"0","precision":20}', "raw_amount_pending" jsonb not null default '{"value":"0","precision":20}', "raw_amount_due" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "invoice_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_invoice_deleted_at" ON "invoice" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_invoice_customer_id_status" ON "invoice" ("customer_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_invoice_customer_id_currency_code_due_at" ON "invoice" ("customer_id", "currency_code", "due_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_invoice_customer_id_issued_at" ON "invoice" ("customer_id", "issued_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_invoice_status_due_at" ON "invoice" ("status", "due_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_invoice_display_id_unique" ON "invoice" ("display_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "invoice_line" ("id" text not null, "title" text not null, "description" text null, "quantity" text not null, "unit_price" numeric not null, "total" numeric not null, "service_date" timestamptz null, "rank" integer not null default 0, "invoice_id" text not null, "raw_unit_price" jsonb not null, "raw_total" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "invoice_line_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_invoice_line_invoice_id" ON "invoice_line" ("invoice_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_invoice_line_deleted_at" ON "invoice_line" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ledger_entry" ("id" text not null, "sequence" serial, "customer_id" text not null, "currency_code" text not null, "type" text check ("type" in ('invoice', 'payment', 'payment_reversal', 'refund', 'void', 'credit_applied', 'adjustment')) not null, "amount" numeric not null, "balance_after" numeric not null, "reference_type" text not null, "reference_id" text not null, "description" text null, "occurred_at" timestamptz not null, "raw_amount" jsonb not null, "raw_balance_after" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ledger_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ledger_entry_deleted_at" ON "ledger_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ledger_entry_customer_id_currency_code_sequence" ON "ledger_entry" ("customer_id", "currency_code", "sequence") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ledger_entry_customer_id_occurred_at" ON "ledger_entry" ("customer_id", "occurred_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ledger_entry_type_reference_type_reference_id_unique" ON "ledger_entry" ("type", "reference_type", "reference_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "payment_allocation" ("id" text not null, "amount" numeric not null, "status" text check ("status" in ('reserved', 'applied', 'released', 'reversed')) not null default 'reserved', "customer_payment_id" text not null, "invoice_id" text not null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "payment_allocation_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_allocation_customer_payment_id" ON "payment_allocation" ("customer_payment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_allocation_invoice_id" ON "payment_allocation" ("invoice_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_allocation_deleted_at" ON "payment_allocation" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_allocation_invoice_id_status" ON "payment_allocation" ("invoice_id", "status") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "invoice_line" add constraint "invoice_line_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table if exists "payment_allocation" add constraint "payment_allocation_customer_payment_id_foreign" foreign key ("customer_payment_id") references "customer_payment" ("id") on update cascade;`);
    this.addSql(`alter table if exists "payment_allocation" add constraint "payment_allocation_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "payment_allocation" drop constraint if exists "payment_allocation_customer_payment_id_foreign";`);

    this.addSql(`alter table if exists "invoice_line" drop constraint if exists "invoice_line_invoice_id_foreign";`);

    this.addSql(`alter table if exists "payment_allocation" drop constraint if exists "payment_allocation_invoice_id_foreign";`);

    this.addSql(`drop table if exists "customer_payment" cascade;`);

    this.addSql(`drop table if exists "invoice" cascade;`);

    this.addSql(`drop table if exists "invoice_line" cascade;`);

    this.addSql(`drop table if exists "ledger_entry" cascade;`);

    this.addSql(`drop table if exists "payment_allocation" cascade;`);
  }

}
