import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DEFAULT_TIME_ZONE, isTimeZone } from "../domain/business-day"
import { DEFAULT_PAY_LINK_LIMITS, type PayLinkLimits } from "../domain/pay-links"

export const PLUGIN_NAME = "medusa-billing-portal"
export const SANDBOX_PROVIDER_ID = "pp_billing-sandbox_sandbox"

/**
 * The title of the publishable API key `npm run demo` creates for the portal
 * (scripts/seed.ts). The hosted portal uses the oldest non-revoked
 * publishable key with exactly this title when `hostedPortal` names no key.
 */
export const DEMO_PORTAL_API_KEY_TITLE = "Billing portal demo"

/** DESIGN sec. 13: the customer portal the plugin serves itself. */
export type HostedPortalOptions = {
  /** where it is served, e.g. "/billing" */
  path: string
  /**
   * the publishable API key its /store calls carry (a key linked to the
   * sales channel the customers belong to); default: the demo's key, found by
   * its title (DEMO_PORTAL_API_KEY_TITLE)
   */
  publishableApiKey?: string
  /** the built portal to serve (default: the package's portal-dist) */
  distDir?: string
}

/** The plugin options of DESIGN sec. 3, with the defaults that make the demo work. */
export type BillingPortalOptions = {
  paymentProviders: { card: string; us_bank_account: string }
  /**
   * The portal's public address, used for the links in emails. Default: the
   * hosted portal on this server, `http://localhost:<PORT or 9000><hostedPortal.path>`,
   * or STOREFRONT_PORTAL_URL_DEFAULT when `hostedPortal` is false. Set it to
   * your public URL in production.
   */
  portalUrl: string
  invitationTtlHours: number
  /**
   * DESIGN sec. 15: invoice emails carry a link that pays the invoice without
   * a login (also subject to the portal setting `pay_links_allowed`). `false`
   * is short for `{ enabled: false }`.
   */
  payLinks: PayLinkOptions
  autopay: {
    schedule: string
    retryDays: number[]
    /** charges in flight at once during a run (each its own workflow); default 8 */
    concurrency: number
  }
  /**
   * `publishableKey` (pk_…): the hosted portal loads Stripe's Payment Element
   * for the methods whose provider is Stripe; without it, or with the sandbox,
   * the portal never loads Stripe.js
   */
  stripe?: { apiKey?: string; webhookSecret?: string; publishableKey?: string }
  /** card payments left `pending` longer than this are expired by the reconciler */
  abandonedPaymentMinutes: number
  /** DESIGN sec. 11/16: fixed-window limits, counted in Redis or PostgreSQL (every instance shares them) */
  rateLimits: {
    /** POST /store/billing/payments, per logged-in customer and per client IP */
    payments: { perCustomer: RateLimitOption; perIp: RateLimitOption }
    /** GET /store/billing/invitation and its accept (the token in X-Invitation-Token), per token and per client IP */
    invitations: { perToken: RateLimitOption; perIp: RateLimitOption }
    /** every /store/billing/pay-link route, per link token and per client IP */
    payLinks: { perToken: RateLimitOption; perIp: RateLimitOption }
  }
  /** send the plugin's password-reset email on Medusa's `auth.password_reset` (customers only) */
  passwordResetEmails: boolean
  /**
   * How many reverse proxies in front of Medusa append to X-Forwarded-For
   * (0: Medusa is reached directly and the header is ignored). The
   * per-address rate limits key on the address this many hops out.
   */
  trustProxy: number
  /** the hosted customer portal, or false for none (a storefront builds its own pages) */
  hostedPortal: HostedPortalOptions | false
  /**
   * Where the business is (IANA, e.g. "America/Los_Angeles"; default "UTC"):
   * its calendar decides when a due date's day is over (past due, aging,
   * autopay's charge day and its schedule, the PDFs' past-due stamp). A
   * zone the runtime does not know is an error naming the option.
   */
  timeZone: string
}

export type RateLimitOption = { windowMs: number; max: number }

export type PayLinkOptions = PayLinkLimits & { enabled: boolean }

