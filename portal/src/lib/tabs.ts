import { PORTAL_TABS, PORTAL_TAB_LABELS, type PortalTab } from "../../../src/domain/portal-settings"

export { PORTAL_TABS, type PortalTab }

/** Where each tab of the portal settings lives, under the portal's base path. */
export const TAB_PATHS: Record<PortalTab, string> = {
  home: "/",
  payments: "/make-payment",
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

/** Public pages (no sign-in), under the portal's base path. */
export const PUBLIC_PATHS = {
  signIn: "/sign-in",
  forgotPassword: "/forgot-password",
  /** `#token=…&email=…` in the fragment */
  resetPassword: "/reset-password",
  /** `#invitation=…` in the fragment */
  activate: "/activate",
  /** a pay link: `#token=…` in the fragment (DESIGN sec. 15) */
  payLink: "/pay",
  /** the admin's "View sample portal" (rendered in an iframe) */
  sample: "/sample",
} as const

/** Signed-in pages that are not tabs of their own. */
export const PAGE_PATHS = {
  /** a payment's confirmation / receipt page: `/payments/:id` */
  payment: (id: string) => `/payments/${encodeURIComponent(id)}`,
  invoice: (id: string) => `/invoices/${encodeURIComponent(id)}`,
  autopay: "/autopay",
  documents: "/documents",
} as const

/**
 * How other pages open Make a payment with a choice made (query string of
 * `/make-payment`): `?invoices=<id>,<id>` selects those invoices (mode
 * "Selected invoices"); `?mode=total_balance|current_charges|fixed_amount`
 * picks an option; `&currency=usd` picks the currency.
 */
export function makePaymentPath(choice: { invoices?: string[]; mode?: string; currency?: string } = {}): string {
  const query = new URLSearchParams()
  if (choice.invoices?.length) query.set("invoices", choice.invoices.join(","))
  if (choice.mode) query.set("mode", choice.mode)
  if (choice.currency) query.set("currency", choice.currency)
  const search = query.toString()
  return `${TAB_PATHS.payments}${search ? `?${search}` : ""}`
}

export type NavItem = { key: string; label: string; path: string; end?: boolean }

/**
 * The navigation: the tabs the business switched on, in the settings'
 * order, plus Autopay (after Payment methods, when autopay is allowed) and
 * Documents (after History, when invoices or history are on).
 */
export function navItems(settings: {
  tabs: Record<PortalTab, boolean>
  autopay: { allowed: boolean }
}): NavItem[] {
  const items: NavItem[] = enabledTabs(settings.tabs).map((tab) => ({
    key: tab,
    label: tabLabel(tab),
    path: TAB_PATHS[tab],
    end: tab === "home",
  }))
  const after = (key: string, item: NavItem) => {
    const at = items.findIndex((i) => i.key === key)
    items.splice(at === -1 ? items.length : at + 1, 0, item)
  }
  if (settings.autopay.allowed) after("payment_methods", { key: "autopay", label: "Autopay", path: PAGE_PATHS.autopay })
  if (settings.tabs.invoices || settings.tabs.history) {
    after(settings.tabs.history ? "history" : "invoices", { key: "documents", label: "Documents", path: PAGE_PATHS.documents })
  }
  return items
}
