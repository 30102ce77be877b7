import type { MiddlewareRoute } from "@medusajs/framework/http"
import { hostedPortalMiddleware } from "./serve-portal"

// No `methods`: Medusa mounts it with app.use for every path, and it answers
// only under `hostedPortal.path` (see serve-portal.ts).
export const hostedPortalMiddlewares: MiddlewareRoute[] = [{ matcher: "/", middlewares: [hostedPortalMiddleware] }]
