import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { generateResetPasswordTokenWorkflow } from "@medusajs/medusa/core-flows"
import type { PortalUserTarget, SkipReason } from "./resolve-portal-user-targets"

export type RequestPortalPasswordResetsStepInput = { targets: PortalUserTarget[] }
export type RequestPortalPasswordResetsStepOutput = {
  sent: { customer_id: string; email: string }[]
  skipped: { customer_id: string; reason: SkipReason }[]
}

export const requestPortalPasswordResetsStepId = "request-portal-password-resets"

/**
 * Runs Medusa's own reset flow for each customer with a login — exactly what
 * `POST /auth/customer/emailpass/reset-password` does — so the token, its
 * 15-minute lifetime and the `auth.password_reset` event are Medusa's; the
 * billing-password-reset subscriber sends the email.
 *
 * No compensation: it is the workflow's last step, an email that went out
 * cannot be recalled, and an unused reset token only expires.
 */
export const requestPortalPasswordResetsStep = createStep(
  requestPortalPasswordResetsStepId,
  async (input: RequestPortalPasswordResetsStepInput, { container }) => {
    const { http } = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig
    const out: RequestPortalPasswordResetsStepOutput = { sent: [], skipped: [] }
    for (const target of input.targets) {
      const { errors } = await generateResetPasswordTokenWorkflow(container).run({
        input: {
          entityId: target.email,
          actorType: "customer",
          provider: "emailpass",
          secret: http.jwtSecret as string,
          jwtOptions: (http as any).jwtOptions,
          metadata: { requested_by: "admin" },
        },
        throwOnError: false,
      })
      if (errors?.length) out.skipped.push({ customer_id: target.customer_id, reason: "no_account" })
      else out.sent.push({ customer_id: target.customer_id, email: target.email })
    }
    return new StepResponse(out)
  }
)
