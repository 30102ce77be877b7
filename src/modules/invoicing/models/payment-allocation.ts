import { model } from "@medusajs/framework/utils"
import CustomerPayment from "./customer-payment"
import Invoice from "./invoice"

export const ALLOCATION_STATUSES = ["reserved", "applied", "released", "reversed"] as const

const PaymentAllocation = model
  .define("payment_allocation", {
    id: model.id({ prefix: "palloc" }).primaryKey(),
    amount: model.bigNumber(),
    status: model.enum([...ALLOCATION_STATUSES]).default("reserved"),
    customer_payment: model.belongsTo(() => CustomerPayment, { mappedBy: "allocations" }),
    invoice: model.belongsTo(() => Invoice, { mappedBy: "allocations" }),
  })
  .indexes([
    { on: ["invoice_id", "status"], where: "deleted_at IS NULL" },
    { on: ["customer_payment_id"], where: "deleted_at IS NULL" },
  ])

export default PaymentAllocation