/** `portalUrl` when the plugin serves no portal: a storefront's account page on its dev server. */
export const STOREFRONT_PORTAL_URL_DEFAULT = "http://localhost:8000/account/billing"

export const DEFAULT_OPTIONS: BillingPortalOptions = {
  paymentProviders: { card: SANDBOX_PROVIDER_ID, us_bank_account: SANDBOX_PROVIDER_ID },
  portalUrl: STOREFRONT_PORTAL_URL_DEFAULT,
  invitationTtlHours: 72,
  payLinks: { enabled: true, ...DEFAULT_PAY_LINK_LIMITS },
  autopay: { schedule: "0 6 * * *", retryDays: [1, 3, 5], concurrency: 8 },
  abandonedPaymentMinutes: 60,
  rateLimits: {
    payments: { perCustomer: { windowMs: 60_000, max: 60 }, perIp: { windowMs: 60_000, max: 300 } },
    invitations: { perToken: { windowMs: 15 * 60_000, max: 10 }, perIp: { windowMs: 15 * 60_000, max: 60 } },
    payLinks: { perToken: { windowMs: 15 * 60_000, max: 60 }, perIp: { windowMs: 15 * 60_000, max: 120 } },
  },
  passwordResetEmails: true,
  trustProxy: 0,
  hostedPortal: { path: "/billing" },
  timeZone: DEFAULT_TIME_ZONE,
}

/**
 * The options given to the plugin in the host's `plugins` entry. When this
 * repository runs as its own app (demo, tests) there is no such entry, and the
 * BILLING_PORTAL_OPTIONS environment variable (JSON) may override the defaults.
 */
export function getBillingOptions(container: MedusaContainer): BillingPortalOptions {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as any
  // Read on every request (the hosted portal's middleware sees them all): worked out once per
  // app configuration and environment, instead of parsing BILLING_PORTAL_OPTIONS every time.
  const environment = `${process.env.BILLING_PORTAL_OPTIONS ?? ""}\u0000${process.env.PORT ?? ""}`
  const cached = config && typeof config === "object" ? resolvedOptions.get(config) : undefined
  if (cached?.environment === environment) return cached.options
  const resolved = resolveBillingOptions(config)
  let options: BillingPortalOptions
  try {
    // a copy (the host's option objects stay as they are), frozen: every caller shares it
    options = deepFreeze(structuredClone(resolved))
  } catch {
    return resolved // something that cannot be copied (a function): worked out at every call
  }
  if (config && typeof config === "object") resolvedOptions.set(config, { environment, options })
  return options
}

const resolvedOptions = new WeakMap<object, { environment: string; options: BillingPortalOptions }>()

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

function resolveBillingOptions(config: any): BillingPortalOptions {
  const entry = (config?.plugins ?? []).find(
    (p: any) => typeof p === "object" && (p.resolve === PLUGIN_NAME || p.resolve?.endsWith?.(`/${PLUGIN_NAME}`))
  )
  const fromEnv = process.env.BILLING_PORTAL_OPTIONS ? JSON.parse(process.env.BILLING_PORTAL_OPTIONS) : {}
  const given = { ...fromEnv, ...(entry?.options ?? {}) }
  const hostedPortal: HostedPortalOptions | false =
    given.hostedPortal === false ? false : { ...(DEFAULT_OPTIONS.hostedPortal as HostedPortalOptions), ...given.hostedPortal }
  return {
    ...DEFAULT_OPTIONS,
    ...given,
    portalUrl: typeof given.portalUrl === "string" && given.portalUrl.trim() ? given.portalUrl : defaultPortalUrl(hostedPortal),
    payLinks: payLinkOptions(given.payLinks),
    paymentProviders: { ...DEFAULT_OPTIONS.paymentProviders, ...(given.paymentProviders ?? {}) },
    autopay: autopayOptions(given.autopay),
    hostedPortal,
    timeZone: timeZoneOption(given.timeZone),
    rateLimits: {
      payments: {
        perCustomer: { ...DEFAULT_OPTIONS.rateLimits.payments.perCustomer, ...given.rateLimits?.payments?.perCustomer },
        perIp: { ...DEFAULT_OPTIONS.rateLimits.payments.perIp, ...given.rateLimits?.payments?.perIp },
      },
      invitations: {
        perToken: { ...DEFAULT_OPTIONS.rateLimits.invitations.perToken, ...given.rateLimits?.invitations?.perToken },
        perIp: { ...DEFAULT_OPTIONS.rateLimits.invitations.perIp, ...given.rateLimits?.invitations?.perIp },
      },
      payLinks: {
        perToken: { ...DEFAULT_OPTIONS.rateLimits.payLinks.perToken, ...given.rateLimits?.payLinks?.perToken },
        perIp: { ...DEFAULT_OPTIONS.rateLimits.payLinks.perIp, ...given.rateLimits?.payLinks?.perIp },
      },
    },
  }
}

