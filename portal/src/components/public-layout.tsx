import { useLayoutEffect, type ReactNode } from "react"
import { ScrollRestoration } from "react-router-dom"
import { config } from "../config"
import { applyTheme } from "../lib/theme"
import { Footer, HeaderImage } from "./app-shell"

/** Pages for visitors who are not signed in: the business's header and a narrow column. */
export function PublicLayout({ children }: { children: ReactNode }) {
  useLayoutEffect(() => {
    applyTheme(config.theme)
  }, [])
  return (
    <div className="bg-portal-background flex min-h-screen flex-col">
      <header>
        <HeaderImage url={config.theme.header_image_url} />
        <div className="bg-portal-primary text-portal-on-primary">
          <p className="txt-xlarge-plus mx-auto max-w-5xl truncate px-4 py-3">{config.business_name || "Billing portal"}</p>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-md flex-1 px-4 py-8 outline-none sm:py-12">
        {children}
      </main>
      <ScrollRestoration />
      <Footer supportEmail={config.support_email} narrow />
    </div>
  )
}
