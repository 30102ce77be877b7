const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// Layers, selected with TEST_TYPE (scripts/test.js sets it):
//   unit    — pure functions, src/**/__tests__/*.unit.spec.ts
//   modules — moduleIntegrationTestRunner, src/modules/*/__tests__/*.spec.ts
//   http    — medusaIntegrationTestRunner, integration-tests/http/**/*.spec.ts
const testMatch = {
  unit: ["<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s"],
  modules: ["<rootDir>/src/modules/*/__tests__/**/*.spec.[jt]s"],
  http: ["<rootDir>/integration-tests/http/**/*.spec.[jt]s"],
  // fast-check bodies and query strings against every billing route (issue 13)
  fuzz: ["<rootDir>/integration-tests/fuzz/**/*.spec.[jt]s"],
  // Redis, two servers and a worker as separate processes; kill -9 crash points (issue 13)
  production: ["<rootDir>/integration-tests/production/**/*.spec.[jt]s"],
}[process.env.TEST_TYPE || "unit"]

module.exports = {
  transform: {
    "^.+\\.[jt]s$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          target: "es2021",
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.medusa/", "<rootDir>/.demo/", "<rootDir>/.bench/"],
  testPathIgnorePatterns: ["/node_modules/"],
  setupFiles: ["<rootDir>/integration-tests/setup.js"],
  testMatch,
}
