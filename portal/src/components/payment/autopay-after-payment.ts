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
  /** the customer set autopay up, changed, paused or canceled it after the payment: left as it is now */
  | { left: true; status: "active" | "paused" | "none"; label: string | null }
  | { awaiting: true; termsVersion: string; paymentCreatedAt: string }

export type ReceiptState = { autopay?: ReceiptAutopay }

/**
 * Turns autopay on with the method the payment saved ("use it for autopay",
 * the terms of `termsVersion` agreed to). Never throws: the receipt says how
 * it went. Autopay the customer set up, changed, paused or canceled after
 * the payment was made (`paymentCreatedAt`) is left alone (the server
 * checks, under the customer's lock); it is "on" if it is active with this method.
 */
export async function turnOnAutopayAfterPayment(
  enroll: ReturnType<typeof useEnrollAutopayAfterPayment>,
  saved: SavedPaymentMethod,
  termsVersion: string,
  paymentCreatedAt: string
): Promise<ReceiptAutopay> {
  try {
    const result = await enroll.mutateAsync({ paymentMethodId: saved.id, termsVersion, paymentCreatedAt })
    if ("enrolled" in result) return { on: true, label: savedMethodLabel(saved) }
    const now = result.changedSince
    if (now.status === "active" && now.payment_method_id === saved.id) return { on: true, label: savedMethodLabel(saved) }
    return {
      left: true,
      status: now.status === "active" || now.status === "paused" ? now.status : "none",
      label: now.status === "active" || now.status === "paused" ? now.payment_method_label : null,
    }
  } catch (error) {
    return { on: false, error: errorMessage(error) }
  }
}
