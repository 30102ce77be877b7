import type { Client, ClientHeaders, Config, FetchArgs } from "@medusajs/js-sdk"
import { toBillingApiError } from "./errors"
import { newIdempotencyKey } from "./idempotency"
import type {
  Autopay,
  BillingAccount,
  CompletePaymentBody,
  CreatePaymentBody,
  CreatePaymentMethodBody,
  CreateServiceRequestBody,
  DeletedPaymentMethod,
  HistoryList,
  HistoryQuery,
  Invitation,
  InvoiceDetail,
  InvoiceList,
  InvoiceListQuery,
  Payment,
  PaymentList,
  PaymentListQuery,
  PaymentMethodList,
  PaymentPreview,
  PayLink,
  PayPayLinkBody,
  PendingPaymentMethodSetup,
  PreviewPayLinkBody,
  PreviewPaymentBody,
  SavedPaymentMethod,
  ServiceRequest,
  ServiceRequestList,
  ServiceRequestListQuery,
  StatementQuery,
  UpdateAutopayBody,
} from "./types"

/**
 * What the client needs of a Medusa JS SDK: its `client.fetch`. A `new
 * Medusa(…)` fits, and so does a lighter `{ client: new Client(…) }`. The
 * sdk brings the backend URL, the publishable key and the customer's
 * authentication (JWT or session cookie, as it is configured).
 */
export type BillingSdk = { client: Pick<Client, "fetch"> }

export type BillingClientOptions =
  | { sdk: BillingSdk }
  | {
      /** the Medusa backend, e.g. `https://api.example.com` */
      baseUrl: string
      publishableKey: string
      /**
       * The logged-in customer's JWT, asked for before every request (read
       * it from your cookie or session store); without it only the routes
       * that need no login work (invitations).
       */
      getToken?: () => string | null | undefined | Promise<string | null | undefined>
    }

export type RequestOptions = {
  /** cancels the request (react-query passes one to every query function) */
  signal?: AbortSignal
}

export type KeyedRequestOptions = RequestOptions & {
  /**
   * The `Idempotency-Key` of this attempt. Left out, a new one is made and
   * returned (and carried by the BillingApiError on failure): keep it and
   * send it again when you retry the same request.
   */
  idempotencyKey?: string
}

export type CreatePaymentResult = {
  payment: Payment
  /** the method kept for autopay (`payment_method.save_for_autopay` with new details) */
  saved_payment_method?: SavedPaymentMethod
  /** the key the payment was made under: reuse it to retry this same payment */
  idempotency_key: string
}

export type CompletePaymentResult = {
  payment: Payment
  /**
   * The method the payment kept for autopay when it was made with
   * `payment_method.save_for_autopay` and the client confirmed it (Stripe,
   * the sandbox's 3-D Secure card: known only then): enroll with it
   * (`updateAutopay`), as with `CreatePaymentResult.saved_payment_method`.
   */
  saved_payment_method?: SavedPaymentMethod
}

export type PayPayLinkResult = {
  payment: Payment
  /** the key the payment was made under: reuse it to retry this same payment */
  idempotency_key: string
}

export type CreatePaymentMethodResult = {
  /** the saved method, or a setup the client must still confirm with the provider (Stripe) */
  payment_method: SavedPaymentMethod | PendingPaymentMethodSetup
  idempotency_key: string
}

export type CancelAutopayResult = {
  /** the enrollment as it ended (`status: "canceled"`), or `status: "none"` when there was none */
  autopay: Autopay
  deleted: boolean
}

/** One function per `/store/billing` route. Every function rejects with a BillingApiError when the API says no. */
export interface BillingClient {
  /** GET /store/billing/account: balances per currency, autopay, the portal settings customers see */
  getAccount(options?: RequestOptions): Promise<BillingAccount>

  /** GET /store/billing/invoices */
  listInvoices(query?: InvoiceListQuery, options?: RequestOptions): Promise<InvoiceList>
  /** GET /store/billing/invoices/:id, with lines and allocations; another customer's invoice is a 404 */
  getInvoice(id: string, options?: RequestOptions): Promise<InvoiceDetail>

