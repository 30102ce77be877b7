/**
 * What a receipt or an invoice says about how a payment was made
 * ("Visa •••• 4242", "SANDBOX TEST BANK •••• 6789", "Check #1042"), from
 * the few display details kept on the payment (`method_details`). Pure.
 *
 * Only what identifies a method to its owner is ever kept: the brand, the
 * last four digits, the bank's name, how an offline payment came in. Never a
 * card or account number (DESIGN sec. 11): `sanitizeMethodDetails` is the one
 * gate every recorded value passes through.
 */

export const OFFLINE_METHODS = ["check", "cash", "bank_transfer"] as const
export type OfflineMethod = (typeof OFFLINE_METHODS)[number]

export type MethodDetails = {
  /** card network as providers spell it: "visa", "mastercard", "amex"… */
  brand?: string
  /** exactly four digits */
  last4?: string
  bank_name?: string
  /** how an offline (`manual`) payment was received */
  offline_method?: OfflineMethod
}

const BRAND = /^[a-z][a-z0-9 _-]{0,29}$/i
const LAST4 = /^\d{4}$/
// A bank's name is free text from the provider; five digits in a row could be
// (part of) an account or routing number, so such a name is not kept.
const LONG_DIGIT_RUN = /\d{5,}/

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() ? value.trim() : undefined

/**
 * The display details worth keeping from provider or client data, or null
 * when nothing is left. Anything that is not exactly a brand word, four
 * digits, a bank name without long digit runs or a known offline method is
 * dropped, so a full number can never be stored through here.
 */
export function sanitizeMethodDetails(input: unknown): MethodDetails | null {
  if (!input || typeof input !== "object" || Array.isArray(input)) return null
  const source = input as Record<string, unknown>
  const details: MethodDetails = {}
  const brand = text(source.brand)
  if (brand && BRAND.test(brand) && brand.toLowerCase() !== "unknown") details.brand = brand.toLowerCase()
  const last4 = text(source.last4)
  if (last4 && LAST4.test(last4)) details.last4 = last4
  const bank = text(source.bank_name)
  if (bank && bank.length <= 100 && !LONG_DIGIT_RUN.test(bank)) details.bank_name = bank
  const offline = source.offline_method
  if (typeof offline === "string" && (OFFLINE_METHODS as readonly string[]).includes(offline)) {
    details.offline_method = offline as OfflineMethod
  }
  return Object.keys(details).length ? details : null
}

const BRAND_NAMES: Readonly<Record<string, string>> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  american_express: "American Express",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
  cartes_bancaires: "Cartes Bancaires",
  eftpos_au: "eftpos",
  interac: "Interac",
}

/** "visa" → "Visa", "american_express" → "American Express", "maestro" → "Maestro". */
export function cardBrandName(brand: string): string {
  const key = brand.toLowerCase()
  return (
    BRAND_NAMES[key] ??
    key
      .split(/[\s_-]+/)
      .filter(Boolean)
      .map((word) => word[0].toUpperCase() + word.slice(1))
      .join(" ")
  )
}

const OFFLINE_LABELS: Readonly<Record<OfflineMethod, string>> = {
  check: "Check",
  cash: "Cash",
  bank_transfer: "Bank transfer",
}

const MASK = "••••"

/**
 * The label of a payment's method:
 * - card: "Visa •••• 4242", "Card •••• 4242", "Card";
 * - us_bank_account: "<Bank> •••• 6789", "Bank account •••• 6789", "Bank account";
 * - manual (recorded by an admin): "Check #1042", "Cash", "Bank transfer · REF-9",
 *   "Offline payment · <reference>" when the admin did not say how;
 * - credit: "Account credit".
 */
export function paymentMethodLabel(payment: {
  method: string
  method_details?: MethodDetails | null
  /** the reference an admin gave an offline payment (check number, transfer reference) */
  reference?: string | null
}): string {
  const details = sanitizeMethodDetails(payment.method_details) ?? {}
  switch (payment.method) {
    case "card": {
      const name = details.brand ? cardBrandName(details.brand) : "Card"
      return details.last4 ? `${name} ${MASK} ${details.last4}` : name
    }
    case "us_bank_account": {
      const name = details.bank_name ?? "Bank account"
      return details.last4 ? `${name} ${MASK} ${details.last4}` : name
    }
    case "manual": {
      const reference = text(payment.reference)
      if (details.offline_method === "check") {
        return reference ? `Check #${reference.replace(/^#/, "")}` : "Check"
      }
      const name = details.offline_method ? OFFLINE_LABELS[details.offline_method] : "Offline payment"
      return reference ? `${name} · ${reference}` : name
    }
    case "credit":
      return "Account credit"
    default:
      return payment.method
  }
}
