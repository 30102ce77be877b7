import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/** The folder of the react-router-dom that Medusa's dashboard itself resolves (null: none found). */
function dashboardRouterDom(): string | null {
  try {
    const path = require("path") as typeof import("path")
    const dashboard = path.dirname(require.resolve("@medusajs/dashboard/package.json"))
    return path.dirname(require.resolve("react-router-dom/package.json", { paths: [dashboard] }))
  } catch {
    return null
  }
}

// The repository root is also a runnable Medusa app that loads this plugin's
// own `src/` (for the demo and the tests). A store that installs the package
// lists it under `plugins` instead; see README.md.
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseLogging: false,
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
    // The billing pages must share the dashboard's router: its own
    // react-router-dom (v7, nested under @medusajs/dashboard) — the root's v6
    // belongs to the hosted portal's build. Two copies mean two router
    // contexts, and `useParams`/`Link` in a plugin page throw.
    vite: () => {
      const routerDom = dashboardRouterDom()
      return routerDom ? { resolve: { alias: [{ find: /^react-router-dom$/, replacement: routerDom }] } } : {}
    },
  },
  modules: [
    { resolve: "./src/modules/invoicing" },
    { resolve: "./src/modules/portal" },
    { resolve: "./src/modules/autopay" },
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
    ...(process.env.BILLING_LOCKING === "postgres"
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
