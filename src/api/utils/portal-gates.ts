import { authenticate, type AuthenticatedMedusaRequest, type MedusaNextFunction, type MedusaRequest, type MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { DELETED_CUSTOMER_MESSAGE, PORTAL_ACCESS_OFF_MESSAGE } from "../../client/errors"
import { PORTAL_MODULE } from "../../modules/portal"
import type PortalModuleService from "../../modules/portal/service"
import { PORTAL_TAB_LABELS, PortalSettings, PortalTab } from "../../domain/portal-settings"
import { loadPortalSettings } from "../../utils/portal-settings"

/**
 * Gates that close parts of the billing portal according to the admin's
 * portal settings (DESIGN sec. 9): a disabled tab's store routes and, with
 * logins disabled, every route that needs a logged-in customer answer 403
 * `{ type: "not_allowed", message }`.
 *
 * Medusa maps MedusaError NOT_ALLOWED to 400, so the middlewares answer the
 * 403 themselves; `PortalClosedError` lets route and workflow code signal the
 * same through `respondPortalClosed`.
 */

export const portalTabDisabledMessage = (tab: PortalTab) =>
  `The ${PORTAL_TAB_LABELS[tab]} section of the billing portal is disabled`
export const PORTAL_LOGINS_DISABLED_MESSAGE = "Portal logins are disabled"

export class PortalClosedError extends MedusaError {
  readonly status = 403
  /** survives a workflow's error serialisation, which loses the class */
  readonly portal_closed = true
  constructor(message: string) {
    super(MedusaError.Types.NOT_ALLOWED, message)
  }
}

/** Throws PortalClosedError when portal logins are off (for routes that do not use the middleware). */
export function assertPortalLoginsEnabled(settings: PortalSettings): void {
  if (!settings.logins_enabled) throw new PortalClosedError(PORTAL_LOGINS_DISABLED_MESSAGE)
}

/** Throws PortalClosedError when none of the tabs is on (the message names the first). */
export function assertPortalTabEnabled(settings: PortalSettings, tab: PortalTab | readonly PortalTab[]): void {
  const tabs = (Array.isArray(tab) ? tab : [tab]) as readonly PortalTab[]
  if (!tabs.some((t) => settings.tabs[t])) throw new PortalClosedError(portalTabDisabledMessage(tabs[0]))
}

/** Answers 403 for a PortalClosedError; returns false for anything else (rethrow it). */
export function respondPortalClosed(error: unknown, res: MedusaResponse): boolean {
  const closed = error instanceof PortalClosedError || (error as { portal_closed?: unknown } | null)?.portal_closed === true
  if (!closed) return false
  res.status(403).json({ type: MedusaError.Types.NOT_ALLOWED, message: String((error as Error).message) })
  return true
}

const SETTINGS_ON_REQUEST = Symbol.for("medusa-billing-portal.settings")

/** The portal settings, read once per request however many gates run. */
export function portalSettingsFor(req: MedusaRequest): Promise<PortalSettings> {
  const holder = req as unknown as Record<symbol, Promise<PortalSettings> | undefined>
  holder[SETTINGS_ON_REQUEST] ??= loadPortalSettings(req.scope)
  return holder[SETTINGS_ON_REQUEST]!
}

const gate =
  (check: (settings: PortalSettings) => void) =>
  async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      check(await portalSettingsFor(req))
    } catch (e) {
      if (respondPortalClosed(e, res)) return
      return next(e)
    }
    next()
  }

/**
 * 403 "The <Tab> section of the billing portal is disabled" unless the tab
 * is on. With several tabs, the route stays open while any of them is on
 * (receipts: payments or history).
 */
export const requirePortalTab = (tab: PortalTab | readonly PortalTab[]) => gate((s) => assertPortalTabEnabled(s, tab))

/** 403 "Portal logins are disabled" when the admin turned portal logins off. */
export const requirePortalLogins = () => gate(assertPortalLoginsEnabled)

export { DELETED_CUSTOMER_MESSAGE, PORTAL_ACCESS_OFF_MESSAGE }

/**
 * 401 for a login whose customer the admin deleted after it was issued: its
 * JWT stays valid until it expires, and every billing route trusts its
 * actor (Medusa's own `/store/customers/me` answers 404 then). 401 too, with
 * its own message, when the admin turned the customer's portal access off.
 * Two indexed reads per request, at the same time.
 */
export const requireExistingCustomer =
  () => async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const id = (req as AuthenticatedMedusaRequest).auth_context?.actor_id
      if (!id) return next(new MedusaError(MedusaError.Types.UNAUTHORIZED, DELETED_CUSTOMER_MESSAGE))
      // both reads at once: one round trip's wait per request
      const [[customer], accessOff] = await Promise.all([
        req.scope.resolve(Modules.CUSTOMER).listCustomers({ id }, { select: ["id"], take: 1 }),
        req.scope.resolve<PortalModuleService>(PORTAL_MODULE).listCustomerIdsWithAccessOff([id]),
      ])
      if (!customer) return next(new MedusaError(MedusaError.Types.UNAUTHORIZED, DELETED_CUSTOMER_MESSAGE))
      if (accessOff.length) return next(new MedusaError(MedusaError.Types.UNAUTHORIZED, PORTAL_ACCESS_OFF_MESSAGE))
    } catch (e) {
      return next(e)
    }
    next()
  }

/**
 * What every billing route of a signed-in customer runs first: Medusa's
 * customer authentication (session or bearer), the customer still there
 * with portal access on, portal logins on.
 */
export const customerLogin = () => [authenticate("customer", ["session", "bearer"]), requireExistingCustomer(), requirePortalLogins()]

/**
 * 400 when the body names a payment method type the portal does not offer
 * (`payment_method.type`), as the payment route does: the preview must not
 * promise what the payment would refuse. Other shapes are left to the body
 * validator.
 */
export const requireOfferedPaymentMethod =
  () => async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const type = (req.body as any)?.payment_method?.type
    if (typeof type !== "string") return next()
    try {
      const settings = await portalSettingsFor(req)
      if ((["card", "us_bank_account"] as string[]).includes(type) && !settings.payment_methods.includes(type as any)) {
        return next(
          new MedusaError(MedusaError.Types.INVALID_DATA, `payment_method.type: ${type} payments are not offered`)
        )
      }
    } catch (e) {
      return next(e)
    }
    next()
  }
