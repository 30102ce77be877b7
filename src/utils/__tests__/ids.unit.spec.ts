import { generateEntityId } from "@medusajs/framework/utils"
import { newId } from "../ids"

const decodeTime = (id: string) => [...id.split("_")[1].slice(0, 10)].reduce((t, c) => t * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c), 0)

describe("newId", () => {
  it("has the shape of Medusa's generateEntityId", () => {
    const shape = /^bwhe_[0-9A-HJKMNP-TV-Z]{26}$/
    expect(generateEntityId(undefined, "bwhe")).toMatch(shape)
    expect(newId("bwhe")).toMatch(shape)
  })

  it("starts with its millisecond time, so ids sort by creation across milliseconds as ULIDs do", () => {
    const times = [0, 1, 31, 32, Date.UTC(2026, 11, 2), Date.UTC(2026, 11, 2) + 1, 2 ** 48 - 1]
    const ids = times.map((t) => newId("x", t))
    expect(ids.map(decodeTime)).toEqual(times)
    expect([...ids].sort()).toEqual(ids)
    const now = Date.now()
    expect(decodeTime(newId("x"))).toBeGreaterThanOrEqual(now)
  })

  it("does not repeat, across pool refills", () => {
    const ids = new Set(Array.from({ length: 100_000 }, () => newId("x", 0)))
    expect(ids.size).toBe(100_000)
  })

  it("uses every character of the alphabet in the random part", () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2_000; i++) for (const c of newId("x").slice(12)) seen.add(c)
    expect(seen.size).toBe(32)
  })
})
