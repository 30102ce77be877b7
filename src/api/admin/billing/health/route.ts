import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { findInvariantViolations } from "../../../../modules/invoicing/invariants"

/**
 * Runs the six invariant queries of DESIGN sec. 4 (read-only) and answers
 * `{ ok, violations: [{ invariant, number, rows }] }`: `invariant` names the
 * query, `number` is its number in DESIGN sec. 4, `rows` what breaks it.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const pg = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const violations = await findInvariantViolations(async (sql) => (await pg.raw(sql)).rows)
  res.json({ ok: violations.length === 0, violations })
}
