/**
 * The hosted portal's HTML, built on the server (DESIGN sec. 11, 13): the
 * configuration injected into the built index.html, the Content-Security-
 * Policy and the other headers it is served with, and the page shown when
 * the portal cannot be served. Pure functions; serve-portal.ts does the I/O.
 */

import { escapeHtml, renderFirstFrame, themeVariables } from "./first-frame"

/** Where the built index.html takes the server's injection; the build keeps this comment. */
export const HEAD_MARKER = "<!--billing-portal:head-->"
export const CONFIG_ELEMENT_ID = "billing-portal-config"

export type PortalTheme = { primary_color: string; background_color: string; header_image_url: string | null }

/** What the portal reads from the page (portal/src/config.ts has the same shape). */
export type InjectedPortalConfig = {
  base_path: string
  /** "/": the API is on the server that served the page */
  backend_url: string
  publishable_key: string
  business_name: string | null
  support_email: string | null
  theme: PortalTheme
  /**
   * Present only when Stripe is the provider of at least one method and
   * `stripe.publishableKey` is set: the portal then loads Stripe.js for those
   * methods (and only then; the sandbox demo never contacts Stripe).
   */
  stripe_publishable_key?: string
  /** the methods whose provider is Stripe (Payment Element); the others use the sandbox's fields */
  stripe_method_types?: ("card" | "us_bank_account")[]
}

const HEX_COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i

/** Hosts the home text may embed videos from (the same list the settings sanitiser keeps). */
export const VIDEO_EMBED_ORIGINS = ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]

/**
 * What Stripe documents for Stripe.js and its Elements: the script (and its
 * sub-domains), its iframes (the Payment Element, 3-D Secure through
 * hooks.stripe.com) and its API. Allowed only when the portal uses Stripe.
 */
export const STRIPE_CSP = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
} as const

/** A Stripe publishable key as Stripe issues them; anything else is not injected. */
const STRIPE_PUBLISHABLE_KEY = /^pk_(test|live)_[A-Za-z0-9]+$/

export function isStripePublishableKey(value: unknown): value is string {
  return typeof value === "string" && STRIPE_PUBLISHABLE_KEY.test(value)
}

/**
 * No inline script at all (the configuration is a JSON data block, which is
 * never executed), no framing, nothing loaded from elsewhere except images
 * over https (the header image and the home text's images) and the video
 * embeds. Styles may be inline: @medusajs/ui's components and the sanitised
 * home text set style attributes. With `{ stripe: true }` (the portal pays
 * through Stripe's Payment Element) Stripe.js, its frames and its API are
 * allowed too; without it the page cannot reach Stripe at all. `framedBySelf`:
 * the sample portal, which the admin (same origin) shows in an iframe; every
 * other page stays unframable.
 */
