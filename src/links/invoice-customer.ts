import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import InvoicingModule from "../modules/invoicing"

// We store customer_id on the invoice ourselves: the link is read-only, so
// query.graph can join invoices to customers without a pivot table.
export default defineLink(
  {
    linkable: InvoicingModule.linkable.invoice,
    field: "customer_id",
  },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
