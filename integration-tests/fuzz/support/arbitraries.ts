import fc from "fast-check"
import type { FuzzRoute } from "./routes"

/**
 * fast-check generators of hostile requests: a route's own body or query,
 * mutated (wrong types, huge and negative numbers, too many decimals, numbers
 * as strings and strings as numbers, deep nesting, 1 MB strings, unknown
 * keys, `__proto__` / `constructor` keys, arrays where objects go), sent with
 * the right or a wrong content type, or as text that is not JSON at all; path
 * parameters from a pool of real ids (the customer's own, another
 * customer's) and malformed ones.
 */

export const MB_STRING = "x".repeat(1024 * 1024)

/** An object holding own properties named `__proto__` etc. (JSON.parse creates them; a literal would not). */
const protoObject = fc
  .tuple(fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"), fc.constantFrom('{"polluted":true}', '"x"', "1", "null", '{"prototype":{"polluted":true}}'))
  .map(([key, value]) => JSON.parse(`{"${key}":${value}}`))

const numberish = fc.oneof(
  fc.integer(),
  fc.constantFrom(-1, 0, -0, 1e21, -1e21, 9007199254740993, 1e308, -1e308, 5e-324, 0.1 + 0.2, 1.005, 123456789.123456, 2 ** 53, -(2 ** 63)),
  fc.double({ noNaN: true, noDefaultInfinity: true })
)

const stringish = fc.oneof(
  fc.constantFrom(
    "1.123456789", "-5", "-0.01", "1e5", "1E-7", "0x10", "NaN", "Infinity", "-Infinity", "", " ", "  1.00  ",
    "99999999999999999999.99", "100000000000000000000", "1,00", "1_000", "٣", "+1", "00001", ".5", "5.",
    "' OR '1'='1", "'; drop table invoice; --", "${7*7}", "<script>alert(1)</script>", "\u202e", "\ud800", "\r\nX-Injected: 1",
    "true", "false", "null", "[]", "{}", "cus_", "inv_0", "2026-02-30", "10000-01-01", "-271821-04-20", "0000-00-00",
    "usd", "USD", "US", "usdd", "card", "us_bank_account", "selected_invoices", "fixed_amount"
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer({ min: 1, max: 5 }).map((n) => "9".repeat(n * 7) + "." + "9".repeat(n)),
  fc.constant(MB_STRING)
)

export const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: numberish, weight: 3 },
  { arbitrary: stringish, weight: 4 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 }
)

/** Arrays or objects nested `depth` levels (the guard refuses more than 32). */
export const deep = fc
  .tuple(fc.integer({ min: 2, max: 3000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let v: unknown = 1
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v }
    return v
  })

export const value: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: scalar, weight: 6 },
  { arbitrary: fc.array(scalar, { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }), weight: 1 },
  { arbitrary: fc.array(fc.constant({}), { minLength: 1000, maxLength: 1500 }), weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: protoObject, weight: 1 }
)

type Path = (string | number)[]

/** The paths into a seed body, to depth 3 (`lines.0.unit_price`, `payment_method.data.number`). */
function pathsOf(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length >= 4 || v === null || typeof v !== "object") return out
  for (const [k, child] of Object.entries(v as object)) {
    const p = [...at, Array.isArray(v) ? Number(k) : k]
    out.push(p)
    pathsOf(child, p, out)
  }
  return out
}

const clone = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))

function setAt(root: any, path: Path, v: unknown, remove: boolean) {
  let node = root
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return
    node = node[key as any]
  }
  if (node === null || typeof node !== "object") return
  const last = path[path.length - 1] as any
  if (remove) delete node[last]
  else Object.defineProperty(node, last, { value: v, enumerable: true, writable: true, configurable: true })
}

const KEYS = ["unknown_key", "__proto__", "constructor", "prototype", "customer_id", "id", "amount", "deleted_at", "metadata", "$where"]

/** A seed body with 1–3 mutations, or something else entirely. */
export function bodyFor(seed: Record<string, unknown> | undefined): fc.Arbitrary<unknown> {
  const base = seed ?? {}
  const paths = pathsOf(base)
  const mutation = fc.oneof(
    paths.length
      ? fc.tuple(fc.constantFrom(...paths), value).map(([p, v]) => ({ path: p, v, remove: false }))
      : fc.tuple(fc.constantFrom(...KEYS), value).map(([k, v]) => ({ path: [k] as Path, v, remove: false })),
    paths.length
      ? fc.constantFrom(...paths).map((p) => ({ path: p, v: undefined, remove: true }))
      : fc.constant({ path: ["x"] as Path, v: undefined, remove: true }),
    fc.tuple(fc.constantFrom(...KEYS), value).map(([k, v]) => ({ path: [k] as Path, v, remove: false })),
    fc.tuple(paths.length ? fc.constantFrom(...paths) : fc.constant([] as Path), fc.constantFrom(...KEYS), value).map(
      ([p, k, v]) => ({ path: [...p, k], v, remove: false })
    )
  )
  const mutated = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => {
    const body = clone(base)
    for (const m of ms) setAt(body, m.path, m.v, m.remove)
    return body
  })
  return fc.oneof(
    { arbitrary: mutated, weight: 8 },
    { arbitrary: value, weight: 1 },
    { arbitrary: fc.constant(clone(base)), weight: 1 }
  )
}

