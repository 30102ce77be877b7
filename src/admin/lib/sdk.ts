import Medusa, { FetchError } from "@medusajs/js-sdk"

// Set by Medusa's admin bundler (`admin.backendUrl`, ADMIN_AUTH_TYPE,
// ADMIN_JWT_TOKEN_STORAGE_KEY) when it builds the dashboard with our
// extensions; read through `typeof` so a build that leaves them undefined
// falls back to the dashboard's own defaults (same origin, session cookie).
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: "session" | "jwt" | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined

const backendUrl = typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__ ? __BACKEND_URL__ : "/"
const authType = typeof __AUTH_TYPE__ !== "undefined" && __AUTH_TYPE__ ? __AUTH_TYPE__ : "session"
const jwtTokenStorageKey =
  typeof __JWT_TOKEN_STORAGE_KEY__ !== "undefined" && __JWT_TOKEN_STORAGE_KEY__ ? __JWT_TOKEN_STORAGE_KEY__ : undefined

/**
 * The billing pages' one Medusa JS SDK client, configured like the
 * dashboard's own (`@medusajs/dashboard` lib/client): the same backend URL
 * and auth type, so every call carries the admin's session or JWT, also when
 * the admin is served from another origin. Call the API with
 * `sdk.client.fetch(path, { method, body, query })`; it throws a `FetchError`
 * with the API's message and status.
 */
export const sdk = new Medusa({
  baseUrl: backendUrl,
  auth: { type: authType, ...(jwtTokenStorageKey ? { jwtTokenStorageKey } : {}) },
})

/** The API's own message for a failed call (`FetchError.message` is the body's `message`). */
export function errorMessage(error: unknown): string {
  if (error instanceof FetchError || error instanceof Error) return error.message || "Something went wrong"
  return "Something went wrong"
}

/** The HTTP status of a failed call, when it had one. */
export function errorStatus(error: unknown): number | undefined {
  return error instanceof FetchError ? error.status : undefined
}

/**
 * A file from an admin route (invoice, receipt and statement PDFs), fetched
 * with the admin's credentials and saved under the name the server gives in
 * Content-Disposition (or `fallbackName`).
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await sdk.client.fetch<Response>(path, { method: "GET", headers: { accept: "application/pdf" } })
  const disposition = res.headers.get("content-disposition") ?? ""
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName
  const url = URL.createObjectURL(await res.blob())
  try {
    const a = document.createElement("a")
    a.href = url
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
}
