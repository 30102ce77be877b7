import { depthExceeds, findNul, findPathIssue, makeConvertible } from "../request-guards"

describe("billing request guards", () => {
  it("findPathIssue: malformed percent-encoding and NUL in a path parameter", () => {
    expect(findPathIssue("/store/billing/invoices/inv_1?q=x")).toBeNull()
    expect(findPathIssue("/store/billing/invoices/%E0%A4%A")).toBe("The URL path is not valid percent-encoding")
    expect(findPathIssue("/store/billing/invoices/inv_%00x")).toBe("id must not contain NUL characters")
    expect(findPathIssue("/store/billing/payments/cpay%00/complete")).toBe("id must not contain NUL characters")
    // the query string is not part of the path
    expect(findPathIssue("/store/billing/invoices?q=%E0%A4%A")).toBeNull()
  })

  it("findNul names the field like the validators do", () => {
    expect(findNul({ q: "ok", status: ["open"] }, "", "query")).toBeNull()
    expect(findNul({ q: "a\u0000b" }, "", "query")).toBe("q must not contain NUL characters")
    expect(findNul({ due_at: { gte: "\u0000" } }, "", "query")).toBe("due_at[gte] must not contain NUL characters")
    expect(findNul({ lines: [{ title: "ok" }, { title: "a\u0000" }] }, "", "body")).toBe(
      "lines[1].title must not contain NUL characters"
    )
    expect(findNul({ metadata: { "k\u0000": 1 } }, "", "body")).toBe("metadata.k\u0000 must not contain NUL characters")
    expect(findNul("\u0000", "", "body")).toBe("body must not contain NUL characters")
    expect(findNul(undefined, "", "body")).toBeNull()
  })

  it("depthExceeds is iterative and bounded", () => {
    let deep: unknown = []
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(depthExceeds(deep, 32)).toBe(true)
    expect(depthExceeds({ a: { b: [1, { c: 2 }] } }, 32)).toBe(false)
    expect(depthExceeds({ a: { b: { c: {} } } }, 3)).toBe(true)
    expect(depthExceeds("text", 0)).toBe(false)
  })

  it("makeConvertible: an object shadowing toString/valueOf converts to a string and keeps its keys (fuzz finding)", () => {
    const body = JSON.parse('{"preferred_date":{"toString":null},"lines":[{"x":{"valueOf":1,"toString":[1]}}],"ok":{"a":1}}')
    expect(() => `${body.preferred_date}`).toThrow(TypeError)
    makeConvertible(body)
    expect(`${body.preferred_date}`).toBe("[object Object]")
    expect(String(body.lines[0].x)).toBe("[object Object]")
    expect(Object.keys(body.preferred_date)).toEqual(["toString"])
    expect(JSON.stringify(body)).toBe('{"preferred_date":{"toString":null},"lines":[{"x":{"valueOf":1,"toString":[1]}}],"ok":{"a":1}}')
    expect(Object.getOwnPropertySymbols(body.ok)).toEqual([])
    makeConvertible(undefined)
    makeConvertible("x")
  })
})
