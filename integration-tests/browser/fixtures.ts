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
  // -- account area (autopay.spec, calendar.spec, service.spec) --
  /** USD invoices due this month and one next month, a check paid today; saves a card and enrolls in autopay in autopay.spec */
  ada: { email: "ada@browser.test", password: "ada-portal-1", first_name: "Ada", last_name: "Lovelace" },
  /** service notes and requests */
  sid: { email: "sid@browser.test", password: "sid-portal-1", first_name: "Sid", last_name: "Meier" },
  // --- payments (payment*.spec.ts) ---
  /** USD: one past due and two open invoices; pays them in payment.spec.ts */
  pia: { email: "pia@browser.test", password: "pia-portal-1", first_name: "Pia", last_name: "Larsen" },
  /** USD invoices; the payment-methods page, the keyboard-only and 375 px payment runs */
  paul: { email: "paul@browser.test", password: "paul-portal-1", first_name: "Paul", last_name: "Mensah" },
  /** one USD invoice; pays it in two parts with a card that needs 3-D Secure, keeping it for autopay (payment.spec.ts) */
  nadia: { email: "nadia@browser.test", password: "nadia-portal-1", first_name: "Nadia", last_name: "Haddad" },
  // --- STRIPE (stripe.spec.ts): pays on the Stripe app (same database), through the fake Payment Element ---
  /** two USD invoices; pays one by card through Stripe, saves a card */
  sven: { email: "sven@browser.test", password: "sven-portal-1", first_name: "Sven", last_name: "Lindqvist" },
  // --- public pages (activate, reset password, sample portal) ---
  /** forgets her password and sets a new one from the reset email (activate.spec.ts) */
  rita: { email: "rita@browser.test", password: "rita-portal-1", first_name: "Rita", last_name: "Moreno" },
  // --- end public pages ---
  // ---- lists (Invoices, History, Documents) ----
  /** ~25 invoices in USD and EUR: paid, partly paid, open, overdue; offline payments (LENA_INVOICES) */
  lena: { email: "lena@browser.test", password: "lena-portal-1", first_name: "Lena", last_name: "Fischer" },
  /** a login, no invoices: the lists' empty states */
  leo: { email: "leo@browser.test", password: "leo-portal-1", first_name: "Leo", last_name: "Brandt" },
  // ---- admin payments (admin-payments.spec, admin-autopay.spec) ----
  /** two USD invoices (PABLO_INVOICES), paid by card in admin-payments.spec; the admin refunds part of it */
  pablo: { email: "pablo@browser.test", password: "pablo-portal-1", first_name: "Pablo", last_name: "Ruiz" },
  /** one overdue USD invoice; enrolled in autopay with a card in admin-autopay.spec, run and canceled by the admin */
  tara: { email: "tara@browser.test", password: "tara-portal-1", first_name: "Tara", last_name: "Singh" },
  // ---- end admin payments ----
  // ---- admin invoices (admin-invoices.spec.ts) ----
  /** one USD invoice partly paid by check (voiding it is refused); gets a new invoice from the admin and sees it in the portal */
  ines: { email: "ines@browser.test", password: "ines-portal-1", first_name: "Ines", last_name: "Navarro" },
  // ---- end admin invoices ----
  // --- expected amount (payment-balance-changed.spec.ts) ---
  /** one open USD invoice; gets a second one issued while her Make a payment page is open */
  vera: { email: "vera@browser.test", password: "vera-portal-1", first_name: "Vera", last_name: "Novak" },
  /** one open USD invoice; a payment waiting on his bank shows "Verify your bank account" (payment-verify-bank.spec.ts) */
  vito: { email: "vito@browser.test", password: "vito-portal-1", first_name: "Vito", last_name: "Russo" },
  // --- end expected amount ---
} satisfies Record<string, SeedCustomer>

export type CustomerKey = keyof typeof CUSTOMERS

// -- account area: the days of the month Ada's invoices are due on (UTC, as the journeys' browser) --
export const ADA_DUE_DAYS = { first: 10, second: 20, nextMonth: 5 } as const

/** Days from today (UTC) to `day` of this month (`monthsAhead` 0) or of a later month; negative when it has passed. */
/**
 * The instant the fixtures' relative days are counted from: seed.ts dates the
 * invoices from this same instant, so a setup that runs across midnight UTC
 * cannot put "the 10th" on the 11th.
 */
