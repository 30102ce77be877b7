import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { renderStatementPdf, statementPdfFilename } from "../../../../documents"
import { loadStatementDocumentWorkflow } from "../../../../workflows/documents"
import { sendPdf } from "../../../utils/pdf-response"
import { StoreGetStatementType } from "../validators"

/** `?from=&to=&currency_code=&period=`: the logged-in customer's statement, never anyone else's. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetStatementType>, res: MedusaResponse) => {
  const query = req.validatedQuery as StoreGetStatementType
  const { result } = await loadStatementDocumentWorkflow(req.scope).run({
    input: { ...query, customer_id: req.auth_context.actor_id },
  })
  sendPdf(res, await renderStatementPdf(result), statementPdfFilename(result.currency_code, result.period.from, result.period.to))
}
