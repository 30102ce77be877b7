import path from "path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Medusa's production shape (DESIGN sec. 16, README "Production"): with
// REDIS_URL set, the event bus, workflow engine, locking and caching run on
// Redis, and MEDUSA_WORKER_MODE makes this instance a `server` (HTTP only)
// or the `worker` (jobs and subscribers). Without it: in-memory modules, one
// process doing both (the demo and most tests).
const redisUrl = process.env.REDIS_URL || undefined
const workerMode = (process.env.MEDUSA_WORKER_MODE || "shared") as "shared" | "worker" | "server"

const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
        },
      },
      {
        resolve: "@medusajs/medusa/caching",
        options: {
          providers: [{ resolve: "@medusajs/medusa/caching-redis", id: "caching-redis", is_default: true, options: { redisUrl } }],
        },
      },
    ]
  : []

/** The react-router-dom the admin dashboard itself resolves, when it has a copy of its own. */
function dashboardReactRouterDom(): string | undefined {
  try {
    const dashboard = path.dirname(require.resolve("@medusajs/dashboard/package.json"))
    const router = path.dirname(require.resolve("react-router-dom/package.json", { paths: [dashboard] }))
    return router.startsWith(dashboard) ? router : undefined
  } catch {
    return undefined
  }
}

// Files (the portal's header image, uploaded from the billing settings page
// through POST /admin/uploads) go through Medusa's File Module. This app keeps
// them with the local provider under ./static, which Medusa serves at /static;
// the provider's default address names port 9000, so it follows PORT (the
// tests' apps run on free ports) or an absolute MEDUSA_BACKEND_URL. A store configures its
// own provider (S3…), whose addresses are https.
const configuredBackendUrl = /^https?:\/\//.test(process.env.MEDUSA_BACKEND_URL ?? "") ? process.env.MEDUSA_BACKEND_URL! : undefined
const backendUrl = (configuredBackendUrl ?? `http://localhost:${process.env.PORT || 9000}`).replace(/\/$/, "")

// The repository root is also a runnable Medusa app that loads this plugin's
// own `src/` (for the demo and the tests). A store that installs the package
// lists it under `plugins` instead; see README.md.
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseLogging: false,
    redisUrl,
    workerMode,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:5173,http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:5173,http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLE === "true",
    // Our admin pages must share the dashboard's router: the dashboard brings
    // its own react-router-dom (v7, nested under @medusajs/dashboard) while
    // the root has the portal's v6, and a page importing the root copy finds
    // no router (useParams/Link throw). A store that installs the plugin has
    // one copy (the dashboard's), so this concerns this repository's app only.
    vite: () => {
      const router = dashboardReactRouterDom()
      return router ? { resolve: { alias: { "react-router-dom": router } } } : {}
    },
  },
  modules: [
    { resolve: "./src/modules/invoicing" },
    { resolve: "./src/modules/portal" },
    { resolve: "./src/modules/autopay" },
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [{ resolve: "@medusajs/medusa/file-local", id: "local", options: { backend_url: `${backendUrl}/static` } }],
      },
    },
    {
      // Emails are stored and logged here; a store plugs in SendGrid, Resend… instead.
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { name: "Local notifications", channels: ["email", "feed"] },
          },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          // Offline stand-in for Stripe test mode (DESIGN sec. 6); refuses NODE_ENV=production.
          {
            resolve: "./src/providers/sandbox",
            id: "sandbox",
            options: {
              achSettlementDelayMs: Number(process.env.SANDBOX_ACH_DELAY_MS ?? 20000),
              webhookSecret: process.env.SANDBOX_WEBHOOK_SECRET,
              allowInProduction: process.env.SANDBOX_ALLOW_IN_PRODUCTION === "true",
              latencyMs: Number(process.env.SANDBOX_LATENCY_MS ?? 0),
            },
          },
          ...(process.env.STRIPE_API_KEY
            ? [
                {
                  resolve: "@medusajs/medusa/payment-stripe",
                  id: "stripe",
                  options: {
                    apiKey: process.env.STRIPE_API_KEY,
                    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
                    // ACH debits settle days later: "processing" is not a failure.
                    asyncPaymentMethodTypes: ["us_bank_account"],
                  },
                },
              ]
            : []),
        ],
      },
    },
    // Several Medusa instances on one database: BILLING_LOCKING=postgres makes
    // the Locking Module's locks PostgreSQL advisory locks (default: in-memory).
    ...redisModules,
    ...(!redisUrl && process.env.BILLING_LOCKING === "postgres"
      ? [
          {
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [{ resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres", is_default: true }],
            },
          },
        ]
      : []),
  ],
})