/** encodeURIComponent, after replacing lone surrogates (which it cannot encode) with U+FFFD. */
export const encode = (s: string) => encodeURIComponent((s as any).toWellFormed())

const queryScalar = fc.oneof(
  stringish.filter((s) => s.length < 2000),
  numberish.map(String),
  fc.constant("x".repeat(4000))
)

/** `key=value` pairs: the route's own keys with hostile values, bracket forms, unknown keys. */
export function queryFor(seed: Record<string, string> | undefined): fc.Arbitrary<string> {
  const keys = Object.keys(seed ?? {})
  const key = fc.oneof(
    keys.length ? fc.constantFrom(...keys) : fc.constant("q"),
    fc.constantFrom("limit", "offset", "order", "fields", "expand", "unknown", "__proto__", "constructor", "q", "with_deleted"),
    fc.string({ maxLength: 10 })
  )
  const suffix = fc.constantFrom("", "", "", "[]", "[0]", "[gte]", "[lt]", "[$ne]", "[__proto__]", "[constructor][prototype]", "[a][b][c][d][e][f]", "[99999]")
  const pair = fc.tuple(key, suffix, queryScalar).map(([k, s, v]) => `${encode(k)}${s}=${encode(v)}`)
  const seedPairs = Object.entries(seed ?? {}).map(([k, v]) => `${k}=${encode(v)}`)
  return fc
    .tuple(fc.subarray(seedPairs), fc.array(pair, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([kept, extra, rawOnly]) => (rawOnly ? extra : [...kept, ...extra]).join("&"))
}

/** How the body travels: mostly JSON; sometimes the wrong type, no type, or text that is not JSON. */
export type Transport = { contentType: string | null; raw?: string }

export const transport: fc.Arbitrary<Transport> = fc.oneof(
  { arbitrary: fc.constant({ contentType: "application/json" }), weight: 12 },
  {
    arbitrary: fc.constantFrom(
      { contentType: null },
      { contentType: "text/plain" },
      { contentType: "application/x-www-form-urlencoded" },
      { contentType: "multipart/form-data; boundary=fuzz" },
      { contentType: "application/xml" },
      { contentType: "application/json; charset=utf-16" },
      { contentType: "application/vnd.api+json" },
      { contentType: "application/json, text/plain" }
    ),
    weight: 2,
  },
  {
    arbitrary: fc
      .constantFrom("", "{", "{'a':1}", '{"a":1,}', "undefined", "NaN", "[1,2", '{"a":"\\u00"}', "\u0000", '{"a":1}{"b":2}', "null", "1", '"str"', "true", "[]")
      .map((raw) => ({ contentType: "application/json", raw })),
    weight: 2,
  },
  // beyond the JSON parser's limit (100 kB by default): 413, not 500
  { arbitrary: fc.constant({ contentType: "application/json", raw: JSON.stringify({ note: MB_STRING }) }), weight: 1 }
)

/** Malformed path parameters (`raw` ones are put in the URL as they are, not percent-encoded). */
export const BAD_IDS: { id: string; raw?: boolean }[] = [
  { id: "null" }, { id: "undefined" }, { id: "0" }, { id: "-1" }, { id: "1e999" }, { id: " " },
  { id: "inv_' OR '1'='1" }, { id: "ünï©ødé" }, { id: "💸" }, { id: "__proto__" }, { id: "constructor" },
  { id: "a".repeat(1500) }, { id: "../invoices" }, { id: "%", raw: true }, { id: "%E0%A4%A", raw: true },
  { id: "%00", raw: true }, { id: "a%2Fb", raw: true }, { id: "%27%22%3B", raw: true }, { id: "[object Object]" },
  { id: "inv_01JZZZZZZZZZZZZZZZZZZZZZZZ" }, { id: "cus_01JZZZZZZZZZZZZZZZZZZZZZZZ" }, { id: "*" }, { id: "%25", raw: true },
]

export function idFor(pool: string[]): fc.Arbitrary<{ id: string; raw?: boolean }> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...pool).map((id) => ({ id })), weight: 3 },
    { arbitrary: fc.constantFrom(...BAD_IDS), weight: 2 },
    { arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map((id) => ({ id })), weight: 1 }
  )
}

/** Idempotency-Key values: fresh ones mostly; missing, empty, too long or reused sometimes. */
export const idempotencyKey: fc.Arbitrary<string | null> = fc.oneof(
  { arbitrary: fc.uuid().map((u) => `fuzz-${u}`), weight: 6 },
  { arbitrary: fc.constantFrom(null, "", " ", "k".repeat(300), "fuzz-reused", "\u00e9t\u00e9"), weight: 2 }
)

/** Pay-link and invitation tokens (each in its header): well-formed but unknown, malformed, or none. */
export const secretToken: fc.Arbitrary<string | null> = fc.oneof(
  fc.base64String({ minLength: 44, maxLength: 44 }).map((s) => s.slice(0, 43).replace(/\+/g, "-").replace(/\//g, "_")),
  fc.constantFrom(null, "", "x", "a".repeat(5000), "' OR 1=1", "../../etc/passwd"),
  fc.string({ maxLength: 60 })
)

export type FuzzInput = {
  route: FuzzRoute
  id?: { id: string; raw?: boolean }
  query: string
  body: unknown
  transport: Transport
  idempotencyKey: string | null
  token: string | null
}
