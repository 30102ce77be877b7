import type { AllocationSettings } from "../domain/allocation"
import { toMinor } from "../domain/money"

/**
 * The public part of the portal settings, as the storefront needs it. Until
 * the admin-editable settings exist (portal module), these are the defaults.
 */
export function publicPortalSettings() {
  return {
    business_name: null as string | null,
    support_email: null as string | null,
    logins_enabled: true,
    tabs: {
      home: true,
      payments: true,
      invoices: true,
      history: true,
      service_notes: true,
      service_requests: true,
      payment_methods: true,
    },
    payment_methods: ["card", "us_bank_account"],
    allow_partial_payments: false,
    allow_prepayment: false,
    /** major units */
    minimum_payment: "0",
    autopay_allowed: false,
    history: { show_charges: true, show_payments: true },
    theme: { primary_color: "#2563eb", background_color: "#ffffff", header_image_url: null as string | null },
  }
}

/** The settings the allocation core needs, for one currency. */
export function allocationSettings(currencyCode: string): AllocationSettings {
  const settings = publicPortalSettings()
  return {
    allow_partial_payments: settings.allow_partial_payments,
    allow_prepayment: settings.allow_prepayment,
    minimum_payment: toMinor(settings.minimum_payment, currencyCode),
  }
}