/**
 * `portalUrl` when none is given (DESIGN sec. 3): the hosted portal on this
 * server, `http://localhost:<PORT or 9000><path>`, when the plugin serves
 * one; otherwise a storefront's account page. Only right on a developer's
 * machine: production sets `portalUrl` to the public address.
 */
export function defaultPortalUrl(hostedPortal: { path?: string } | false, env: NodeJS.ProcessEnv = process.env): string {
  if (hostedPortal === false) return STOREFRONT_PORTAL_URL_DEFAULT
  const raw = typeof hostedPortal.path === "string" && hostedPortal.path.trim() ? hostedPortal.path.trim() : "/billing"
  const path = `/${raw.replace(/^\/+|\/+$/g, "")}`.replace(/^\/$/, "")
  const port = /^\d+$/.test(env.PORT ?? "") ? env.PORT : "9000"
  return `http://localhost:${port}${path}`
}

/**
 * `timeZone`: an IANA zone this runtime knows, or the default (UTC) when none
 * is given. A zone that is misspelt is an error, not UTC: it would move every
 * due day and autopay charge by hours without anyone noticing.
 */
function timeZoneOption(given: unknown): string {
  if (given === undefined || given === null || given === "") return DEFAULT_TIME_ZONE
  if (!isTimeZone(given)) {
    throw new Error(
      `${PLUGIN_NAME}: the option timeZone must be an IANA time zone such as "America/New_York" or "UTC", got ${JSON.stringify(given)}`
    )
  }
  return given
}

/** The business's time zone (the `timeZone` option): the calendar of its due dates. */
export function businessTimeZone(container: MedusaContainer | { resolve: MedusaContainer["resolve"] }): string {
  return getBillingOptions(container as MedusaContainer).timeZone
}

/**
 * `autopay` over its defaults. `concurrency` is a whole number of charges in
 * flight, at least 1: anything else falls back to the default rather than
 * failing a run at 6 am.
 */
function autopayOptions(given: Partial<BillingPortalOptions["autopay"]> | undefined): BillingPortalOptions["autopay"] {
  const merged = { ...DEFAULT_OPTIONS.autopay, ...(given ?? {}) }
  const concurrency = Number(merged.concurrency)
  return {
    ...merged,
    concurrency: Number.isSafeInteger(concurrency) && concurrency >= 1 ? concurrency : DEFAULT_OPTIONS.autopay.concurrency,
  }
}

/**
 * `payLinks` over its defaults: `false` turns links off; `enabled` is on
 * unless it is `false`; the day limits are whole numbers of at least 1 (a
 * link must outlive the email that carries it), else the default.
 */
function payLinkOptions(given: Partial<PayLinkOptions> | false | undefined): PayLinkOptions {
  if (given === false) return { ...DEFAULT_OPTIONS.payLinks, enabled: false }
  const merged = { ...DEFAULT_OPTIONS.payLinks, ...(given ?? {}) }
  const days = (value: unknown, fallback: number) => {
    const n = Number(value)
    return Number.isSafeInteger(n) && n >= 1 ? n : fallback
  }
  return {
    enabled: merged.enabled !== false,
    maxDaysAfterDue: days(merged.maxDaysAfterDue, DEFAULT_OPTIONS.payLinks.maxDaysAfterDue),
    maxDays: days(merged.maxDays, DEFAULT_OPTIONS.payLinks.maxDays),
  }
}
