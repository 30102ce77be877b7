import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { renderStatementPdf, statementPdfFilename } from "../../../../../../documents"
import { loadStatementDocumentWorkflow } from "../../../../../../workflows/documents"
import { sendPdf } from "../../../../../utils/pdf-response"
import { AdminGetStatementType } from "../../../validators"

/** `?from=&to=&currency_code=&period=`: a customer's statement; an unknown customer is 404. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetStatementType>, res: MedusaResponse) => {
  const query = req.validatedQuery as AdminGetStatementType
  const { result } = await loadStatementDocumentWorkflow(req.scope).run({
    input: { ...query, customer_id: req.params.id },
  })
  sendPdf(res, await renderStatementPdf(result), statementPdfFilename(result.currency_code, result.period.from, result.period.to))
}
