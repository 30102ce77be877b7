/**
 * What the browser suites' server is seeded with (seed.ts) and what the
 * journeys expect of it. Amounts are decimal strings, as entered.
 */
export const ADMIN = { email: "admin@browser.test", password: "admin-browser-1" }

export const BUSINESS = { name: "Acme Home Services", support_email: "billing@acme.test" }

export type SeedCustomer = { email: string; password: string; first_name: string; last_name: string }

export const CUSTOMERS = {
  /** invoices in USD (one partly paid, two past due) and in EUR; an ACH payment still settling */
  jane: { email: "jane@browser.test", password: "jane-portal-1", first_name: "Jane", last_name: "Cooper" },
  /** a login and no invoices */
  ned: { email: "ned@browser.test", password: "ned-portal-1", first_name: "Ned", last_name: "Newman" },
  /** signs in while the admin is signed in, in the same browser */
  bea: { email: "bea@browser.test", password: "bea-portal-1", first_name: "Bea", last_name: "Lopez" },
  /** one USD invoice, autopay on with a saved card; the settings journey */
  olga: { email: "olga@browser.test", password: "olga-portal-1", first_name: "Olga", last_name: "Petrova" },
  // --- public pages (activate, reset password, sample portal) ---
  /** forgets her password and sets a new one from the reset email (activate.spec.ts) */
  rita: { email: "rita@browser.test", password: "rita-portal-1", first_name: "Rita", last_name: "Moreno" },
  // --- end public pages ---
} satisfies Record<string, SeedCustomer>

export type CustomerKey = keyof typeof CUSTOMERS

/** An invoice as seeded: issued `issuedDaysAgo` days ago, due `dueInDays` from now (negative: overdue). */
export type SeedInvoice = {
  customer: CustomerKey
  currency_code: string
  issuedDaysAgo: number
  dueInDays: number
  lines: { title: string; quantity: string; unit_price: string }[]
  /** an offline payment recorded against it */
  paid?: string
}

export const INVOICES: SeedInvoice[] = [
  {
    customer: "jane",
    currency_code: "usd",
    issuedDaysAgo: 40,
    dueInDays: -10,
    lines: [
      { title: "Emergency call-out", quantity: "1", unit_price: "150.00" },
      { title: "Labour (hours)", quantity: "2.5", unit_price: "90.00" },
    ],
    paid: "200.00",
  },
  { customer: "jane", currency_code: "usd", issuedDaysAgo: 35, dueInDays: -5, lines: [{ title: "Thermostat install", quantity: "1", unit_price: "120.00" }] },
  { customer: "jane", currency_code: "usd", issuedDaysAgo: 5, dueInDays: 25, lines: [{ title: "Monthly service plan", quantity: "1", unit_price: "49.99" }] },
  { customer: "jane", currency_code: "eur", issuedDaysAgo: 12, dueInDays: 18, lines: [{ title: "Heat pump service", quantity: "2", unit_price: "617.28" }] },
  { customer: "jane", currency_code: "eur", issuedDaysAgo: 3, dueInDays: 27, lines: [{ title: "Spare parts", quantity: "1", unit_price: "80.10" }] },
  { customer: "olga", currency_code: "usd", issuedDaysAgo: 2, dueInDays: 12, lines: [{ title: "Gutter cleaning", quantity: "1", unit_price: "140.00" }] },
  { customer: "bea", currency_code: "usd", issuedDaysAgo: 8, dueInDays: 22, lines: [{ title: "Window cleaning", quantity: "1", unit_price: "85.00" }] },
]

/** Jane pays this much of her USD balance by ACH during the seed; it stays "processing" (pending) for the run. */
export const JANE_ACH_PAYMENT = "20.00"

/**
 * Jane's Home, as a customer in en-US sees it: total = what is due on open
 * invoices; past due = the two overdue USD invoices (175.00 left of 375.00,
 * and 120.00); current charges = the latest invoice; pending = the ACH
 * payment still settling.
 */
export const JANE_BALANCES = {
  usd: { total: "$344.99", current_charges: "$49.99", past_due: "$295.00", pending: "$20.00", credit: "$0.00" },
  eur: { total: "€1,314.66", current_charges: "€80.10", past_due: "€0.00", pending: "€0.00", credit: "€0.00" },
}

export const OLGA_CARD = "4242424242424242"

// --- public pages (activate, reset password, sample portal) ---
/**
 * Sam is a customer without a login (seed.ts creates him in its public-pages
 * block, with this invoice): the admin invites him and he activates his
 * account from the email's link (activate.spec.ts).
 */
export const SAM = { email: "sam@browser.test", first_name: "Sam", last_name: "Lee", password: "sam-portal-pass-1" }
export const SAM_INVOICE = { currency_code: "usd", issuedDaysAgo: 4, dueInDays: 26, title: "Lawn care visit", unit_price: "64.50" }
/** What Sam's Home shows once he is in */
export const SAM_BALANCE = "$64.50"
// --- end public pages ---
