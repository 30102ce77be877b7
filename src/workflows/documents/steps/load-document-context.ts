import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { DocumentBusiness, DocumentCustomer } from "../../../documents/types"
import { getBillingOptions } from "../../../utils/options"
import { loadPortalSettings } from "../../../utils/portal-settings"
import { DOCUMENT_CUSTOMER_FIELDS, documentBusiness, documentCustomer } from "../document-data"

export type LoadDocumentContextStepInput = {
  customer_id: string
  /** statements are of a customer, so an unknown one is a 404; invoices and receipts outlive their customer record */
  require_customer?: boolean
  /** when the document is made (ISO); default: now */
  generated_at?: string | null
}

export type DocumentContext = { business: DocumentBusiness; customer: DocumentCustomer; generated_at: string }

export const loadDocumentContextStepId = "load-document-context"

/**
 * Who issues the document (the portal settings' business name and support
 * email, the portal URL of the plugin options), to whom (the customer's name,
 * email, company and phone) and when.
 */
export const loadDocumentContextStep = createStep(
  loadDocumentContextStepId,
  async (input: LoadDocumentContextStepInput, { container }) => {
    const [settings, customers] = await Promise.all([
      loadPortalSettings(container),
      container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ id: input.customer_id }, { select: DOCUMENT_CUSTOMER_FIELDS, take: 1 }),
    ])
    const customer = customers[0]
    if (!customer && input.require_customer) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${input.customer_id} was not found`)
    }
    return new StepResponse<DocumentContext>({
      business: documentBusiness(settings, getBillingOptions(container)),
      customer: documentCustomer(input.customer_id, customer),
      generated_at: new Date(input.generated_at ?? Date.now()).toISOString(),
    })
  }
)
