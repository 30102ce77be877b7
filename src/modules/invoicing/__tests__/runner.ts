import path from "path"
import { INVOICING_MODULE } from ".."
import { CustomerPayment, Invoice, InvoiceLine, LedgerEntry, PaymentAllocation } from "../models"

/** moduleIntegrationTestRunner's options for the invoicing module on a real database, with its own migrations. */
export const INVOICING_RUNNER = {
  moduleName: INVOICING_MODULE,
  moduleModels: [Invoice, InvoiceLine, CustomerPayment, PaymentAllocation, LedgerEntry],
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
}