export const FIXTURES_NOW = new Date()

export function daysUntilDayOfMonth(monthsAhead: number, day: number, now = FIXTURES_NOW): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, day) - today) / (24 * 60 * 60 * 1000))
}

/** An invoice as seeded: issued `issuedDaysAgo` days ago, due `dueInDays` from now (negative: overdue). */
export type SeedInvoice = {
  customer: CustomerKey
  currency_code: string
  issuedDaysAgo: number
  dueInDays: number
  lines: { title: string; description?: string; quantity: string; unit_price: string }[]
  /** an offline payment recorded against it */
  paid?: string
}

// ---- lists (Invoices, History, Documents) ----
/**
 * Lena's invoices (the lists' journeys), in the order they are seeded; the
 * notes are set by the lists' block of seed.ts (search matches notes).
 * USD: 17 paid monthly plans (so the list has pages); paid; overdue and
 * partly paid; overdue; partly paid; open (the two "Water heater" ones are
 * 10.10 and 20.20: selected together they must show exactly $30.30).
 * EUR: paid, overdue, open.
 */
export const LENA_INVOICES: (Omit<SeedInvoice, "customer"> & { key: string; notes?: string })[] = [
  // oldest first, so the ledger's order (the order things were recorded) is also the order of their dates
  ...Array.from({ length: 17 }, (_, i) => ({
    key: `plan_${i + 1}`,
    currency_code: "usd",
    issuedDaysAgo: 600 - 30 * i,
    dueInDays: -(570 - 30 * i),
    lines: [{ title: "Monthly maintenance plan", quantity: "1", unit_price: "39.00" }],
    paid: "39.00",
  })),
  { key: "paid", currency_code: "usd", issuedDaysAgo: 90, dueInDays: -60, lines: [{ title: "Annual boiler inspection", quantity: "1", unit_price: "250.00" }], paid: "250.00" },
  { key: "eur_paid", currency_code: "eur", issuedDaysAgo: 60, dueInDays: -30, lines: [{ title: "Chimney sweep", quantity: "1", unit_price: "89.90" }], paid: "89.90" },
  { key: "overdue_partly", currency_code: "usd", issuedDaysAgo: 50, dueInDays: -15, lines: [{ title: "Pipe repair", quantity: "1", unit_price: "300.00" }], paid: "120.00" },
  { key: "heater_garage", currency_code: "usd", issuedDaysAgo: 38, dueInDays: -8, lines: [{ title: "Water heater service", quantity: "1", unit_price: "10.10" }], notes: "Water heater, garage unit" },
  { key: "eur_overdue", currency_code: "eur", issuedDaysAgo: 33, dueInDays: -3, lines: [{ title: "Gas safety check", quantity: "1", unit_price: "65.00" }] },
  {
    key: "partly",
    currency_code: "usd",
    issuedDaysAgo: 10,
    dueInDays: 20,
    lines: [
      { title: "Radiator flush", quantity: "2", unit_price: "62.50" },
      { title: "Inhibitor", quantity: "1.5", unit_price: "16.66" },
    ],
    paid: "50.00",
  },
  { key: "eur_open", currency_code: "eur", issuedDaysAgo: 7, dueInDays: 23, lines: [{ title: "Smart thermostat", quantity: "1", unit_price: "199.99" }] },
  { key: "heater_kitchen", currency_code: "usd", issuedDaysAgo: 5, dueInDays: 25, lines: [{ title: "Water heater parts", quantity: "1", unit_price: "20.20" }], notes: "Water heater, kitchen" },
]

function lenaInvoices(): SeedInvoice[] {
  return LENA_INVOICES.map(({ key: _key, notes: _notes, ...invoice }) => ({ customer: "lena", ...invoice }))
}

