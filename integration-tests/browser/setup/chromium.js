// The browser the suites drive: Debian's `chromium` package, the one system
// package the tests need (playwright-core ships no browser). Installed with
// apt-get when it is missing, as on a clean CI machine (root, Debian).
const { spawnSync } = require("child_process")
const fs = require("fs")

const DEBIAN_CHROMIUM = "/usr/bin/chromium"

function ensureChromium(log) {
  const given = process.env.CHROMIUM_PATH
  if (given) {
    if (!fs.existsSync(given)) throw new Error(`CHROMIUM_PATH=${given} does not exist.`)
    return given
  }
  if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM

  const aptGet = spawnSync("sh", ["-c", "command -v apt-get"], { encoding: "utf8" }).stdout.trim()
  if (!aptGet) {
    throw new Error(
      `The browser tests need Chromium at ${DEBIAN_CHROMIUM} (Debian's \`chromium\` package), and this machine has no apt-get to install it. ` +
        "Install Chromium yourself and set CHROMIUM_PATH to its executable, or run the tests on Debian/Ubuntu."
    )
  }
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(
      `The browser tests need Chromium at ${DEBIAN_CHROMIUM}. Install it once with \`sudo apt-get install -y chromium\` ` +
        "(the test setup installs it by itself only when it runs as root, as in CI)."
    )
  }
  log(`Chromium is missing (${DEBIAN_CHROMIUM}): installing Debian's chromium package with apt-get (about a minute)…`)
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    log(`$ apt-get ${args.join(" ")}`)
    const result = spawnSync(aptGet, args, { stdio: "inherit", env })
    if (result.status !== 0) throw new Error(`\`apt-get ${args.join(" ")}\` failed (exit ${result.status}); Chromium could not be installed.`)
  }
  if (!fs.existsSync(DEBIAN_CHROMIUM)) throw new Error(`apt-get installed chromium, but ${DEBIAN_CHROMIUM} is still missing.`)
  log(`Chromium installed: ${DEBIAN_CHROMIUM}`)
  return DEBIAN_CHROMIUM
}

module.exports = { ensureChromium, DEBIAN_CHROMIUM }
