module.exports = async function globalTeardown() {
  const server = globalThis.__BILLING_BROWSER_SERVER__
  if (server) await server.stop()
}
