import { Auth, Client, type Config } from "@medusajs/js-sdk"
import { config } from "../config"

/** Where the SDK keeps the customer's JWT (sessionStorage). */
export const TOKEN_STORAGE_KEY = "medusa_billing_portal_token"

const sdkConfig: Config = {
  baseUrl: config.backend_url,
  publishableKey: config.publishable_key,
  // Customers authenticate with a bearer JWT kept in sessionStorage (gone when
  // the tab closes), never with Medusa's session cookie: the admin at /app
  // uses that cookie on the same origin, and a customer session would replace
  // it and sign the admin out.
  auth: {
    type: "jwt",
    jwtTokenStorageMethod: "session",
    jwtTokenStorageKey: TOKEN_STORAGE_KEY,
  },
}

const client = new Client(sdkConfig)

/**
 * The portal's one Medusa JS SDK client: `sdk.client.fetch` for the API,
 * `sdk.auth` to sign in and out. It is `new Medusa(…)` without the admin and
 * storefront resource classes, which the portal never calls and which would
 * only add to the first load.
 */
export const sdk = { client, auth: new Auth(client, sdkConfig) }
