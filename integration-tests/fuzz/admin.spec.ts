import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { fuzzRoutes, fuzzRuns } from "./support/harness"
import { checkRegressions, checkSnapshotSeesWrites } from "./support/regressions"
import { FUZZ_ROUTES } from "./support/routes"
import { buildWorld, raiseRateLimits, seedFor, World } from "./support/world"

jest.setTimeout(600_000)

const restoreOptions = raiseRateLimits()
afterAll(restoreOptions)

const ROUTES = FUZZ_ROUTES.filter((r) => !r.path.startsWith("/store/"))
const RUNS = fuzzRuns(10)

// Generated bodies, query strings and path parameters against every admin
// billing route (and the Stripe webhook) with an admin token; Jane and
// Other's ids in the paths. See support/harness.ts for what is asserted.
medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let world: World
    beforeAll(async () => {
      world = await buildWorld(api as any, getContainer())
    })

    it("answers the requests that were defects with 400 naming the field", async () => {
      await checkRegressions(world, "/admin/")
    })

    it("sees an accepted write in the billing snapshot (the unchanged-on-refusal check is not blind)", async () => {
      await checkSnapshotSeesWrites(world, "POST /admin/billing/invoices", seedFor(FUZZ_ROUTES.find((r) => r.path === "/admin/billing/invoices" && r.method === "POST")!, world)!, "invoice")
    })

    it(`answers ${ROUTES.length} routes' generated requests without 5xx or leaks, refusals changing nothing`, async () => {
      await fuzzRoutes(world, ROUTES, RUNS, (route) => seedFor(route, world))
    })
  },
})