// ---- end lists ----

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
  // -- account area: Ada's invoices fall on fixed days of this month (and next), whatever day the suites run --
  // (issued 40 days ago: before any day of this month; seed.ts records a check dated today against the first)
  { customer: "ada", currency_code: "usd", issuedDaysAgo: 40, dueInDays: daysUntilDayOfMonth(0, ADA_DUE_DAYS.first), lines: [{ title: "Boiler service", quantity: "1", unit_price: "180.00" }] },
  { customer: "ada", currency_code: "usd", issuedDaysAgo: 40, dueInDays: daysUntilDayOfMonth(0, ADA_DUE_DAYS.second), lines: [{ title: "Filter replacement", quantity: "2", unit_price: "32.50" }] },
  { customer: "ada", currency_code: "usd", issuedDaysAgo: 40, dueInDays: daysUntilDayOfMonth(1, ADA_DUE_DAYS.nextMonth), lines: [{ title: "Annual inspection", quantity: "1", unit_price: "95.00" }] },
  { customer: "sid", currency_code: "usd", issuedDaysAgo: 4, dueInDays: 26, lines: [{ title: "Drain unblocking", quantity: "1", unit_price: "75.00" }] },
  // --- payments (payment*.spec.ts): see PIA_INVOICES / PAUL_INVOICES ---
  { customer: "pia", currency_code: "usd", issuedDaysAgo: 30, dueInDays: -5, lines: [{ title: "Lawn care", quantity: "1", unit_price: "80.00" }] },
  { customer: "pia", currency_code: "usd", issuedDaysAgo: 10, dueInDays: 20, lines: [{ title: "Hedge trimming", quantity: "1", unit_price: "65.50" }] },
  { customer: "pia", currency_code: "usd", issuedDaysAgo: 3, dueInDays: 27, lines: [{ title: "Garden design", quantity: "1", unit_price: "400.00" }] },
  { customer: "paul", currency_code: "usd", issuedDaysAgo: 25, dueInDays: -3, lines: [{ title: "Boiler repair", quantity: "1", unit_price: "110.00" }] },
  { customer: "paul", currency_code: "usd", issuedDaysAgo: 6, dueInDays: 24, lines: [{ title: "Annual inspection", quantity: "1", unit_price: "75.00" }] },
  { customer: "paul", currency_code: "usd", issuedDaysAgo: 2, dueInDays: 28, lines: [{ title: "Radiator bleed", quantity: "1", unit_price: "30.00" }] },
  { customer: "nadia", currency_code: "usd", issuedDaysAgo: 5, dueInDays: 25, lines: [{ title: "Chimney sweep", quantity: "1", unit_price: "60.00" }] },
  // --- STRIPE (stripe.spec.ts) ---
  { customer: "sven", currency_code: "usd", issuedDaysAgo: 20, dueInDays: -3, lines: [{ title: "Boiler repair", quantity: "1", unit_price: "182.40" }] },
  { customer: "sven", currency_code: "usd", issuedDaysAgo: 4, dueInDays: 26, lines: [{ title: "Annual inspection", quantity: "1", unit_price: "95.00" }] },
  // ---- lists (Invoices, History, Documents): Lena's, in LENA_INVOICES' order ----
  ...lenaInvoices(),
  // ---- admin payments: Pablo's (older, then newer due date) and Tara's ----
  { customer: "pablo", currency_code: "usd", issuedDaysAgo: 20, dueInDays: -5, lines: [{ title: "Roof repair", quantity: "1", unit_price: "120.00" }] },
  { customer: "pablo", currency_code: "usd", issuedDaysAgo: 3, dueInDays: 25, lines: [{ title: "Gutter guards", quantity: "1", unit_price: "49.99" }] },
  { customer: "tara", currency_code: "usd", issuedDaysAgo: 20, dueInDays: -2, lines: [{ title: "Pool cleaning", quantity: "1", unit_price: "95.00" }] },
  // ---- end admin payments ----
  // ---- admin invoices (admin-invoices.spec.ts): Ines's ----
  { customer: "ines", currency_code: "usd", issuedDaysAgo: 20, dueInDays: -5, lines: [{ title: "Furnace inspection", quantity: "1", unit_price: "95.00" }], paid: "25.00" },
  // ---- end admin invoices ----
  // --- expected amount (payment-balance-changed.spec.ts): Vera's one invoice ---
  { customer: "vera", currency_code: "usd", issuedDaysAgo: 6, dueInDays: 14, lines: [{ title: "Window repair", quantity: "1", unit_price: "90.00" }] },
  { customer: "vito", currency_code: "usd", issuedDaysAgo: 3, dueInDays: 27, lines: [{ title: "Roof inspection", quantity: "1", unit_price: "310.00" }] },
  // --- end expected amount ---
]

