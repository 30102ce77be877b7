import { model } from "@medusajs/framework/utils"
import { INVOICE_STATUSES } from "../../../domain/invoice-status"
import InvoiceLine from "./invoice-line"
import PaymentAllocation from "./payment-allocation"

const Invoice = model
  .define("invoice", {
    id: model.id({ prefix: "inv" }).primaryKey(),
    // A PostgreSQL sequence: unique and gap-tolerant under concurrent creation.
    display_id: model.autoincrement().searchable(),
    customer_id: model.text(),
    currency_code: model.text(),
    status: model.enum([...INVOICE_STATUSES]).default("draft"),
    issued_at: model.dateTime().nullable(),
    due_at: model.dateTime().nullable(),
    voided_at: model.dateTime().nullable(),
    subtotal: model.bigNumber().default(0),
    tax_total: model.bigNumber().default(0),
    total: model.bigNumber().default(0),
    amount_paid: model.bigNumber().default(0),
    amount_pending: model.bigNumber().default(0),
    amount_due: model.bigNumber().default(0),
    order_id: model.text().nullable(),
    notes: model.text().searchable().nullable(),
    metadata: model.json().nullable(),
    lines: model.hasMany(() => InvoiceLine, { mappedBy: "invoice" }),
    allocations: model.hasMany(() => PaymentAllocation, { mappedBy: "invoice" }),
  })
  .cascades({ delete: ["lines"] })
  .indexes([
    { on: ["customer_id", "status"], where: "deleted_at IS NULL" },
    { on: ["customer_id", "currency_code", "due_at"], where: "deleted_at IS NULL" },
    { on: ["customer_id", "issued_at"], where: "deleted_at IS NULL" },
    { on: ["status", "due_at"], where: "deleted_at IS NULL" },
    { on: ["display_id"], unique: true },
  ])

export default Invoice
