import type { LoaderOptions } from "@medusajs/framework/types"
import { getBillingOptions } from "../../../utils/options"

/**
 * Reads the plugin's options once when Medusa starts, so an option that
 * cannot be used (a `timeZone` the runtime does not know) stops `medusa
 * start` with an error naming it, instead of failing requests and jobs later.
 */
export default async function checkBillingOptions({ container }: LoaderOptions) {
  getBillingOptions(container as any)
}