// ---- admin invoices (admin-invoices.spec.ts) ----
/** What the admin enters for Ines: two lines, 1 × 129.99 + 3 × 14.35 = 173.04 exactly. */
export const INES_NEW_INVOICE = {
  lines: [
    { title: "Furnace tune-up", quantity: "1", unit_price: "129.99", total: "$129.99" },
    { title: "Air filter", quantity: "3", unit_price: "14.35", total: "$43.05" },
  ],
  total: "$173.04",
  check: { amount: "100.00", reference: "Check #5521", left: "$73.04" },
}
/** Ines's seeded invoice: $95.00, $25.00 paid by check, so it cannot be voided. */
export const INES_SEEDED = { total: "$95.00", due: "$70.00" }
// ---- end admin invoices ----

/** What Lena owes, as the lists show it in en-US. */
export const LENA = {
  usd_due: "$310.29",
  eur_due: "€264.99",
  /** open or partly paid */
  unpaid: ["overdue_partly", "partly", "heater_garage", "heater_kitchen", "eur_open", "eur_overdue"],
  overdue: ["overdue_partly", "heater_garage", "eur_overdue"],
}

/** Jane pays this much of her USD balance by ACH during the seed; it stays "processing" (pending) for the run. */
export const JANE_ACH_PAYMENT = "20.00"

/**
 * Jane's Home, as a customer in en-US sees it: total = what is due on open
 * invoices; past due = the two overdue USD invoices (175.00 left of 375.00,
 * and 120.00); current charges = the latest invoice; pending = the ACH
 * payment still settling.
 */
export const JANE_BALANCES = {
  // past due + not yet due − credit = total; current charges (the latest invoice) and pending are part of it
  usd: { total: "$344.99", current_charges: "$49.99", past_due: "$295.00", not_yet_due: "$49.99", pending: "$20.00", credit: "$0.00" },
  eur: { total: "€1,314.66", current_charges: "€80.10", past_due: "€0.00", not_yet_due: "€1,314.66", pending: "€0.00", credit: "€0.00" },
}

export const OLGA_CARD = "4242424242424242"

// -- account area --
/** Ada's amounts as the portal shows them (en-US): the first invoice less the $60.00 check, the second, next month's. */
export const ADA = { first_due: "$120.00", second_due: "$65.00", next_month_due: "$95.00", check: "60.00", card: "4242424242424242" }
// ---- pay links (PAYLINK: pay-link.spec.ts) -------------------------------------------------
/**
 * Quinn has no portal login (so not in CUSTOMERS, whose entries all get one):
 * he pays through the link in his invoice email. Two open USD invoices,
 * seeded in seed.ts's pay-link block; never paid by any other journey.
 */
export const QUINN = { email: "quinn@browser.test", first_name: "Quinn", last_name: "Parker" }
export const QUINN_INVOICES: Omit<SeedInvoice, "customer" | "paid">[] = [
  {
    currency_code: "usd",
    issuedDaysAgo: 4,
    dueInDays: 10,
    lines: [
      { title: "Lawn care, March", quantity: "1", unit_price: "49.50" },
      { title: "Leaf clean-up", description: "Front beds and driveway", quantity: "0.5", unit_price: "30.00" },
    ],
  },
  { currency_code: "usd", issuedDaysAgo: 2, dueInDays: 20, lines: [{ title: "Hedge trimming", quantity: "3", unit_price: "40.25" }] },
]
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
// ---- admin customer page (admin-customer.spec.ts) ----
/**
 * Carl has no portal login (so not in CUSTOMERS): the admin sends him an
 * activation link from his customer page. Two issued USD invoices, one past
 * due; seeded in seed.ts's admin-customer block; no other journey pays them.
 */
export const CARL = { email: "carl@browser.test", first_name: "Carl", last_name: "Jensen" }
export const CARL_INVOICES: Omit<SeedInvoice, "customer" | "paid">[] = [
  { currency_code: "usd", issuedDaysAgo: 40, dueInDays: -10, lines: [{ title: "Gutter cleaning", quantity: "1", unit_price: "120.00" }] },
  { currency_code: "usd", issuedDaysAgo: 3, dueInDays: 27, lines: [{ title: "Window washing", quantity: "2", unit_price: "22.75" }] },
]
/** What his page's widget shows: USD balance, past due, pending, credit */
export const CARL_BALANCE = { total: "$165.50", past_due: "$120.00", pending: "$0.00", credit: "$0.00" }
/** A service request of his, open, for the service-requests page */
export const CARL_REQUEST = { kind: "request" as const, subject: "Gate left open", message: "Your crew left the back gate open on Tuesday." }
// ---- end admin customer page ----
