/**
 * Medusa answers an error as `{ type, message }` with an HTTP status. What a
 * UI needs from it: the status (401 → sign in again, 404 → gone, 409 → the
 * key was used for another payment) and the server's own message, worded
 * for the customer and naming the field it is about, to show next to that
 * field.
 *
 * js-sdk 2.21.2 (`Client.fetch`) passes on only the status and the `message`
 * of an error answer (its `FetchError`), so `type` is the Medusa type that
 * goes with the status, the way this plugin's routes pick it: 400
 * `invalid_data`, 401 `unauthorized`, 403 `not_allowed`, 404 `not_found`,
 * 409 `conflict`, 429 `too_many_requests`. The one ambiguity is 400, which
 * Medusa also uses for `not_allowed` (paying an invoice that is already
 * paid); it is reported as `invalid_data`, and the message tells them apart.
 */
/**
 * The 401 message of every logged-in billing route for a login whose
 * customer the business deleted: signing in again will not help (a client
 * can say so instead of "your session ended").
 */
export const DELETED_CUSTOMER_MESSAGE = "This customer account no longer exists"

/**
 * The message of the 401 every signed-in billing route answers for a
 * customer whose portal access the business turned off: signing in again
 * will not help either.
 */
export const PORTAL_ACCESS_OFF_MESSAGE = "Your access to this billing portal has been turned off"

export class BillingApiError extends Error {
  override readonly name = "BillingApiError"
  /** the HTTP status; 0 when no answer came (network down, CORS refused, server unreachable) */
  readonly status: number
  /** Medusa's error type for the status (see above), or `network_error` */
  readonly type: string
  /**
   * The `Idempotency-Key` the failed request carried (payments and saved
   * methods). Retry with the same key and body: the server charges at most
   * once per key, whether or not the first request got through.
   */
  readonly idempotencyKey?: string
  /** the error this one was made from */
  readonly cause?: unknown

  constructor(init: { status: number; type: string; message: string; idempotencyKey?: string; cause?: unknown }) {
    super(init.message)
    this.status = init.status
    this.type = init.type
    if (init.idempotencyKey !== undefined) this.idempotencyKey = init.idempotencyKey
    if (init.cause !== undefined) this.cause = init.cause
  }
}

const TYPE_OF_STATUS: Readonly<Record<number, string>> = {
  400: "invalid_data",
  401: "unauthorized",
  403: "not_allowed",
  404: "not_found",
  409: "conflict",
  415: "invalid_data",
  422: "invalid_data",
  429: "too_many_requests",
}

/** Medusa's error type for an HTTP status, as the store billing routes use it. */
export function errorTypeForStatus(status: number): string {
  return TYPE_OF_STATUS[status] ?? (status >= 500 ? "unexpected_state" : "invalid_request")
}

/** js-sdk's FetchError, recognised by shape: a storefront may load its own copy of the sdk. */
function isSdkFetchError(error: unknown): error is Error & { status: number; statusText?: string } {
  return error instanceof Error && typeof (error as { status?: unknown }).status === "number"
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name
  return name === "AbortError" || name === "TimeoutError"
}

/**
 * The BillingApiError for whatever a request threw. A cancelled request
 * (AbortSignal) is thrown back unchanged, so react-query and the like see a
 * cancellation rather than a failure.
 */
export function toBillingApiError(error: unknown, context: { idempotencyKey?: string } = {}): unknown {
  if (error instanceof BillingApiError) return error
  if (isAbort(error)) return error
  if (isSdkFetchError(error)) {
    return new BillingApiError({
      status: error.status,
      type: errorTypeForStatus(error.status),
      message: error.message || error.statusText || `Request failed with status ${error.status}`,
      idempotencyKey: context.idempotencyKey,
      cause: error,
    })
  }
  // fetch rejects with a TypeError when no answer arrives ("Failed to fetch", "fetch failed")
  if (error instanceof TypeError) {
    return new BillingApiError({
      status: 0,
      type: "network_error",
      message: `The billing API could not be reached: ${error.message}`,
      idempotencyKey: context.idempotencyKey,
      cause: error,
    })
  }
  return error
}
