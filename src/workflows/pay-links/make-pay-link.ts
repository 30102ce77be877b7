import type { MedusaContainer } from "@medusajs/framework/types"
import { payLinkExpiresAt } from "../../domain/pay-links"
import { PORTAL_MODULE } from "../../modules/portal"
import type PortalModuleService from "../../modules/portal/service"
import type { CreatedPayLink, NewPayLink, PayLinkCreationUndo } from "../../modules/portal/service"
import { getBillingOptions } from "../../utils/options"
import { payLinkPageUrl } from "../../utils/pay-links"

type Resolver = { resolve: MedusaContainer["resolve"] }

export type PayLinkSummary = { id: string; expires_at: Date; invoice_ids: string[] }

export type MadePayLink = {
  /** the pay page with the token in its fragment: goes into the email, nowhere else */
  payment_url: string
  pay_link: PayLinkSummary
  /** what the step's compensation needs to take it back */
  undo: PayLinkCreationUndo
}

/**
 * Makes a pay link for some invoices of one customer in one currency
 * (expiry from the `payLinks` option and their due dates; older links for
 * them revoked) and answers its page URL.
 *
 * Only for use inside a workflow step that also sends the email: the URL
 * holds the plaintext token, which must never reach a step's output
 * (workflow storage may persist it), the database, or a log.
 */
export async function makePayLink(
  container: Resolver,
  target: PayLinkTarget,
  now: Date
): Promise<MadePayLink> {
  const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
  return madePayLink(container, await portal.createPayLink(newPayLink(container, target, now), now), now)
}

/**
 * `makePayLink` in place of the link `replacedId` ("email me a new link"):
 * null, and nothing made, when that link was replaced meanwhile (a
 * concurrent request for it got there first), so one expired link yields one
 * new one and one email. The same rules for the URL as `makePayLink`.
 */
export async function makeReplacementPayLink(
  container: Resolver,
  replacedId: string,
  target: PayLinkTarget,
  now: Date
): Promise<MadePayLink | null> {
  const portal = container.resolve<PortalModuleService>(PORTAL_MODULE)
  const created = await portal.replacePayLink(replacedId, newPayLink(container, target, now), now)
  return created ? madePayLink(container, created, now) : null
}

type PayLinkTarget = { customer_id: string; currency_code: string; invoices: { id: string; due_at: Date | string | null }[] }

function newPayLink(container: Resolver, target: PayLinkTarget, now: Date): NewPayLink {
  const options = getBillingOptions(container as MedusaContainer)
  return {
    customer_id: target.customer_id,
    currency_code: target.currency_code,
    invoice_ids: target.invoices.map((i) => i.id),
    expires_at: payLinkExpiresAt(
      target.invoices.map((i) => (i.due_at ? new Date(i.due_at) : null)),
      now,
      options.payLinks,
      options.timeZone
    ),
  }
}

function madePayLink(container: Resolver, { pay_link, token, revoked_ids }: CreatedPayLink, now: Date): MadePayLink {
  return {
    payment_url: payLinkPageUrl(getBillingOptions(container as MedusaContainer), token),
    pay_link: { id: pay_link.id, expires_at: pay_link.expires_at, invoice_ids: pay_link.invoice_ids },
    undo: { created_id: pay_link.id, revoked_ids, revoked_at: now },
  }
}

/** What an answer may show of a link (never its token or hash); null when it is gone. */
export async function findPayLinkSummary(container: Resolver, id: string): Promise<PayLinkSummary | null> {
  const [row] = await container
    .resolve<PortalModuleService>(PORTAL_MODULE)
    .listPayLinks({ id }, { select: ["id", "expires_at", "invoice_ids"], take: 1 })
  if (!row) return null
  return { id: row.id, expires_at: new Date(row.expires_at), invoice_ids: (row.invoice_ids as unknown as string[]) ?? [] }
}

/** Takes a link back (the email that was to carry it did not go). */
export async function undoPayLink(container: Resolver, undo: PayLinkCreationUndo | null | undefined): Promise<void> {
  if (!undo) return
  await container.resolve<PortalModuleService>(PORTAL_MODULE).undoCreatePayLink(undo)
}
