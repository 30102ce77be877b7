import { model } from "@medusajs/framework/utils"
import { LEDGER_ENTRY_TYPES } from "../../../domain/ledger"

// Append-only: a database trigger (see the migration) refuses UPDATE and DELETE.
const LedgerEntry = model
  .define("ledger_entry", {
    id: model.id({ prefix: "ledg" }).primaryKey(),
    // Strictly increasing; orders entries that share an occurred_at.
    sequence: model.autoincrement(),
    customer_id: model.text(),
    currency_code: model.text(),
    type: model.enum([...LEDGER_ENTRY_TYPES]),
    // Signed: positive increases what the customer owes.
    amount: model.bigNumber(),
    balance_after: model.bigNumber(),
    reference_type: model.text(),
    reference_id: model.text(),
    description: model.text().nullable(),
    occurred_at: model.dateTime(),
  })
  .indexes([
    { on: ["customer_id", "currency_code", "sequence"] },
    { on: ["customer_id", "occurred_at"] },
    // One posting per event: retried workflows cannot post twice.
    { on: ["type", "reference_type", "reference_id"], unique: true },
  ])

export default LedgerEntry