export function contentSecurityPolicy({ stripe = false, framedBySelf = false }: { stripe?: boolean; framedBySelf?: boolean } = {}): string {
  const extra = (list: readonly string[]) => (stripe ? ` ${list.join(" ")}` : "")
  return [
    "default-src 'self'",
    `script-src 'self'${extra(STRIPE_CSP.script)}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: data:",
    "font-src 'self' data:",
    `connect-src 'self'${extra(STRIPE_CSP.connect)}`,
    `frame-src ${VIDEO_EMBED_ORIGINS.join(" ")}${extra(STRIPE_CSP.frame)}`,
    framedBySelf ? "frame-ancestors 'self'" : "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ")
}

/** Headers of every HTML answer at the portal's path (options: see contentSecurityPolicy). */
export function pageHeaders(options: { stripe?: boolean; framedBySelf?: boolean } = {}): Record<string, string> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-cache",
    "Content-Security-Policy": contentSecurityPolicy(options),
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": options.framedBySelf ? "SAMEORIGIN" : "DENY",
    "X-Content-Type-Options": "nosniff",
  }
}


/**
 * JSON that can sit inside a <script> element whatever the strings hold:
 * `<`, `>` and `&` become \\u escapes (so no `</script>` or `<!--` can close
 * or change the element), and so do the two line separators JavaScript once
 * treated as line ends. JSON.parse reads it back unchanged.
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
}

/** A theme colour as given when it is a hex colour, else the fallback (it also lands in a <style>). */
export function safeColor(value: string | null | undefined, fallback: string): string {
  return value && HEX_COLOR.test(value) ? value : fallback
}

/**
 * The built index.html with the configuration injected: a <base> for the
 * path the portal is served at (its asset URLs are relative), the JSON
 * configuration, the theme's colours for the first paint, and the business
 * name as the title; with `firstFramePath` (a signed-in page's path below
 * the mount) the portal's first frame in #root (first-frame.ts). Throws when
 * the HTML has no marker (not a portal build).
 */
export function renderIndexHtml(
  template: string,
  config: InjectedPortalConfig,
  preloads: readonly string[] = [],
  { firstFramePath }: { firstFramePath?: string | null } = {}
): string {
  if (!template.includes(HEAD_MARKER)) {
    throw new Error(`The portal's index.html has no ${HEAD_MARKER} marker: it is not a build of portal/ (npm run build).`)
  }
  const background = safeColor(config.theme.background_color, "#ffffff")
  // the theme's colours as the portal sets them (lib/theme.ts), so the first frame paints in them
  const variables = themeVariables({
    primary_color: safeColor(config.theme.primary_color, "#2563eb"),
    background_color: background,
  })
    .map(([name, value]) => `${name}:${value}`)
    .join(";")
  const head = [
    `<base href="${escapeHtml(`${config.base_path.replace(/\/+$/, "")}/`)}" />`,
    `<script type="application/json" id="${CONFIG_ELEMENT_ID}">${jsonForScriptElement(config)}</script>`,
    `<style>html{background-color:${background}}:root{${variables}}</style>`,
  ].join("\n    ")
  // the page's own script chunks, fetched beside the entry script instead of after it has run;
  // at the end of <head>, so the entry script and the stylesheet are asked for first
  const preloadLinks = preloads
    .filter((file) => SAFE_ASSET.test(file))
    .map((file) => `<link rel="modulepreload" crossorigin href="./${file}" />\n  `)
    .join("")
  const title = escapeHtml(config.business_name ? `${config.business_name} · Billing` : "Billing portal")
  // a signed-in page: the frame the portal shows while the account loads, painted before any script runs
  const frame =
    firstFramePath === null || firstFramePath === undefined
      ? ""
      : renderFirstFrame({
          basePath: config.base_path,
          relativePath: firstFramePath,
          businessName: config.business_name,
          supportEmail: config.support_email,
          headerImageUrl: config.theme.header_image_url,
        })
  return template
    .replace(HEAD_MARKER, () => head)
    .replace('<div id="root"></div>', () => `<div id="root">${frame}</div>`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`)
    .replace("</head>", () => `${preloadLinks}</head>`)
}

/** An asset path as the build writes them (`assets/home-Ab12_x.js`); anything else is not linked. */
const SAFE_ASSET = /^assets\/[\w.-]+\.js$/

/**
 * The portal's page module (the file name under portal/src/routes, as the
 * build's route-preloads.json keys it) that renders a path below the
 * portal's mount (`""`, `invoices/inv_1`), or null. Pages are named after
 * their paths; the exceptions are Home (the mount itself), an invoice's and
 * a payment's own page, the pay link and the sample portal's sub-pages.
 */
export function routeModuleFor(relativePath: string): string | null {
  const segments = relativePath.split("/").filter(Boolean)
  if (segments.length === 0) return "home"
  const [first, second] = segments
  if (first === "sample") return "sample"
  if (segments.length === 2 && first === "invoices") return "invoice-detail"
  if (segments.length === 2 && first === "payments") return "payment-receipt"
  if (segments.length > 1) return null
  if (first === "pay") return "pay-link"
  if (second === undefined && /^[a-z][a-z-]*$/.test(first)) return first
  return null
}

/**
 * The page modules of the signed-in portal (under its AppShell): their
 * index.html carries the first frame (first-frame.ts). The public pages
 * (sign in, activation, pay links, the sample portal) have their own layout.
 */
const SIGNED_IN_PAGES = new Set([
  "home",
  "make-payment",
  "payment-receipt",
  "invoices",
  "invoice-detail",
  "history",
  "payment-methods",
  "service-notes",
  "service-requests",
  "autopay",
  "documents",
])

export function isSignedInPage(page: string | null): boolean {
  return page !== null && SIGNED_IN_PAGES.has(page)
}

/** The page answered with 503 when the portal cannot be served (not built, no key); says what to do. */
export function unavailablePage(title: string, explanation: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
  </head>
  <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
    <h1 style="font-size: 1.5rem">${escapeHtml(title)}</h1>
    <p>${escapeHtml(explanation)}</p>
  </body>
</html>
`
}

const MEDUSA_PREFIXES = ["/admin", "/store", "/auth", "/hooks", "/health"]

/**
 * `hostedPortal.path` as mounted: one or more plain segments, no trailing
 * slash, not on top of Medusa's own routes or its admin dashboard. Returns
 * an error in words otherwise.
 */
export function normalizePortalPath(path: unknown, adminPath = "/app"): { path: string } | { error: string } {
  if (typeof path !== "string" || !path.startsWith("/")) {
    return { error: `hostedPortal.path must be a path starting with "/", e.g. "/billing" (got ${JSON.stringify(path)})` }
  }
  const trimmed = path.replace(/\/+$/, "")
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed) || trimmed.split("/").some((s) => s === "." || s === "..")) {
    return { error: `hostedPortal.path must be plain path segments (letters, digits, "-", "_", "."), e.g. "/billing" (got ${JSON.stringify(path)})` }
  }
  const admin = adminPath.replace(/\/+$/, "")
  const clash = [...MEDUSA_PREFIXES, ...(admin ? [admin] : [])].find((p) => trimmed === p || trimmed.startsWith(`${p}/`))
  if (clash) {
    return { error: `hostedPortal.path cannot be under ${clash}, which Medusa serves itself (got ${JSON.stringify(path)})` }
  }
  return { path: trimmed }
}
