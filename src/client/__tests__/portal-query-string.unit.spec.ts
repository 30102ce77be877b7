import fc from "fast-check"
import * as qs from "qs"
import { stringify } from "../../../portal/src/lib/query-string"

/**
 * The portal's build replaces `qs` with portal/src/lib/query-string.ts for
 * the JS SDK's query strings: it must write exactly what qs writes for every
 * query a page can send.
 */
describe("the portal's stand-in for qs.stringify", () => {
  const reference = (value: unknown) => qs.stringify(value, { skipNulls: true })

  it("writes the store routes' queries as qs does", () => {
    const queries = [
      { limit: 20, offset: 40, order: "-due_at", q: "INV-0001" },
      { status: ["open", "partially_paid"], currency_code: "usd" },
      { due_at: { gte: "2026-12-01T00:00:00.000Z", lt: new Date("2027-01-01T00:00:00Z") } },
      { fields: "id,email,first_name,last_name", q: "a b&c=d/é?#[]!'()*~" },
      { skip: null, gone: undefined, empty: [], nested: { also: null }, flag: false, zero: 0 },
      { list: [{ a: 1 }, { b: ["x", "y"] }] },
    ]
    for (const query of queries) expect(stringify(query)).toBe(reference(query))
  })

  it("agrees with qs on generated queries", () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.string({ unit: "grapheme" }),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date({ noInvalidDate: true })
    )
    const key = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom("q", "status", "due_at", "a[b]", "x y"))
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("tree"), { maxLength: 4 }), fc.dictionary(key, tie("tree"), { maxKeys: 4 })),
    }))
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 6 }), (query) => {
        expect(stringify(query)).toBe(reference(query))
      }),
      { numRuns: 500 }
    )
  })
})
