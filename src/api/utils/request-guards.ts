import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

/**
 * Checks every billing request (store and admin, not the webhooks under
 * /hooks) makes before any route code, on what Medusa parsed:
 *
 * - a mutating request that carries a body must carry JSON: Express leaves
 *   an XML, form or multipart body unparsed and the route would read `{}`
 *   (an autopay run "for every customer"). 415. A request without a body
 *   (many actions take none) is fine.
 * - a NUL character in a path parameter, a query value or a body string is
 *   refused (PostgreSQL text cannot hold it; it would answer 500). 400 naming
 *   the field.
 * - a path segment that is not valid percent-encoding is a 400 (Express's own
 *   parameter decoding would fail later and Medusa answers that with 500).
 * - a body nested deeper than any billing route takes is a 400, before a
 *   recursive validator can run out of stack.
 * - an object holding its own `toString` / `valueOf` key (`{"toString":null}`)
 *   is given a string conversion: Medusa's validator puts a wrongly typed
 *   value into its message with a template literal, which throws for such an
 *   object (a 500 found by the fuzz layer). The keys stay as sent, so the
 *   validators still refuse them by name.
 *
 * Registered with the matchers `/store/billing` and `/admin/billing` (no
 * wildcard, no parameters): Express then matches them as prefixes without
 * decoding anything, so the malformed-path check runs before any layer that
 * would decode a parameter.
 */
export const NOT_JSON_MESSAGE = "Request body must be JSON (Content-Type: application/json)"
export const MAX_BODY_DEPTH = 32
export const MALFORMED_PATH_MESSAGE = "The URL path is not valid percent-encoding"

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"])

export function billingRequestGuard(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const refuse = (status: number, message: string) => {
    res.status(status).json({ type: "invalid_data", message })
  }

  const pathIssue = findPathIssue(req.originalUrl ?? req.url)
  if (pathIssue) return refuse(400, pathIssue)

  if (MUTATING.has(req.method) && carriesBody(req) && !isJson(req.headers["content-type"])) {
    return refuse(415, NOT_JSON_MESSAGE)
  }

  const queryIssue = findNul(req.query, "", "query")
  if (queryIssue) return refuse(400, queryIssue)

  if (MUTATING.has(req.method)) {
    if (depthExceeds(req.body, MAX_BODY_DEPTH)) {
      return refuse(400, `Request body is nested too deeply (at most ${MAX_BODY_DEPTH} levels)`)
    }
    const bodyIssue = findNul(req.body, "", "body")
    if (bodyIssue) return refuse(400, bodyIssue)
    makeConvertible(req.body)
  }
  makeConvertible(req.query)
  next()
}

function carriesBody(req: MedusaRequest): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true
  const length = Number(req.headers["content-length"] ?? 0)
  return Number.isNaN(length) || length > 0
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/json"
}

/**
 * The path's segments decoded one by one. Every parameter of a billing route
 * is an `:id`, except the invitation `:token`.
 */
export function findPathIssue(url: string): string | null {
  const path = url.split("?")[0]
  const segments = path.split("/")
  for (let i = 0; i < segments.length; i++) {
    let decoded: string
    try {
      decoded = decodeURIComponent(segments[i])
    } catch {
      return MALFORMED_PATH_MESSAGE
    }
    if (decoded.includes("\u0000")) {
      // (every path parameter of the billing routes is an id: tokens travel in headers)
      return "id must not contain NUL characters"
    }
  }
  return null
}

/** The first string (key or value) holding a NUL, named like the validators name fields. */
export function findNul(value: unknown, path: string, style: "query" | "body"): string | null {
  const stack: [unknown, string][] = [[value, path]]
  while (stack.length) {
    const [current, at] = stack.pop()!
    if (typeof current === "string") {
      if (current.includes("\u0000")) return `${at || style} must not contain NUL characters`
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${at}[${i}]`])
    } else if (current && typeof current === "object") {
      const entries = Object.entries(current)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]
        const name = !at ? key : style === "query" ? `${at}[${key}]` : `${at}.${key}`
        if (key.includes("\u0000")) return `${name} must not contain NUL characters`
        stack.push([child, name])
      }
    }
  }
  return null
}

/** Whether arrays/objects nest deeper than `max` (iterative: a hostile depth cannot overflow the stack here). */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length) {
    const [current, depth] = stack.pop()!
    if (!current || typeof current !== "object") continue
    if (depth >= max) return true
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1])
  }
  return false
}

const toPrimitive = () => "[object Object]"

/**
 * Gives every object that shadows `toString` or `valueOf` with its own key a
 * (non-enumerable, symbol-keyed) string conversion, so that `${value}` and
 * String(value) work on it; nothing that enumerates or serializes the object
 * sees the difference. Iterative, like the checks above.
 */
export function makeConvertible(value: unknown): void {
  const stack: unknown[] = [value]
  while (stack.length) {
    const current = stack.pop()
    if (!current || typeof current !== "object") continue
    if (
      !Array.isArray(current) &&
      (Object.prototype.hasOwnProperty.call(current, "toString") || Object.prototype.hasOwnProperty.call(current, "valueOf"))
    ) {
      Object.defineProperty(current, Symbol.toPrimitive, { value: toPrimitive, enumerable: false, configurable: true })
    }
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push(child)
  }
}
