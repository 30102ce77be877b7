import { createHash, randomUUID } from "crypto"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { formatDisplayId } from "../../../domain/invoice-status"
import { INVOICE_EMAIL_TEMPLATE, loadInvoiceForEmail } from "../invoice-email"

export type ValidateInvoiceSendStepInput = {
  invoice_id: string
  /** another address than the customer's (validated by the route) */
  to?: string | null
  /** the request's Idempotency-Key, if any */
  idempotency_key?: string | null
}

export type ValidateInvoiceSendStepOutput = {
  invoice_id: string
  to: string
  /** the notification's idempotency key: one email per request key, a new one per call without */
  notification_key: string
  /** the invoice as read, for the answer (step outputs are JSON) */
  invoice: Record<string, any>
}

export const validateInvoiceSendStepId = "validate-invoice-send"

export const INVOICE_SEND_KEY_CONFLICT_MESSAGE = "Idempotency-Key was already used with a different request body"

/**
 * The notification key of a send: the request's Idempotency-Key, hashed (it
 * is client text) and scoped to the invoice, so a retried click sends once.
 */
export const invoiceSendNotificationKey = (invoiceId: string, requestKey: string | null | undefined) =>
  `${INVOICE_EMAIL_TEMPLATE}:send:${invoiceId}:${
    requestKey ? createHash("sha256").update(requestKey).digest("hex").slice(0, 40) : randomUUID()
  }`

/**
 * Checks an admin's "send this invoice" before anything goes out: the invoice
 * exists (404), is issued — neither a draft nor void — and there is an
 * address to send it to. A request key used before with another address is
 * a conflict, not a silent resend to the first one.
 */
export const validateInvoiceSendStep = createStep(
  validateInvoiceSendStepId,
  async (input: ValidateInvoiceSendStepInput, { container }) => {
    const { invoice, customer } = await loadInvoiceForEmail(container, input.invoice_id)
    const number = formatDisplayId(invoice.display_id)
    if (invoice.status === "draft") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Issue the invoice before sending it: ${number} is a draft`)
    }
    if (invoice.status === "void") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Invoice ${number} is void; a void invoice cannot be sent`)
    }
    const to = input.to ?? customer?.email ?? null
    if (!to) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The customer of invoice ${number} has no email address: add one to the customer, or give "to"`
      )
    }
    const notificationKey = invoiceSendNotificationKey(invoice.id, input.idempotency_key)
    if (input.idempotency_key) {
      const notifications = container.resolve(Modules.NOTIFICATION)
      const [earlier] = await notifications.listNotifications({ idempotency_key: notificationKey } as any, { take: 1 })
      if (earlier && earlier.to !== to) {
        throw new MedusaError(MedusaError.Types.CONFLICT, INVOICE_SEND_KEY_CONFLICT_MESSAGE)
      }
    }
    const output: ValidateInvoiceSendStepOutput = {
      invoice_id: invoice.id,
      to,
      notification_key: notificationKey,
      invoice: invoice as unknown as Record<string, any>,
    }
    return new StepResponse(output)
  }
)
