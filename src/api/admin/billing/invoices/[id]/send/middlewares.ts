import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { AdminSendInvoice } from "./validators"

// Admin authentication comes from the `/admin/billing*` entry of the admin billing middlewares.
export const adminSendInvoiceMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["POST"],
    matcher: "/admin/billing/invoices/:id/send",
    middlewares: [validateAndTransformBody(AdminSendInvoice)],
  },
]
