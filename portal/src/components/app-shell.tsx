import { Button, clx } from "@medusajs/ui"
import { useLayoutEffect } from "react"
import { Link, NavLink, Outlet } from "react-router-dom"
import { useAccount } from "../api/account"
import { customerName, useCustomer } from "../api/customer"
import { useSignOut } from "../api/session"
import { config } from "../config"
import { enabledTabs, TAB_PATHS, tabLabel } from "../lib/tabs"
import { applyTheme } from "../lib/theme"
import { ErrorState, LoadingState } from "./page-state"

/**
 * The frame of every signed-in page: the business's header (image, name),
 * the tabs the business switched on, who is signed in, and sign out. Pages
 * render only once the account (and with it the portal settings) is loaded.
 */
export function AppShell() {
  const account = useAccount()
  const customer = useCustomer()
  const signOut = useSignOut()
  const settings = account.data?.settings
  const businessName = settings?.business_name ?? config.business_name
  const theme = settings?.theme ?? config.theme
  const name = customerName(customer.data)

  useLayoutEffect(() => {
    applyTheme(theme)
  }, [theme.primary_color, theme.background_color])

  return (
    <div className="bg-portal-background flex min-h-screen flex-col">
      <a
        href="#main"
        className="txt-compact-small-plus bg-ui-bg-base text-ui-fg-base sr-only z-50 rounded-md px-3 py-2 focus:not-sr-only focus:absolute focus:left-2 focus:top-2"
      >
        Skip to content
      </a>
      <header>
        <HeaderImage url={theme.header_image_url} />
        <div className="bg-portal-primary text-portal-on-primary">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
            <Link to="/" className="txt-xlarge-plus min-w-0 truncate rounded-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2">
              {businessName || "Billing portal"}
            </Link>
            <div className="flex min-w-0 items-center gap-x-3">
              {name && (
                <p className="txt-compact-small min-w-0 truncate">
                  <span className="sr-only">Signed in as </span>
                  {name}
                </p>
              )}
              <Button
                variant="secondary"
                size="small"
                type="button"
                isLoading={signOut.isPending}
                onClick={() => signOut.mutate()}
              >
                Sign out
              </Button>
            </div>
          </div>
        </div>
        {settings && <PortalNav tabs={settings.tabs} />}
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:py-8">
        {account.isPending ? (
          <LoadingState label="Loading your account…" />
        ) : account.isError ? (
          <ErrorState error={account.error} title="Your account could not be loaded" onRetry={() => account.refetch()} />
        ) : (
          <Outlet />
        )}
      </main>
      <Footer supportEmail={settings?.support_email ?? config.support_email} />
    </div>
  )
}

export function HeaderImage({ url }: { url: string | null | undefined }) {
  if (!url) return null
  // decorative: the business name is right below it as text
  return <img src={url} alt="" className="h-28 w-full object-cover sm:h-40" />
}

function PortalNav({ tabs }: { tabs: Parameters<typeof enabledTabs>[0] }) {
  const visible = enabledTabs(tabs)
  if (visible.length === 0) return null
  return (
    <nav aria-label="Portal sections" className="bg-ui-bg-base border-ui-border-base border-b">
      <ul className="mx-auto flex max-w-5xl gap-x-1 overflow-x-auto px-2 sm:px-4">
        {visible.map((tab) => (
          <li key={tab} className="shrink-0">
            <NavLink
              to={TAB_PATHS[tab]}
              end={tab === "home"}
              className={({ isActive }) =>
                clx(
                  "txt-compact-small-plus -mb-px inline-flex items-center border-b-2 px-3 py-3 outline-none",
                  "focus-visible:bg-ui-bg-base-hover focus-visible:shadow-borders-focus rounded-t-md",
                  isActive
                    ? "border-portal-primary text-ui-fg-base"
                    : "text-ui-fg-subtle hover:text-ui-fg-base border-transparent"
                )
              }
            >
              {tabLabel(tab)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function Footer({ supportEmail }: { supportEmail: string | null | undefined }) {
  if (!supportEmail) return null
  return (
    <footer className="mx-auto w-full max-w-5xl px-4 pb-8">
      <p className="txt-small text-portal-on-background-subtle">
        Questions about your bill? Email{" "}
        <a className="underline underline-offset-2" href={`mailto:${supportEmail}`}>
          {supportEmail}
        </a>
        .
      </p>
    </footer>
  )
}
