import { Button, clx } from "@medusajs/ui"
import { useDeferredValue, useEffect, useLayoutEffect, useRef } from "react"
import { Link, NavLink, Outlet, ScrollRestoration, useLocation } from "react-router-dom"
import { useAccount } from "../api/account"
import { customerName, useCustomer } from "../api/customer"
import { useSignOut } from "../api/session"
import { config } from "../config"
import { navItems } from "../lib/tabs"
import { applyTheme } from "../lib/theme"
import { ACCOUNT_LOADING_LABEL, pageIntroFor } from "../../../src/api/hosted-portal/first-frame"
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
  // When the account arrives the shell (tabs, name) renders at once and the
  // page below it in a second, interruptible pass: a page is the larger part
  // of the work, and rendered together they made one long task on a phone.
  const pageReady = useDeferredValue(!account.isPending)

  useLayoutEffect(() => {
    applyTheme(theme)
  }, [theme.primary_color, theme.background_color])

  return (
    <div className="bg-portal-background flex min-h-screen flex-col">
      <a
        href="#main"
        // the page has a <base href> (the portal's path), so "#main" alone would load another address
        onClick={(event) => {
          event.preventDefault()
          document.getElementById("main")?.focus()
        }}
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
        {settings ? <PortalNav settings={settings} /> : account.isPending ? <PortalNavPlaceholder /> : null}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 outline-none sm:py-8">
        {account.isPending || !pageReady ? (
          <PendingPage label={ACCOUNT_LOADING_LABEL} />
        ) : account.isError ? (
          <ErrorState error={account.error} title="Your account could not be loaded" onRetry={() => account.refetch()} />
        ) : (
          <Outlet />
        )}
      </main>
      <ScrollRestoration />
      <Footer supportEmail={settings?.support_email ?? config.support_email} />
    </div>
  )
}

/**
 * A page that is still loading (its account, its code): its heading, when
 * it does not depend on the customer's data, above the spinner. While the
 * account loads this is the frame the server painted before the scripts ran
 * (src/api/hosted-portal/first-frame.ts), so nothing moves when React takes over.
 */
export function PendingPage({ label }: { label?: string }) {
  const { pathname } = useLocation()
  const intro = pageIntroFor(pathname)
  return (
    <>
      {intro && (
        <div className="mb-6 flex flex-col gap-y-1">
          <h1 tabIndex={-1} className="h1-docs text-portal-on-background outline-none">
            {intro.title}
          </h1>
          <p className="txt-medium text-portal-on-background-subtle">{intro.description}</p>
        </div>
      )}
      <LoadingState label={label} />
    </>
  )
}

export function HeaderImage({ url }: { url: string | null | undefined }) {
  if (!url) return null
  // decorative: the business name is right below it as text
  return <img src={url} alt="" className="h-28 w-full object-cover sm:h-40" />
}

const TAB_CLASS = "txt-compact-small-plus -mb-px inline-flex items-center border-b-2 px-3 py-3"

function PortalNav({ settings }: { settings: Parameters<typeof navItems>[0] }) {
  const visible = navItems(settings)
  const list = useRef<HTMLUListElement>(null)
  const { pathname } = useLocation()
  // On a narrow screen the tabs scroll sideways: keep the current one in view.
  // (The list's own scroll, not scrollIntoView, which would also move where
  // the next Tab key press starts from.)
  useEffect(() => {
    const ul = list.current
    const current = ul?.querySelector<HTMLElement>('[aria-current="page"]')
    if (!ul || !current) return
    const start = current.offsetLeft - ul.offsetLeft
    if (start < ul.scrollLeft || start + current.offsetWidth > ul.scrollLeft + ul.clientWidth) {
      ul.scrollLeft = Math.max(0, start - 16)
    }
  }, [pathname])
  if (visible.length === 0) return null
  return (
    <nav aria-label="Portal sections" className="bg-ui-bg-base border-ui-border-base border-b">
      <ul
        ref={list}
        className={clx(
          "mx-auto flex max-w-5xl gap-x-1 overflow-x-auto px-2 sm:px-4",
          // tabs that run off a narrow screen fade out, so it reads as "scroll for more", not as cut text
          "pr-8 [mask-image:linear-gradient(to_right,#000_calc(100%-2.5rem),transparent)] sm:pr-4 sm:[mask-image:none]"
        )}
      >
        {visible.map((item) => (
          <li key={item.key} className="shrink-0">
            <NavLink
              to={item.path}
              end={item.end}
              className={({ isActive }) =>
                clx(
                  TAB_CLASS,
                  "outline-none",
                  "focus-visible:bg-ui-bg-base-hover focus-visible:shadow-borders-focus rounded-t-md",
                  isActive
                    ? "border-portal-primary text-ui-fg-base"
                    : "text-ui-fg-subtle hover:text-ui-fg-base border-transparent"
                )
              }
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/**
 * The tabs' row, empty, while the account (and with it which tabs are on)
 * loads: the same height as the tabs, so the page below does not jump down
 * when they appear.
 */
function PortalNavPlaceholder() {
  return (
    <div aria-hidden="true" className="bg-ui-bg-base border-ui-border-base border-b">
      <div className="mx-auto flex max-w-5xl px-2 sm:px-4">
        <span className={clx(TAB_CLASS, "invisible border-transparent")}>Home</span>
      </div>
    </div>
  )
}

/** The business's support address under every page (signed in or not), when it has one. */
export function Footer({ supportEmail, narrow = false }: { supportEmail: string | null | undefined; narrow?: boolean }) {
  if (!supportEmail) return null
  return (
    <footer className={clx("mx-auto w-full px-4 pb-8", narrow ? "max-w-md" : "max-w-5xl")}>
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
