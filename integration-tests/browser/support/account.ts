/**
 * What the account journeys (autopay, calendar, service notes and requests)
 * arrange and check outside the browser: the store API as Ada or Sid, the
 * admin API as the admin.
 */
import { ADA } from "../fixtures"
import { asAdmin, asCustomer } from "./app"

type Json = Record<string, any>

export { asAdmin, asCustomer }

/** The portal settings as the admin reads them; `patch` (a partial update) applied when given. */
export async function portalSettings(patch?: Json): Promise<Json> {
  return patch === undefined
    ? (await asAdmin("GET", "/admin/billing/settings")).settings
    : (await asAdmin("POST", "/admin/billing/settings", patch)).settings
}

/** Ada has one saved card (made once); its id. */
export async function ensureAdaCard(): Promise<string> {
  const { payment_methods } = await asCustomer("ada", "GET", "/store/billing/payment-methods")
  if (payment_methods.length) return payment_methods[0].id
  const { payment_method } = await asCustomer("ada", "POST", "/store/billing/payment-methods", {
    type: "card",
    data: { number: ADA.card },
  })
  return payment_method.id
}

/** Ada starts without autopay (a journey run before may have left her enrolled). */
export async function ensureAdaWithoutAutopay() {
  const { autopay } = await asCustomer("ada", "GET", "/store/billing/autopay")
  if (autopay.status !== "none") await asCustomer("ada", "DELETE", "/store/billing/autopay")
}

/** `YYYY-MM-DD` (UTC, as the journeys' browser) of a timestamp. */
export const utcDay = (iso: string | Date) => new Date(iso).toISOString().slice(0, 10)
