/**
 * Medusa internal, wrapped here and nowhere else: how Medusa's Stripe
 * provider turns a session's major-unit amount into the PaymentIntent's
 * `amount` (Stripe's own currency rules: ISK in hundredths, three-decimal
 * currencies rounded to tens, …). The Stripe adapter checks a PaymentIntent's
 * amount with the same rule the provider used to create it.
 * `medusa-internals.spec` fails if Medusa moves or changes it.
 */
import { getSmallestUnit } from "@medusajs/payment-stripe/dist/utils/get-smallest-unit"

export function stripeSmallestUnit(majorAmount: string, currencyCode: string): bigint {
  if (typeof getSmallestUnit !== "function") {
    throw new Error("Medusa's Stripe provider no longer provides getSmallestUnit: medusa-billing-portal needs an update")
  }
  return BigInt(getSmallestUnit(majorAmount, currencyCode))
}
