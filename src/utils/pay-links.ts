import type { MedusaContainer } from "@medusajs/framework/types"
import { payLinkUrl } from "../domain/pay-links"
import type { PortalSettings } from "../domain/portal-settings"
import { getBillingOptions, type BillingPortalOptions } from "./options"
import { loadPortalSettings } from "./portal-settings"

type Resolver = { resolve: MedusaContainer["resolve"] }

/**
 * Where the plugin serves its own portal (DESIGN sec. 13, option
 * `hostedPortal.path`, default `/billing`), or null when it serves none
 * (`hostedPortal: false`: the storefront hosts the pages).
 */
export function hostedPortalPath(options: { hostedPortal?: { path?: string } | false }): string | null {
  if (options.hostedPortal === false) return null
  const path = options.hostedPortal?.path
  return typeof path === "string" && path.trim() ? path.trim() : "/billing"
}

/** The pay page of a link: `<portalUrl origin><hostedPortal.path>/pay#token=…` (the one place that builds it). */
export function payLinkPageUrl(options: BillingPortalOptions & { hostedPortal?: { path?: string } | false }, token: string) {
  return payLinkUrl(options.portalUrl, hostedPortalPath(options), token)
}

/** Pay links work only while both the plugin option and the portal setting allow them. */
export function payLinksOn(options: BillingPortalOptions, settings: PortalSettings): boolean {
  return options.payLinks.enabled && settings.pay_links_allowed !== false
}

/** The same, reading the options and (unless given) the settings. */
export async function payLinksEnabled(container: Resolver, settings?: PortalSettings): Promise<boolean> {
  const options = getBillingOptions(container as MedusaContainer)
  if (!options.payLinks.enabled) return false
  return payLinksOn(options, settings ?? (await loadPortalSettings(container)))
}
