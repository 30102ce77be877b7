import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * Emails are not case-sensitive to the people who type them, but Medusa's
 * emailpass login is: a customer invited as "Jane.Doe@Example.com" could not
 * sign in as "jane.doe@example.com" (or ask for a password reset), and could
 * register a second login under the other spelling.
 *
 * Before Medusa's customer emailpass routes — sign in, register, reset
 * password — the email typed is replaced by the spelling of the one login
 * it matches regardless of case, when it matches no login exactly and
 * exactly one case-insensitively. Otherwise nothing changes (no login, or two
 * logins that differ only by case: Medusa answers as it always does), so the
 * answers say nothing new about which emails have a login.
 */
export function canonicalLoginEmail(field: "email" | "identifier") {
  return async (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const body = req.body as Record<string, unknown> | undefined
      const typed = body?.[field]
      if (typeof typed === "string" && typed.includes("@") && typed.length <= 320) {
        const stored = await storedSpelling(req, typed)
        if (stored && stored !== typed) body![field] = stored
      }
    } catch (e) {
      // never in the way of a sign-in: Medusa answers for the email as typed
      req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`billing: login email lookup failed: ${(e as Error).message}`)
    }
    next()
  }
}

/** The one emailpass login spelt like `typed` but for case, when none is spelt exactly like it. */
async function storedSpelling(req: MedusaRequest, typed: string): Promise<string | null> {
  const pg = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const exact = await pg.raw(
    `SELECT 1 FROM provider_identity WHERE provider = 'emailpass' AND entity_id = ? AND deleted_at IS NULL LIMIT 1`,
    [typed]
  )
  if (exact.rows.length) return null
  const { rows } = await pg.raw(
    `SELECT entity_id FROM provider_identity
      WHERE provider = 'emailpass' AND lower(entity_id) = lower(?) AND deleted_at IS NULL LIMIT 2`,
    [typed]
  )
  return rows.length === 1 ? (rows[0].entity_id as string) : null
}
