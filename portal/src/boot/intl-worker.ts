/**
 * Runs in a Web Worker (main.tsx): builds one formatter of each Intl kind
 * the portal uses. A browser's first Intl number or date formatter loads the
 * locale data that every later one, in any thread of the page, reuses (about
 * 30 ms here, several times that on a phone); built here, that cost is spent
 * off the main thread while the page starts, and the portal's own
 * formatters then take a fraction of a millisecond. Then it says so and ends.
 */
new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" }).format(1)
new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" }).format(0)
new Intl.DisplayNames(undefined, { type: "currency" }).of("USD")
;(self as unknown as { postMessage(message: unknown): void }).postMessage("ready")
