import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { payLinkResendDecision } from "../../../domain/pay-links"
import { PORTAL_MODULE } from "../../../modules/portal"
import type PortalModuleService from "../../../modules/portal/service"
import { loadPayLink } from "../load-pay-link"

export type PreparePayLinkResendStepInput = { token_hash: string }

export type PreparePayLinkResendStepOutput =
  | { send: true; customer_id: string; currency_code: string; invoice_ids: string[]; to: string; replaces: string }
  | { send: false; reason: "unknown" | "usable" | "settled" | "replaced" | "too_soon" | "no_email" }

export const preparePayLinkResendStepId = "prepare-pay-link-resend"

/**
 * "Email me a new link": whether to mail one, for which invoices, and to
 * which address — the customer's email on file, never one from the request.
 * Only for a real link (pay links on) that expired or was replaced and still
 * has invoices to pay, and not again within the cool-down after the newest
 * link for those invoices (`payLinkResendDecision`). Writes nothing; the
 * caller answers the same whatever this decides.
 */
export const preparePayLinkResendStep = createStep(
  preparePayLinkResendStepId,
  async (input: PreparePayLinkResendStepInput, { container }) => {
    const skip = (reason: Extract<PreparePayLinkResendStepOutput, { send: false }>["reason"]) =>
      new StepResponse<PreparePayLinkResendStepOutput>({ send: false, reason })
    const now = new Date()
    const loaded = await loadPayLink(container, input.token_hash, now)
    if (!loaded) return skip("unknown")
    const { link, invoices } = loaded
    const newest = await container
      .resolve<PortalModuleService>(PORTAL_MODULE)
      .newestPayLinkCreatedAt(link.customer_id, link.invoice_ids)
    const decision = payLinkResendDecision(link, invoices, newest, now)
    if (!decision.send) return skip(decision.reason)
    const [customer] = await container
      .resolve(Modules.CUSTOMER)
      .listCustomers({ id: link.customer_id }, { select: ["id", "email"], take: 1 })
    if (!customer?.email) return skip("no_email")
    return new StepResponse<PreparePayLinkResendStepOutput>({
      send: true,
      customer_id: link.customer_id,
      currency_code: link.currency_code,
      invoice_ids: decision.invoice_ids,
      to: customer.email,
      replaces: link.id,
    })
  }
)