  /** GET /store/billing/history: account activity, newest first, with the running balance */
  getHistory(query?: HistoryQuery, options?: RequestOptions): Promise<HistoryList>

  /** POST /store/billing/payments/preview: exactly what the payment would do, nothing charged */
  previewPayment(body: PreviewPaymentBody, options?: RequestOptions): Promise<PaymentPreview>
  /**
   * POST /store/billing/payments with an `Idempotency-Key` (see
   * KeyedRequestOptions). When `payment.next_action` is set, confirm with the
   * provider, then call `completePayment`.
   */
  createPayment(body: CreatePaymentBody, options?: KeyedRequestOptions): Promise<CreatePaymentResult>
  /** POST /store/billing/payments/:id/complete, after the client confirmed with the provider */
  completePayment(id: string, body?: CompletePaymentBody, options?: RequestOptions): Promise<Payment>
  /**
   * The same call, answering the whole result: the payment and, for a
   * payment made with `save_for_autopay` that the customer confirmed (Stripe,
   * or the sandbox's 3-D Secure card), the `saved_payment_method` to enroll
   * with. Asked again once the payment is taken, it answers the method too.
   */
  completePaymentWithSavedMethod(id: string, body?: CompletePaymentBody, options?: RequestOptions): Promise<CompletePaymentResult>
  /** GET /store/billing/payments, newest first */
  listPayments(query?: PaymentListQuery, options?: RequestOptions): Promise<PaymentList>
  /** GET /store/billing/payments/:id: a receipt (status, allocations, transaction_id) */
  getPayment(id: string, options?: RequestOptions): Promise<Payment>

  /** GET /store/billing/payment-methods */
  listPaymentMethods(options?: RequestOptions): Promise<PaymentMethodList>
  /** POST /store/billing/payment-methods, under an `Idempotency-Key` like a payment */
  createPaymentMethod(body: CreatePaymentMethodBody, options?: KeyedRequestOptions): Promise<CreatePaymentMethodResult>
  /** DELETE /store/billing/payment-methods/:id */
  deletePaymentMethod(id: string, options?: RequestOptions): Promise<DeletedPaymentMethod>

  /** GET /store/billing/autopay (`status: "none"` when not enrolled) */
  getAutopay(options?: RequestOptions): Promise<Autopay>
  /** PUT /store/billing/autopay: enroll, or change the method or limit (records a new consent) */
  updateAutopay(body: UpdateAutopayBody, options?: RequestOptions): Promise<Autopay>
  /** POST /store/billing/autopay/pause: nothing is charged until `updateAutopay` turns it on again (404 when autopay is not on) */
  pauseAutopay(options?: RequestOptions): Promise<Autopay>
  /** DELETE /store/billing/autopay: cancels autopay at once */
  cancelAutopay(options?: RequestOptions): Promise<CancelAutopayResult>

  /** GET /store/billing/service-requests: notes and requests, newest first */
  listServiceRequests(query?: ServiceRequestListQuery, options?: RequestOptions): Promise<ServiceRequestList>
  /** POST /store/billing/service-requests */
  createServiceRequest(body: CreateServiceRequestBody, options?: RequestOptions): Promise<ServiceRequest>
  /** GET /store/billing/service-requests/:id, with the business's reply */
  getServiceRequest(id: string, options?: RequestOptions): Promise<ServiceRequest>

  // Invitations: no login; the invitation's token travels in the
  // X-Invitation-Token header, never in the URL (no access log holds it).

  /** GET /store/billing/invitation (no login): whose invitation it is; 404 when unknown, used or expired */
  getInvitation(token: string, options?: RequestOptions): Promise<Invitation>
  /**
   * POST /store/billing/invitation/accept (no login): sets the password and
   * answers the new login's customer JWT. Sign the customer in with it, e.g.
   * `await sdk.client.setToken(token)` on a JWT sdk.
   */
  acceptInvitation(token: string, password: string, options?: RequestOptions): Promise<string>

