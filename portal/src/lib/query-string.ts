/**
 * `qs.stringify(value, { skipNulls: true })` for what the JS SDK sends as a
 * query string (plain objects, arrays, strings, numbers, booleans, dates),
 * byte for byte as qs writes it: brackets for nesting (`a[b]=1`), indices
 * for arrays (`a[0]=x`), RFC 3986 percent-encoding of keys and values, null
 * and undefined left out. The portal's build puts this in place of `qs`
 * (portal/vite.config.mts): the SDK's one use of it, without qs and the
 * seven packages it pulls in (about a tenth of the portal's first load).
 * Checked against qs itself in query-string.unit.spec.ts.
 */
type Value = unknown

function encode(text: string): string {
  // qs's RFC 3986 encoder: encodeURIComponent plus the characters it leaves alone
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function primitive(value: Value): string | null {
  if (value instanceof Date) return value.toISOString()
  switch (typeof value) {
    case "string":
      return value
    case "number":
    case "boolean":
    case "bigint":
      return String(value)
    default:
      return null
  }
}

function add(pairs: string[], key: string, value: Value): void {
  if (value === null || value === undefined) return
  const text = primitive(value)
  if (text !== null) {
    pairs.push(`${encode(key)}=${encode(text)}`)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => add(pairs, `${key}[${index}]`, item))
    return
  }
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, Value>)) add(pairs, `${key}[${k}]`, v)
  }
}

export function stringify(value: Value, _options?: { skipNulls?: boolean }): string {
  if (value === null || typeof value !== "object") return ""
  const pairs: string[] = []
  for (const [key, item] of Object.entries(value as Record<string, Value>)) add(pairs, key, item)
  return pairs.join("&")
}

export default { stringify }
