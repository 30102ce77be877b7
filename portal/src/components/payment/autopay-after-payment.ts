import type { useEnrollAutopayAfterPayment } from "../../api/payments"
import type { SavedPaymentMethod } from "../../api/types"
import { errorMessage } from "../../lib/errors"
import { savedMethodLabel } from "./labels"

/**
 * What the receipt page is told about autopay when the customer asked the
 * payment to turn it on (router state): on, refused, left as the customer
 * set it since, or still to do once the payment is taken (its method is
 * known only then).
 */
export type ReceiptAutopay =
  | { on: true; label: string }
  | { on: false; error: string }
  | { left: true; label: string | null }
  | { awaiting: true; termsVersion: string; paymentCreatedAt: string }

export type ReceiptState = { autopay?: ReceiptAutopay }

/**
 * Turns autopay on with the method the payment saved ("use it for autopay",
 * the terms of `termsVersion` agreed to). Never throws: the receipt says how
 * it went. An enrollment the customer confirmed after the payment was made
 * (`paymentCreatedAt`) is left alone; it is "on" if it already uses this method.
 */
export async function turnOnAutopayAfterPayment(
  enroll: ReturnType<typeof useEnrollAutopayAfterPayment>,
  saved: SavedPaymentMethod,
  termsVersion: string,
  paymentCreatedAt: string
): Promise<ReceiptAutopay> {
  try {
    const result = await enroll.mutateAsync({ paymentMethodId: saved.id, termsVersion, paymentCreatedAt })
    if ("enrolled" in result || result.changedSince.payment_method_id === saved.id) return { on: true, label: savedMethodLabel(saved) }
    return { left: true, label: result.changedSince.payment_method_label }
  } catch (error) {
    return { on: false, error: errorMessage(error) }
  }
}
