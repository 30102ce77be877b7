import { PORTAL_TABS, PORTAL_TAB_LABELS, type PortalTab } from "../../../src/domain/portal-settings"

export { PORTAL_TABS, type PortalTab }

/** Where each tab of the portal settings lives, under the portal's base path. */
export const TAB_PATHS: Record<PortalTab, string> = {
  home: "/",
  payments: "/pay",
  invoices: "/invoices",
  history: "/history",
  service_notes: "/service-notes",
  service_requests: "/service-requests",
  payment_methods: "/payment-methods",
}

export const tabLabel = (tab: PortalTab) => PORTAL_TAB_LABELS[tab]

export function enabledTabs(tabs: Record<PortalTab, boolean> | undefined): PortalTab[] {
  return PORTAL_TABS.filter((tab) => tabs?.[tab])
}
