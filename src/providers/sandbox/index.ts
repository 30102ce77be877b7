import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import SandboxPaymentProviderService from "./service"

/**
 * The billing sandbox payment provider (Stripe test mode, offline). Register
 * it in the Payment Module's providers as
 * `{ resolve: "./src/providers/sandbox", id: "sandbox", options }` — from an
 * installed plugin, `resolve: "medusa-billing-portal/providers/sandbox"` —
 * and its id is `pp_billing-sandbox_sandbox`.
 */
export default ModuleProvider(Modules.PAYMENT, {
  services: [SandboxPaymentProviderService],
})

export { SandboxPaymentProviderService }
export * from "./behaviour"
