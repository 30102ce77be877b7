/**
 * Medusa internal, wrapped here and nowhere else: the helper Medusa's own
 * login routes use to sign an actor's JWT. It is not exported from a public
 * entry point, so it is a deep import; `__tests__/medusa-internals` fails if
 * Medusa moves or changes it.
 */
import { generateJwtTokenWithChecks as medusaGenerateJwtToken } from "@medusajs/medusa/api/auth/utils/generate-jwt-token"

export const generateJwtTokenWithChecks: typeof medusaGenerateJwtToken = (...args) => {
  if (typeof medusaGenerateJwtToken !== "function") {
    throw new Error(
      "Medusa no longer provides api/auth/utils/generate-jwt-token: medusa-billing-portal needs an update for this Medusa version"
    )
  }
  return medusaGenerateJwtToken(...args)
}
