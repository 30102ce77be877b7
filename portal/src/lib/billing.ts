import { createBillingClient } from "../../../src/client/client"
import { sdk } from "./sdk"

/**
 * The typed store client (`medusa-billing-portal/client`) on the portal's
 * own JS SDK: one function per `/store/billing` route, Idempotency-Keys for
 * payments, errors as BillingApiError. Pages call the API through this.
 */
export const billing = createBillingClient({ sdk })