  /** GET /store/billing/invoices/:id/pdf */
  downloadInvoicePdf(id: string, options?: RequestOptions): Promise<Blob>
  /** GET /store/billing/payments/:id/receipt */
  downloadReceipt(paymentId: string, options?: RequestOptions): Promise<Blob>
  /** GET /store/billing/statement?from=&to=&currency_code=&period= */
  downloadStatement(query?: StatementQuery, options?: RequestOptions): Promise<Blob>

  // ---- Pay links: /store/billing/pay-link/* (DESIGN sec. 15) --------------
  // No customer login: the link's token is the credential, sent in the
  // X-Pay-Link-Token header (never in the URL, so no access log or Referer
  // holds it); the publishable key as always. An unknown, revoked, expired
  // or settled link is the same 404 everywhere.

  /** GET /store/billing/pay-link: the link's business, invoices and totals. A read: it spends and changes nothing. */
  getPayLink(token: string, options?: RequestOptions): Promise<PayLink>
  /** POST /store/billing/pay-link/preview: what paying through the link would do, nothing charged */
  previewPayLink(token: string, body: PreviewPayLinkBody, options?: RequestOptions): Promise<PaymentPreview>
  /**
   * POST /store/billing/pay-link/pay with an `Idempotency-Key`, made and
   * returned as `createPayment` does. The payment carries `source: "pay_link"`;
   * when `payment.next_action` is set, confirm with the provider, then call
   * `completePayLinkPayment` with the same token.
   */
  payPayLink(token: string, body: PayPayLinkBody, options?: KeyedRequestOptions): Promise<PayPayLinkResult>
  /** POST /store/billing/pay-link/payments/:id/complete: a payment made through this link, after the client confirmed it */
  completePayLinkPayment(token: string, paymentId: string, body?: CompletePaymentBody, options?: RequestOptions): Promise<Payment>
  /**
   * POST /store/billing/pay-link/resend ("email me a new link"): always
   * resolves (the server answers 202 whatever the token), so what it says
   * must not depend on whether a new link was sent.
   */
  resendPayLink(token: string, options?: RequestOptions): Promise<void>
  /** GET /store/billing/pay-link/invoices/:id/pdf: one of the link's invoices as a PDF (no sign-in) */
  downloadPayLinkInvoicePdf(token: string, invoiceId: string, options?: RequestOptions): Promise<Blob>
}

type Fetch = Pick<Client, "fetch">

/**
 * The `{ baseUrl, publishableKey, getToken }` form: a js-sdk Client whose
 * token storage is the caller's `getToken`. The sdk is loaded on first use,
 * so storefronts that pass their own sdk never bundle a second one.
 */
function sdkFromOptions(options: Extract<BillingClientOptions, { baseUrl: string }>): () => Promise<Fetch> {
  const { getToken } = options
  const config: Config = {
    baseUrl: options.baseUrl,
    publishableKey: options.publishableKey,
    auth: getToken
      ? {
          type: "jwt",
          jwtTokenStorageMethod: "custom",
          storage: {
            getItem: async () => (await getToken()) ?? null,
            // the token belongs to the caller's own store: the client never replaces it
            setItem: () => undefined,
            removeItem: () => undefined,
          },
        }
      : { type: "jwt", jwtTokenStorageMethod: "nostore" },
  }
  let client: Promise<Fetch> | undefined
  return () =>
    (client ??= import("@medusajs/js-sdk").then(
      ({ Client: SdkClient }) => new SdkClient(config),
      (e: unknown) => {
        client = undefined
        throw new Error(
          `createBillingClient({ baseUrl }) needs the @medusajs/js-sdk package (or pass { sdk }): ${(e as Error)?.message}`
        )
      }
    ))
}

const path = (strings: TemplateStringsArray, ...ids: string[]) =>
  strings.reduce((out, part, i) => out + part + (i < ids.length ? encodeURIComponent(ids[i]) : ""), "")

