import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { INVOICE_STATUSES } from "../../../domain/invoice-status"
import { INVOICING_MODULE } from "../../../modules/invoicing"
import type InvoicingModuleService from "../../../modules/invoicing/service"
import { isPreferredDateInPast, parseCalendarDate } from "../service-request-rules"

export type ValidateServiceRequestInputStepInput = {
  customer_id: string
  /** `YYYY-MM-DD` */
  preferred_date?: string | null
  invoice_id?: string | null
  now: Date
}

export const validateServiceRequestInputStepId = "validate-service-request-input"

/** Invoices a customer can see (and so refer to): every status but draft. */
const VISIBLE_INVOICE_STATUSES = INVOICE_STATUSES.filter((s) => s !== "draft")

/**
 * Checks, before anything is written, that the preferred date is not in the
 * past and that a referenced invoice is one of the customer's own visible
 * invoices. Unknown, foreign and draft invoices get the same answer, so the
 * message never reveals another customer's invoice.
 */
export const validateServiceRequestInputStep = createStep(
  validateServiceRequestInputStepId,
  async (input: ValidateServiceRequestInputStepInput, { container }) => {
    if (input.preferred_date) {
      const date = parseCalendarDate(input.preferred_date)
      if (!date) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "preferred_date must be a date in the form YYYY-MM-DD")
      }
      if (isPreferredDateInPast(date, new Date(input.now))) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "preferred_date must not be in the past")
      }
    }
    if (input.invoice_id) {
      const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
      const [invoice] = await invoicing.listInvoices(
        { id: input.invoice_id, customer_id: input.customer_id, status: [...VISIBLE_INVOICE_STATUSES] },
        { select: ["id"], take: 1 }
      )
      if (!invoice) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `invoice_id: invoice ${input.invoice_id} was not found`)
      }
    }
    return new StepResponse(true)
  }
)
