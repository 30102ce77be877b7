import { Suspense, type ReactNode } from "react"
import { Navigate, Outlet, useLocation } from "react-router-dom"
import { useAccount } from "../api/account"
import type { PublicPortalSettings } from "../api/types"
import { useSessionToken, useSignOutNotice } from "../api/session"
import { PendingPage } from "../components/app-shell"
import { LoadingState } from "../components/page-state"
import { enabledTabs, TAB_PATHS, type PortalTab } from "../lib/tabs"
import { NotAvailablePage } from "./not-available"

/**
 * Signed-in pages: without a token, to the sign-in page, and back here
 * after signing in; not after signing out (whoever signs in next starts at
 * the start page).
 */
export function RequireSignIn() {
  const token = useSessionToken()
  const notice = useSignOutNotice()
  const location = useLocation()
  if (token.isPending) return <LoadingState />
  if (!token.data) {
    return <Navigate to="/sign-in" replace state={notice.data === "signed_out" ? undefined : { from: location }} />
  }
  return <Outlet />
}

/** A tab's page when the business has the tab on; otherwise "not available". */
export function TabRoute({ tab, children }: { tab: PortalTab; children: ReactNode }) {
  const { data: account } = useAccount()
  if (!account?.settings.tabs[tab]) return <NotAvailablePage tab={tab} />
  return <Suspense fallback={<PendingPage />}>{children}</Suspense>
}

/** The portal's start page: Home, or the first tab that is on when Home is off. */
export function IndexRoute({ home }: { home: ReactNode }) {
  const { data: account } = useAccount()
  const tabs = account?.settings.tabs
  if (tabs?.home) return <Suspense fallback={<LoadingState />}>{home}</Suspense>
  const first = enabledTabs(tabs).find((tab) => tab !== "home")
  if (first) return <Navigate to={TAB_PATHS[first]} replace />
  return <NotAvailablePage />
}

/** A page that is not a tab of its own (Autopay, Documents): shown when the settings allow it. */
export function SettingRoute({
  allowed,
  label,
  children,
}: {
  allowed: (settings: PublicPortalSettings) => boolean
  label: string
  children: ReactNode
}) {
  const { data: account } = useAccount()
  if (!account || !allowed(account.settings)) return <NotAvailablePage label={label} />
  return <Suspense fallback={<PendingPage />}>{children}</Suspense>
}
