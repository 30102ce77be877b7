import { FUZZ_ROUTES, routeKey, routesInFileTree } from "./support/routes"

// No app needed: the fuzz suites send to FUZZ_ROUTES, and this keeps that
// list equal to the route files under src/api/{store/billing,admin/billing,hooks}.
describe("fuzz coverage", () => {
  it("has a fuzz entry for every method of every billing route file, and none for a route that is gone", () => {
    const inTree = routesInFileTree().map(routeKey)
    const fuzzed = FUZZ_ROUTES.map(routeKey)
    expect(inTree.length).toBeGreaterThan(50)
    expect(inTree.filter((k) => !fuzzed.includes(k))).toEqual([])
    expect(fuzzed.filter((k) => !inTree.includes(k))).toEqual([])
    expect(new Set(fuzzed).size).toBe(fuzzed.length)
  })
})
