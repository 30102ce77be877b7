import { FetchError } from "@medusajs/js-sdk"
import { BillingApiError } from "../../../src/client/errors"

/** The HTTP status of a failed API call, if it got that far (the store client's errors too). */
export function errorStatus(error: unknown): number | undefined {
  if (error instanceof BillingApiError) return error.status || undefined
  return error instanceof FetchError ? error.status : undefined
}

/** The portal's retry rule for reads: a 4xx will not change on retry (signed out, tab off, not found); no answer or a 5xx may, twice. */
export function shouldRetry(failures: number, error: unknown): boolean {
  const status = errorStatus(error)
  return !(status && status >= 400 && status < 500) && failures < 2
}

/**
 * What to tell the customer: the API's own message (Medusa's `{ message }`),
 * or words for a request that never got an answer.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof FetchError) {
    if (error.status && error.status >= 500) {
      return "Something went wrong on our side. Please try again in a moment."
    }
    return error.message || error.statusText || "The request was refused."
  }
  if (error instanceof BillingApiError) {
    if (error.status === 0) return "We could not reach the server. Check your connection and try again."
    if (error.status >= 500) return "Something went wrong on our side. Please try again in a moment."
    return error.message || "The request was refused."
  }
  if (error instanceof TypeError) {
    return "We could not reach the server. Check your connection and try again."
  }
  return error instanceof Error && error.message ? error.message : "Something went wrong. Please try again."
}
