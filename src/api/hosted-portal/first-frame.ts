/**
 * The signed-in portal's first frame, shared by the server and the portal
 * (portal/src imports this file, as it imports src/domain/money):
 *
 * - the theme's colours (black or white text on the business's colours,
 *   DESIGN sec. 13), which the portal sets as CSS variables and the server
 *   puts in the page's <style>, so the first paint has them;
 * - the pages' headings that do not depend on the customer's data;
 * - `renderFirstFrame`: the HTML of what the portal renders while the
 *   account loads (AppShell: header with the business name, the tabs' empty
 *   row, the page's heading, "Loading your account…", the footer). The
 *   server puts it in index.html's #root, so the browser paints it before
 *   any script has run; React's first render replaces it with the same DOM
 *   (portal/src/components/app-shell.tsx: the classes here are copied from
 *   there and must stay in step with it).
 *
 * Pure functions, no DOM and no Node APIs.
 */

export type ThemeInput = { primary_color?: string | null; background_color?: string | null }

export const DEFAULT_PRIMARY_COLOR = "#2563eb"
export const DEFAULT_BACKGROUND_COLOR = "#ffffff"

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i

/** "#abc" / "#aabbcc" as 0–255 channels; null for anything else. */
export function parseHexColor(value: string | null | undefined): [number, number, number] | null {
  if (!value || !HEX.test(value)) return null
  const hex = value.length === 4 ? [...value.slice(1)].map((c) => c + c).join("") : value.slice(1)
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function relativeLuminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

const WHITE: [number, number, number] = [255, 255, 255]
const BLACK: [number, number, number] = [0, 0, 0]

/** Black or white, whichever reads better on `background` (DESIGN sec. 13). */
export function textColorOn(background: string): "#000000" | "#ffffff" {
  const rgb = parseHexColor(background) ?? WHITE
  return contrastRatio(rgb, WHITE) >= contrastRatio(rgb, BLACK) ? "#ffffff" : "#000000"
}

/** The business's colours, each falling back to the default when it is not a hex colour. */
export function themeColors(theme: ThemeInput | null | undefined) {
  const primary = parseHexColor(theme?.primary_color) ? theme!.primary_color! : DEFAULT_PRIMARY_COLOR
  const background = parseHexColor(theme?.background_color) ? theme!.background_color! : DEFAULT_BACKGROUND_COLOR
  const onBackground = textColorOn(background)
  return {
    primary,
    onPrimary: textColorOn(primary),
    background,
    onBackground,
    onBackgroundSubtle: onBackground === "#ffffff" ? "rgba(255, 255, 255, 0.82)" : "rgba(0, 0, 0, 0.66)",
  }
}

/** The CSS variables the portal's `portal-*` colours read (portal/tailwind.config.cjs), by name. */
export function themeVariables(theme: ThemeInput | null | undefined): [string, string][] {
  const colors = themeColors(theme)
  return [
    ["--portal-primary", colors.primary],
    ["--portal-on-primary", colors.onPrimary],
    ["--portal-background", colors.background],
    ["--portal-on-background", colors.onBackground],
    ["--portal-on-background-subtle", colors.onBackgroundSubtle],
  ]
}

/**
 * The headings of the signed-in pages whose heading does not depend on the
 * customer's data, by the page's path below the portal's mount (which is
 * also its page module's name). The pages render them (PageHeading), and so
 * do the first frame and the pages' loading states.
 */
export const PAGE_INTROS = {
  "make-payment": {
    title: "Make a payment",
    description: "Choose what to pay, how to pay, and check where the money goes before you pay.",
  },
  invoices: {
    title: "Invoices",
    description: "Every invoice on your account: open one to see its lines and payments, or download it.",
  },
  history: {
    title: "History",
    description: "Every charge and payment on your account, with the balance after each.",
  },
  documents: {
    title: "Documents",
    description: "Download your invoices, payment receipts and account statements as PDF files.",
  },
  autopay: {
    title: "Autopay",
    description: "Pay each invoice automatically with a saved card or bank account.",
  },
} as const

export type PageIntro = { title: string; description: string }

/** The heading of the page at a path below the mount ("make-payment", "/make-payment/"), or null. */
export function pageIntroFor(relativePath: string): PageIntro | null {
  const key = relativePath.replace(/^\/+|\/+$/g, "")
  return Object.prototype.hasOwnProperty.call(PAGE_INTROS, key) ? PAGE_INTROS[key as keyof typeof PAGE_INTROS] : null
}

// The classes of AppShell's elements (portal/src/components/app-shell.tsx, page-state.tsx,
// page-heading.tsx and @medusajs/ui's Button variant="secondary" size="small" as it renders).
export const FIRST_FRAME_CLASSES = {
  frame: "bg-portal-background flex min-h-screen flex-col",
  skipLink:
    "txt-compact-small-plus bg-ui-bg-base text-ui-fg-base sr-only z-50 rounded-md px-3 py-2 focus:not-sr-only focus:absolute focus:left-2 focus:top-2",
  headerImage: "h-28 w-full object-cover sm:h-40",
  headerBar: "bg-portal-primary text-portal-on-primary",
  headerRow: "mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3",
  businessName:
    "txt-xlarge-plus min-w-0 truncate rounded-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2",
  headerRight: "flex min-w-0 items-center gap-x-3",
  signOut:
    "transition-fg relative inline-flex w-fit items-center justify-center overflow-hidden rounded-md outline-none disabled:bg-ui-bg-disabled disabled:border-ui-border-base disabled:text-ui-fg-disabled disabled:shadow-buttons-neutral disabled:after:hidden after:transition-fg after:absolute after:inset-0 after:content-[''] shadow-buttons-neutral text-ui-fg-base bg-ui-button-neutral after:button-neutral-gradient hover:bg-ui-button-neutral-hover hover:after:button-neutral-hover-gradient active:bg-ui-button-neutral-pressed active:after:button-neutral-pressed-gradient focus-visible:shadow-buttons-neutral-focus txt-compact-small-plus gap-x-1.5 px-2 py-1",
  navPlaceholder: "bg-ui-bg-base border-ui-border-base border-b",
  navPlaceholderRow: "mx-auto flex max-w-5xl px-2 sm:px-4",
  navPlaceholderTab: "txt-compact-small-plus -mb-px inline-flex items-center border-b-2 px-3 py-3 invisible border-transparent",
  main: "mx-auto w-full max-w-5xl flex-1 px-4 py-6 outline-none sm:py-8",
  heading: "mb-6 flex flex-col gap-y-1",
  h1: "h1-docs text-portal-on-background outline-none",
  description: "txt-medium text-portal-on-background-subtle",
  loading: "flex items-center gap-x-3 py-8",
  spinner: "border-ui-border-strong h-4 w-4 animate-spin rounded-full border-2 border-t-transparent",
  loadingText: "font-normal font-sans txt-medium text-portal-on-background-subtle",
  footer: "mx-auto w-full max-w-5xl px-4 pb-8",
  footerText: "txt-small text-portal-on-background-subtle",
  footerLink: "underline underline-offset-2",
} as const

export const ACCOUNT_LOADING_LABEL = "Loading your account…"

/** Text for HTML (element content and quoted attributes). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

/**
 * The HTML of the signed-in portal's frame while the account loads, for the
 * page at `relativePath` below the mount. Every value is escaped. The Sign out button does nothing until the
 * scripts have run and React has replaced the frame.
 */
export function renderFirstFrame({
  basePath,
  relativePath,
  businessName,
  supportEmail,
  headerImageUrl,
}: {
  basePath: string
  relativePath: string
  businessName: string | null
  supportEmail: string | null
  headerImageUrl: string | null
}): string {
  const c = FIRST_FRAME_CLASSES
  const intro = pageIntroFor(relativePath)
  const home = basePath.replace(/\/+$/, "") || "/"
  const image = headerImageUrl ? `<img src="${escapeHtml(headerImageUrl)}" alt="" class="${c.headerImage}">` : ""
  return [
    `<div class="${c.frame}">`,
    `<a href="#main" class="${c.skipLink}">Skip to content</a>`,
    `<header>${image}<div class="${c.headerBar}"><div class="${c.headerRow}">`,
    `<a class="${c.businessName}" href="${escapeHtml(home)}">${escapeHtml(businessName || "Billing portal")}</a>`,
    `<div class="${c.headerRight}"><button type="button" class="${escapeHtml(c.signOut)}">Sign out</button></div>`,
    `</div></div>`,
    `<div aria-hidden="true" class="${c.navPlaceholder}"><div class="${c.navPlaceholderRow}"><span class="${c.navPlaceholderTab}">Home</span></div></div>`,
    `</header>`,
    `<main id="main" tabindex="-1" class="${c.main}">`,
    intro
      ? `<div class="${c.heading}"><h1 tabindex="-1" class="${c.h1}">${escapeHtml(intro.title)}</h1><p class="${c.description}">${escapeHtml(intro.description)}</p></div>`
      : "",
    `<div role="status" aria-live="polite" class="${c.loading}"><span aria-hidden="true" class="${c.spinner}"></span><p class="${c.loadingText}">${ACCOUNT_LOADING_LABEL}</p></div>`,
    `</main>`,
    supportEmail
      ? `<footer class="${c.footer}"><p class="${c.footerText}">Questions about your bill? Email <a class="${c.footerLink}" href="mailto:${escapeHtml(supportEmail)}">${escapeHtml(supportEmail)}</a>.</p></footer>`
      : "",
    `</div>`,
  ].join("")
}
