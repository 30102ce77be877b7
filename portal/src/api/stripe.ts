import { useQuery } from "@tanstack/react-query"
import { getStripe } from "../lib/stripe"
import { stripeKeys } from "./query-keys"

/**
 * Stripe.js from js.stripe.com (lib/stripe.ts), through react-query so the
 * form shows a loading state, a failure in words and a retry. Asked for only
 * by the Stripe payment components, so a sandbox portal never loads it.
 */
export function useStripeJs() {
  return useQuery({
    queryKey: stripeKeys.js(),
    queryFn: getStripe,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  })
}
