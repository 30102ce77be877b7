import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export const PLUGIN_NAME = "medusa-billing-portal"
export const SANDBOX_PROVIDER_ID = "pp_billing-sandbox_sandbox"

/** The plugin options of DESIGN sec. 3, with the defaults that make the demo work. */
export type BillingPortalOptions = {
  paymentProviders: { card: string; us_bank_account: string }
  portalUrl: string
  invitationTtlHours: number
  autopay: { schedule: string; retryDays: number[] }
  stripe?: { apiKey?: string; webhookSecret?: string }
  /** card payments left `pending` longer than this are expired by the reconciler */
  abandonedPaymentMinutes: number
}

export const DEFAULT_OPTIONS: BillingPortalOptions = {
  paymentProviders: { card: SANDBOX_PROVIDER_ID, us_bank_account: SANDBOX_PROVIDER_ID },
  portalUrl: "http://localhost:8000/account/billing",
  invitationTtlHours: 72,
  autopay: { schedule: "0 6 * * *", retryDays: [1, 3, 5] },
  abandonedPaymentMinutes: 60,
}

/**
 * The options given to the plugin in the host's `plugins` entry. When this
 * repository runs as its own app (demo, tests) there is no such entry, and the
 * BILLING_PORTAL_OPTIONS environment variable (JSON) may override the defaults.
 */
export function getBillingOptions(container: MedusaContainer): BillingPortalOptions {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as any
  const entry = (config?.plugins ?? []).find(
    (p: any) => typeof p === "object" && (p.resolve === PLUGIN_NAME || p.resolve?.endsWith?.(`/${PLUGIN_NAME}`))
  )
  const fromEnv = process.env.BILLING_PORTAL_OPTIONS ? JSON.parse(process.env.BILLING_PORTAL_OPTIONS) : {}
  const given = { ...fromEnv, ...(entry?.options ?? {}) }
  return {
    ...DEFAULT_OPTIONS,
    ...given,
    paymentProviders: { ...DEFAULT_OPTIONS.paymentProviders, ...(given.paymentProviders ?? {}) },
    autopay: { ...DEFAULT_OPTIONS.autopay, ...(given.autopay ?? {}) },
  }
}
