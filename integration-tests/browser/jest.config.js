// The browser layer (`npm test -- browser`): journeys through the hosted
// portal (and the admin's sign-in) in Debian's Chromium, driven by
// playwright-core, against one started app (setup/). One file per journey,
// run one after the other in this process: they share that app.
const path = require("path")
const base = require("../../jest.config")

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, "../.."),
  testMatch: ["<rootDir>/integration-tests/browser/**/*.spec.[jt]s"],
  setupFiles: [],
  globalSetup: "<rootDir>/integration-tests/browser/setup/global-setup.js",
  globalTeardown: "<rootDir>/integration-tests/browser/setup/global-teardown.js",
  testTimeout: 120_000,
}
