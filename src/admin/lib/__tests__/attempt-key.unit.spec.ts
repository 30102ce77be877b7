import { attemptFor, newIdempotencyKey } from "../attempt-key"

describe("attemptFor", () => {
  let n = 0
  const makeKey = () => `key-${++n}`

  it("keeps the key while the body is the same (a double click, a retry)", () => {
    const first = attemptFor(null, { amount: "50", reference: "Check #1042" }, makeKey)
    expect(attemptFor(first, { amount: "50", reference: "Check #1042" }, makeKey)).toBe(first)
  })

  it("starts a new attempt with a new key when the body changes, and after done (null)", () => {
    const first = attemptFor(null, { amount: "50" }, makeKey)
    const changed = attemptFor(first, { amount: "60" }, makeKey)
    expect(changed.key).not.toBe(first.key)
    expect(attemptFor(null, { amount: "50" }, makeKey).key).not.toBe(first.key)
  })
})

describe("newIdempotencyKey", () => {
  it("is the prefix and a fresh id, different every time", () => {
    const a = newIdempotencyKey("admin-payment")
    const b = newIdempotencyKey("admin-payment")
    expect(a).toMatch(/^admin-payment-[0-9a-f-]{36}$/)
    expect(a).not.toBe(b)
  })
})
