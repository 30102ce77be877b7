import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import {
  checkPayLinkRequest,
  PAY_LINK_NOT_FOUND,
  PayLinkRequestError,
  payLinkStatus,
  type PayLinkInvoice,
  type PayLinkRequest,
  type PayLinkState,
  type PayLinkStatus,
} from "../../domain/pay-links"
import type { PortalSettings } from "../../domain/portal-settings"
import type { InvoiceStatus } from "../../domain/invoice-status"
import { INVOICING_MODULE } from "../../modules/invoicing"
import type InvoicingModuleService from "../../modules/invoicing/service"
import { PORTAL_MODULE } from "../../modules/portal"
import type PortalModuleService from "../../modules/portal/service"
import type { PayLinkRow } from "../../modules/portal/service"
import { minorFromField } from "../../utils/money"
import { getBillingOptions } from "../../utils/options"
import { payLinksOn } from "../../utils/pay-links"
import { loadPortalSettings } from "../../utils/portal-settings"

type Resolver = { resolve: MedusaContainer["resolve"] }

/** One of a link's invoices, amounts in minor units. */
export type LinkInvoice = PayLinkInvoice & {
  display_id: number
  issued_at: Date | null
  due_at: Date | null
  total: bigint
  amount_paid: bigint
  amount_pending: bigint
}

export type LoadedPayLink = {
  link: PayLinkRow
  /** the link's invoices that are its customer's (drafts never), in the link's order */
  invoices: LinkInvoice[]
  status: PayLinkStatus
  settings: PortalSettings
}

/** The one 404 for every link that cannot be used: unknown, revoked, expired, settled, or links off. */
export const payLinkNotFound = () => new MedusaError(MedusaError.Types.NOT_FOUND, PAY_LINK_NOT_FOUND)

/**
 * The link a token's hash names, with its invoices and state, or null when
 * pay links are off (option or setting) or no link has that hash. Reads
 * only: a GET through here changes nothing (mail scanners open links).
 */
export async function loadPayLink(container: Resolver, tokenHash: string, now: Date): Promise<LoadedPayLink | null> {
  const options = getBillingOptions(container as MedusaContainer)
  if (!options.payLinks.enabled) return null
  const settings = await loadPortalSettings(container)
  if (!payLinksOn(options, settings)) return null
  const link = await findLivePayLink(container, tokenHash)
  if (!link) return null
  const invoices = await loadLinkInvoices(container, link)
  return { link, invoices, status: payLinkStatus(link, invoices, now), settings }
}

/**
 * The link a token's hash names, whatever its state, while its customer
 * still exists: a deleted customer's links answer like unknown ones (their
 * logins are refused the same way), so nothing more is paid or read through
 * them.
 */
export async function findLivePayLink(container: Resolver, tokenHash: string): Promise<PayLinkRow | null> {
  const link = await container.resolve<PortalModuleService>(PORTAL_MODULE).findPayLinkByTokenHash(tokenHash)
  if (!link) return null
  const [customer] = await container
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: link.customer_id }, { select: ["id"], take: 1 })
  return customer ? link : null
}

/** A usable link, or the 404. */
export async function loadUsablePayLink(container: Resolver, tokenHash: string, now: Date): Promise<LoadedPayLink> {
  const loaded = await loadPayLink(container, tokenHash, now)
  if (!loaded || loaded.status !== "usable") throw payLinkNotFound()
  return loaded
}

/** The link's invoices, read by id and the link's customer together (never another customer's). */
export async function loadLinkInvoices(
  container: Resolver,
  link: { customer_id: string; invoice_ids: readonly string[] }
): Promise<LinkInvoice[]> {
  if (!link.invoice_ids.length) return []
  const invoicing = container.resolve<InvoicingModuleService>(INVOICING_MODULE)
  const rows = await invoicing.listInvoices(
    { id: [...link.invoice_ids], customer_id: link.customer_id },
    { take: link.invoice_ids.length }
  )
  const byId = new Map(rows.map((row: any) => [row.id, row]))
  const out: LinkInvoice[] = []
  for (const id of link.invoice_ids) {
    const row: any = byId.get(id)
    if (!row || row.status === "draft") continue
    const c = row.currency_code
    const money = (field: string) => minorFromField(row, field, c)
    out.push({
      id: row.id,
      customer_id: row.customer_id,
      currency_code: c,
      status: row.status as InvoiceStatus,
      display_id: Number(row.display_id),
      issued_at: row.issued_at ? new Date(row.issued_at) : null,
      due_at: row.due_at ? new Date(row.due_at) : null,
      total: money("total"),
      amount_paid: money("amount_paid"),
      amount_pending: money("amount_pending"),
      amount_due: money("amount_due"),
    })
  }
  return out
}

/** `checkPayLinkRequest` with its refusal as the 400 it is. */
export function assertPayLinkRequest(link: PayLinkState, request: PayLinkRequest): void {
  try {
    checkPayLinkRequest(link, request)
  } catch (e) {
    if (e instanceof PayLinkRequestError) throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
    throw e
  }
}
