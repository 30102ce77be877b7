import type { Context } from "./harness"
import { problemsWith, send } from "./harness"
import { FUZZ_ROUTES, routeKey } from "./routes"
import { diffSnapshots } from "./snapshot"

/**
 * Every defect the fuzz layer found, as a fixed request with the answer it
 * must now get (each was a 500 before its fix). `:id` is filled with an id
 * of the world. Checked like any fuzzed request, and more exactly.
 */
export type Regression = {
  route: string
  raw: string
  query?: string
  /** the path parameter, as it goes in the URL (default: an id of the world) */
  rawId?: string
  status: number
  message: RegExp
}

export const REGRESSIONS: Regression[] = [
  // 1. Medusa's validator formats a wrongly typed value with a template literal: an object with its own
  //    `toString` key threw "Cannot convert object to primitive value" → 500 (request-guards.ts makeConvertible).
  {
    route: "POST /store/billing/service-requests",
    raw: '{"kind":"request","subject":"Visit","message":"Please","preferred_date":{"toString":null}}',
    status: 400,
    message: /preferred_date/,
  },
  {
    route: "POST /store/billing/payments/preview",
    raw: '{"mode":"fixed_amount","currency_code":{"toString":1},"amount":"1.00"}',
    status: 400,
    message: /currency_code/,
  },
  {
    route: "POST /admin/billing/invoices",
    raw: '{"customer_id":"cus_1","currency_code":"usd","due_at":"2030-01-31","lines":[{"title":{"toString":null,"valueOf":null},"quantity":"1","unit_price":"1"}]}',
    status: 400,
    message: /title/,
  },
  {
    route: "POST /admin/billing/service-requests/:id/reply",
    raw: '{"message":{"toString":null}}',
    status: 400,
    message: /message/,
  },
]

// 2. A path that is not valid percent-encoding, on any admin route: Medusa's own `/admin*` middleware (a
//    wildcard Express decodes as a parameter) failed with URIError → 500 before billingRequestGuard ran
//    (src/api/utils/error-handler.ts answers it with 400). Store routes were already refused by the guard.
for (const [route, rawId] of [
  ["GET /admin/billing/payments/:id", "%"],
  ["GET /admin/billing/customers/:id/account", "%E0%A4%A"],
  ["GET /admin/billing/invoices/:id/pdf", "%"],
  ["POST /admin/billing/invoices/:id/send", "%E0%A4%A"],
  ["POST /admin/billing/service-requests/:id/close", "%E0%A4%A"],
  ["GET /store/billing/invoices/:id", "%E0%A4%A"],
]) {
  REGRESSIONS.push({ route, rawId, raw: "{}", status: 400, message: /^The URL path is not valid percent-encoding$/ })
}

export async function checkRegressions(ctx: Context, prefix: string) {
  const failures: string[] = []
  for (const r of REGRESSIONS.filter((x) => x.route.split(" ")[1].startsWith(prefix))) {
    const route = FUZZ_ROUTES.find((x) => routeKey(x) === r.route)
    if (!route) throw new Error(`no fuzz route ${r.route}`)
    const before = await ctx.snapshot.take()
    const sent = await send(ctx, {
      route,
      id: r.rawId !== undefined ? { id: r.rawId, raw: true } : { id: ctx.idPool[ctx.idPool.length - 1] },
      query: r.query ?? "",
      body: undefined,
      transport: { contentType: "application/json", raw: r.raw },
      idempotencyKey: `regression-${failures.length}-${Date.now()}`,
      token: null,
    })
    const problems = problemsWith(sent)
    if (sent.status !== r.status) problems.push(`expected ${r.status}`)
    let message = ""
    try {
      message = JSON.parse(sent.text).message
    } catch {}
    if (!r.message.test(message)) problems.push(`message should match ${r.message}`)
    const changed = diffSnapshots(before, await ctx.snapshot.take())
    if (changed.length) problems.push(`changed ${changed.join(", ")}`)
    if (problems.length) failures.push(`${r.route} ${r.raw}: ${problems.join("; ")} (answer ${sent.status} ${sent.text.slice(0, 300)})`)
  }
  if (failures.length) throw new Error(failures.join("\n"))
}

/**
 * The snapshot is not blind: an accepted request that writes shows up in it
 * (else "unchanged on every refusal" would prove nothing).
 */
export async function checkSnapshotSeesWrites(ctx: Context, routeKeyToSend: string, body: Record<string, unknown>, table: string) {
  const route = FUZZ_ROUTES.find((x) => routeKey(x) === routeKeyToSend)!
  const before = await ctx.snapshot.take()
  const sent = await send(ctx, {
    route,
    query: "",
    body,
    transport: { contentType: "application/json" },
    idempotencyKey: `snapshot-check-${Date.now()}`,
    token: null,
  })
  if (sent.status >= 300) throw new Error(`the accepted request was refused: ${sent.status} ${sent.text.slice(0, 300)}`)
  const changed = diffSnapshots(before, await ctx.snapshot.take())
  if (!changed.includes(table)) throw new Error(`the snapshot did not see ${routeKeyToSend} write ${table}: changed ${changed.join(", ")}`)
}
