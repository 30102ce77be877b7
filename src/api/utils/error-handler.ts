import { errorHandler as medusaErrorHandler } from "@medusajs/framework/http"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MALFORMED_PATH_MESSAGE } from "./request-guards"

const coreErrorHandler = medusaErrorHandler()

/**
 * Medusa's error handler, except for one error it answers with 500: a path
 * that is not valid percent-encoding. Medusa's own `/admin*` middleware (a
 * wildcard, which Express decodes as a parameter) runs before any plugin
 * middleware, so `GET /admin/billing/payments/%` failed with Express's
 * URIError (status 400, which Medusa's handler does not read) before
 * billingRequestGuard could refuse it. Found by the fuzz layer. Everything
 * else goes to Medusa's handler unchanged.
 */
export function billingErrorHandler(err: any, req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (err instanceof URIError && (err as any).status === 400 && !res.headersSent) {
    res.status(400).json({ type: "invalid_data", message: MALFORMED_PATH_MESSAGE })
    return
  }
  return coreErrorHandler(err, req, res, next)
}
