const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()

// A suite's database starts as a copy of one that scripts/test.js migrated once
// for the whole run (`medusa db:migrate`, default modules, every link), so the
// runner's migration pass has nothing to do and is skipped: 5–9 s a suite. A
// suite that changes the module set (BILLING_LOCKING, REDIS_URL, set by the
// suite before the runner boots) still gets the runner's own migration pass.
// The in-process layers run the reconciler when their tests say (src/jobs/reconcile-customer-payments.ts):
// a scheduled run every five minutes of the wall clock once settled a payment a test was about to check.
// The processes of the production and browser layers keep their schedule.
if (["http", "fuzz"].includes(process.env.TEST_TYPE)) process.env.BILLING_RECONCILER_SCHEDULER = "off"

const template = process.env.BILLING_TEST_DB_TEMPLATE
const runnerLayer = ["http", "fuzz", "production"].includes(process.env.TEST_TYPE)
if (template && template !== "off" && runnerLayer) {
  const postgresTemplate = require("@medusajs/test-utils/dist/medusa-test-runner-utils/postgres-template")
  const useDb = require("@medusajs/test-utils/dist/medusa-test-runner-utils/use-db")
  const { createDatabase } = postgresTemplate
  const { migrateDatabase } = useDb
  let copied = false
  postgresTemplate.createDatabase = async function createFromTemplate(options, credentials = {}) {
    if (!/^medusa-.+-integration-\d+$/.test(options.databaseName)) return createDatabase(options, credentials)
    const { Client } = require("pg")
    const client = new Client({ database: "postgres", ...credentials })
    await client.connect()
    try {
      await client.query(`CREATE DATABASE "${options.databaseName}" TEMPLATE "${template}"`)
      copied = true
    } catch (error) {
      if (error.code !== "42P04" || options.errorIfExist) throw error // 42P04: it exists already
    } finally {
      await client.end()
    }
  }
  useDb.migrateDatabase = async function migrateUnlessCopied(appLoader) {
    const sameModules = !process.env.BILLING_LOCKING && !process.env.REDIS_URL
    if (copied && sameModules) return
    return migrateDatabase(appLoader)
  }
}
