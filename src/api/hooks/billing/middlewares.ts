import { MiddlewareRoute } from "@medusajs/framework/http"

export const billingHookMiddlewares: MiddlewareRoute[] = [
  {
    // The signature covers the exact bytes Stripe sent.
    methods: ["POST"],
    matcher: "/hooks/billing/stripe",
    bodyParser: { preserveRawBody: true },
    middlewares: [],
  },
]
