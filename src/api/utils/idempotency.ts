import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/** The request's `Idempotency-Key` header, required and at most 255 characters (400 otherwise). */
export function requireIdempotencyKey(req: MedusaRequest): string {
  const key = optionalIdempotencyKey(req)
  if (!key) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Idempotency-Key header is required")
  }
  return key
}

/** The request's `Idempotency-Key` header when it has one (at most 255 characters, 400 otherwise). */
export function optionalIdempotencyKey(req: MedusaRequest): string | null {
  const key = req.get("idempotency-key")?.trim()
  if (!key) return null
  if (key.length > 255) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Idempotency-Key header must be at most 255 characters")
  }
  return key
}

/**
 * Runs a keyed workflow and answers a reused key with another body as 409
 * with the workflow's own message: Medusa's error handler would answer every
 * 409 with a generic retry hint. A conflict that carries a code (the
 * payment's `balance_changed`) answers it too, for clients to tell the
 * cases apart. Resolves to undefined once it has answered.
 */
export async function runKeyed<T>(res: MedusaResponse, run: Promise<T>): Promise<T | undefined> {
  try {
    return await run
  } catch (e: any) {
    if (e?.type === MedusaError.Types.CONFLICT) {
      res.status(409).json({ type: "conflict", ...(typeof e.code === "string" ? { code: e.code } : {}), message: e.message })
      return undefined
    }
    throw e
  }
}