/**
 * The typed client of the store billing API.
 *
 * ```ts
 * const billing = createBillingClient({ sdk })            // your storefront's Medusa JS SDK
 * const billing = createBillingClient({ baseUrl, publishableKey, getToken: () => cookies().get("jwt")?.value })
 * ```
 */
export function createBillingClient(options: BillingClientOptions): BillingClient {
  const sdkClient: () => Promise<Fetch> =
    "sdk" in options ? () => Promise.resolve(options.sdk.client) : sdkFromOptions(options)

  async function call<T>(url: string, init: FetchArgs = {}, context: { idempotencyKey?: string } = {}): Promise<T> {
    const client = await sdkClient()
    try {
      return await client.fetch<T>(url, init)
    } catch (e) {
      throw toBillingApiError(e, context)
    }
  }

  /**
   * A PDF as a Blob. js-sdk parses an answer as JSON only when the request
   * accepts JSON; asking for `application/pdf` gets the raw Response (an
   * error answer still becomes a FetchError with the server's message). A
   * plain `<a href>` cannot work: the store routes need the publishable key
   * header and the customer's authentication.
   */
  async function download(url: string, init: FetchArgs): Promise<Blob> {
    const response = await call<Response>(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), accept: "application/pdf" } })
    try {
      return await response.blob()
    } catch (e) {
      throw toBillingApiError(e)
    }
  }

  const keyed = (key: string): ClientHeaders => ({ "idempotency-key": key })
  /** A pay link's token goes in this header, never in the URL (see the BillingClient's pay-link functions). */
  const linkToken = (token: string): ClientHeaders => ({ "x-pay-link-token": token })
  /** An invitation's token too. */
  const invitationToken = (token: string): ClientHeaders => ({ "x-invitation-token": token })

  return {
    getAccount: async ({ signal } = {}) =>
      (await call<{ account: BillingAccount }>("/store/billing/account", { signal })).account,

    listInvoices: (query = {}, { signal } = {}) => call<InvoiceList>("/store/billing/invoices", { query, signal }),
    getInvoice: async (id, { signal } = {}) =>
      (await call<{ invoice: InvoiceDetail }>(path`/store/billing/invoices/${id}`, { signal })).invoice,

    getHistory: (query = {}, { signal } = {}) => call<HistoryList>("/store/billing/history", { query, signal }),

    previewPayment: async (body, { signal } = {}) =>
      (await call<{ preview: PaymentPreview }>("/store/billing/payments/preview", { method: "POST", body, signal })).preview,
    createPayment: async (body, { signal, idempotencyKey = newIdempotencyKey() } = {}) => {
      const answer = await call<Omit<CreatePaymentResult, "idempotency_key">>(
        "/store/billing/payments",
        { method: "POST", body, headers: keyed(idempotencyKey), signal },
        { idempotencyKey }
      )
      return { ...answer, idempotency_key: idempotencyKey }
    },
    completePayment: async (id, body = {}, { signal } = {}) =>
      (await call<{ payment: Payment }>(path`/store/billing/payments/${id}/complete`, { method: "POST", body, signal }))
        .payment,
    completePaymentWithSavedMethod: async (id, body = {}, { signal } = {}) => {
      const answer = await call<CompletePaymentResult>(path`/store/billing/payments/${id}/complete`, { method: "POST", body, signal })
      return answer.saved_payment_method
        ? { payment: answer.payment, saved_payment_method: answer.saved_payment_method }
        : { payment: answer.payment }
    },
    listPayments: (query = {}, { signal } = {}) => call<PaymentList>("/store/billing/payments", { query, signal }),
    getPayment: async (id, { signal } = {}) =>
      (await call<{ payment: Payment }>(path`/store/billing/payments/${id}`, { signal })).payment,

    listPaymentMethods: ({ signal } = {}) => call<PaymentMethodList>("/store/billing/payment-methods", { signal }),
    createPaymentMethod: async (body, { signal, idempotencyKey = newIdempotencyKey() } = {}) => {
      const answer = await call<Omit<CreatePaymentMethodResult, "idempotency_key">>(
        "/store/billing/payment-methods",
        { method: "POST", body, headers: keyed(idempotencyKey), signal },
        { idempotencyKey }
      )
      return { ...answer, idempotency_key: idempotencyKey }
    },
    deletePaymentMethod: (id, { signal } = {}) =>
      call<DeletedPaymentMethod>(path`/store/billing/payment-methods/${id}`, { method: "DELETE", signal }),

    getAutopay: async ({ signal } = {}) => (await call<{ autopay: Autopay }>("/store/billing/autopay", { signal })).autopay,
    updateAutopay: async (body, { signal } = {}) =>
      (await call<{ autopay: Autopay }>("/store/billing/autopay", { method: "PUT", body, signal })).autopay,
    pauseAutopay: async ({ signal } = {}) =>
      (await call<{ autopay: Autopay }>("/store/billing/autopay/pause", { method: "POST", body: {}, signal })).autopay,
    cancelAutopay: ({ signal } = {}) => call<CancelAutopayResult>("/store/billing/autopay", { method: "DELETE", signal }),

    listServiceRequests: (query = {}, { signal } = {}) =>
      call<ServiceRequestList>("/store/billing/service-requests", { query, signal }),
    createServiceRequest: async (body, { signal } = {}) =>
      (await call<{ service_request: ServiceRequest }>("/store/billing/service-requests", { method: "POST", body, signal }))
        .service_request,
    getServiceRequest: async (id, { signal } = {}) =>
      (await call<{ service_request: ServiceRequest }>(path`/store/billing/service-requests/${id}`, { signal }))
        .service_request,

    getInvitation: async (token, { signal } = {}) =>
      (await call<{ invitation: Invitation }>("/store/billing/invitation", { headers: invitationToken(token), signal })).invitation,
    acceptInvitation: async (token, password, { signal } = {}) =>
      (
        await call<{ token: string }>("/store/billing/invitation/accept", {
          method: "POST",
          body: { password },
          headers: invitationToken(token),
          signal,
        })
      ).token,

    downloadInvoicePdf: (id, { signal } = {}) => download(path`/store/billing/invoices/${id}/pdf`, { signal }),
    downloadReceipt: (paymentId, { signal } = {}) => download(path`/store/billing/payments/${paymentId}/receipt`, { signal }),
    downloadStatement: (query = {}, { signal } = {}) => download("/store/billing/statement", { query, signal }),

    getPayLink: async (token, { signal } = {}) =>
      (await call<{ pay_link: PayLink }>("/store/billing/pay-link", { headers: linkToken(token), signal })).pay_link,
    previewPayLink: async (token, body, { signal } = {}) =>
      (
        await call<{ preview: PaymentPreview }>("/store/billing/pay-link/preview", {
          method: "POST",
          body,
          headers: linkToken(token),
          signal,
        })
      ).preview,
    payPayLink: async (token, body, { signal, idempotencyKey = newIdempotencyKey() } = {}) => {
      const answer = await call<{ payment: Payment }>(
        "/store/billing/pay-link/pay",
        { method: "POST", body, headers: { ...linkToken(token), ...keyed(idempotencyKey) }, signal },
        { idempotencyKey }
      )
      return { payment: answer.payment, idempotency_key: idempotencyKey }
    },
    completePayLinkPayment: async (token, paymentId, body = {}, { signal } = {}) =>
      (
        await call<{ payment: Payment }>(path`/store/billing/pay-link/payments/${paymentId}/complete`, {
          method: "POST",
          body,
          headers: linkToken(token),
          signal,
        })
      ).payment,
    resendPayLink: async (token, { signal } = {}) => {
      await call<unknown>("/store/billing/pay-link/resend", { method: "POST", body: {}, headers: linkToken(token), signal })
    },
    downloadPayLinkInvoicePdf: (token, invoiceId, { signal } = {}) =>
      download(path`/store/billing/pay-link/invoices/${invoiceId}/pdf`, { headers: linkToken(token), signal }),
  }
}
