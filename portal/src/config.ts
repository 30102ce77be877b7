/**
 * What the server injects into index.html for this portal (see
 * src/api/hosted-portal): a JSON data block, never executed, so the page's
 * Content-Security-Policy needs no inline script.
 */
export type PortalTheme = {
  primary_color: string
  background_color: string
  header_image_url: string | null
}

export type PortalConfig = {
  /** where the portal is served, e.g. "/billing" (no trailing slash) */
  base_path: string
  /** "/" for the server that served the page */
  backend_url: string
  publishable_key: string
  business_name: string | null
  support_email: string | null
  theme: PortalTheme
  /** set only when Stripe is the provider of a method (the Payment Element loads then, and only then) */
  stripe_publishable_key?: string
  /** the methods Stripe serves; the others use the sandbox's test fields */
  stripe_method_types?: ("card" | "us_bank_account")[]
}

export const CONFIG_ELEMENT_ID = "billing-portal-config"

export const DEFAULT_THEME: PortalTheme = { primary_color: "#2563eb", background_color: "#ffffff", header_image_url: null }

function readConfig(): PortalConfig | null {
  const element = document.getElementById(CONFIG_ELEMENT_ID)
  if (element?.textContent) {
    return JSON.parse(element.textContent) as PortalConfig
  }
  if (import.meta.env.DEV) {
    // `npm run portal:dev`: Vite serves index.html without the server's injection.
    return {
      base_path: "/",
      backend_url: "/",
      publishable_key: import.meta.env.VITE_PUBLISHABLE_KEY ?? "",
      business_name: "Billing portal (dev)",
      support_email: null,
      theme: DEFAULT_THEME,
    }
  }
  return null
}

const injected = readConfig()

/**
 * False when the page was opened without the server's injection (a copy of
 * portal-dist/index.html opened directly): the app then only says so.
 */
export const isConfigured = injected !== null

export const config: PortalConfig = injected ?? {
  base_path: "/",
  backend_url: "/",
  publishable_key: "",
  business_name: null,
  support_email: null,
  theme: DEFAULT_THEME,
}

/**
 * Whether a method is paid and saved through Stripe's Payment Element (the
 * server injected a publishable key and names the method as Stripe's).
 */
export function usesStripe(type: "card" | "us_bank_account"): boolean {
  return Boolean(config.stripe_publishable_key) && (config.stripe_method_types ?? []).includes(type)
}
