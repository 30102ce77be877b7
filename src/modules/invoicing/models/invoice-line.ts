import { model } from "@medusajs/framework/utils"
import Invoice from "./invoice"

const InvoiceLine = model
  .define("invoice_line", {
    id: model.id({ prefix: "invl" }).primaryKey(),
    title: model.text(),
    description: model.text().nullable(),
    // Decimal quantities (hours of work, litres) are allowed; kept as text so
    // they never pass through a float.
    quantity: model.text(),
    unit_price: model.bigNumber(),
    total: model.bigNumber(),
    service_date: model.dateTime().nullable(),
    rank: model.number().default(0),
    invoice: model.belongsTo(() => Invoice, { mappedBy: "lines" }),
  })
  .indexes([{ on: ["invoice_id"], where: "deleted_at IS NULL" }])

export default InvoiceLine
