// The browser the suites drive: Debian's `chromium` package, the one system
// package the tests need (playwright-core ships no browser). Installed with
// apt-get when it is missing, as on a clean CI machine (root, Debian);
// `npm test` starts that install in the background when its run begins.
const fs = require("fs")
const { DEBIAN_CHROMIUM, aptCommand, aptGetInstall, installedPath } = require("../../../scripts/lib/system-packages")

async function ensureChromium(log) {
  const given = process.env.CHROMIUM_PATH
  if (given) {
    if (!fs.existsSync(given)) throw new Error(`CHROMIUM_PATH=${given} does not exist.`)
    return given
  }
  if (installedPath("chromium")) return DEBIAN_CHROMIUM
  if (!aptCommand()) {
    throw new Error(
      `The browser tests need Chromium at ${DEBIAN_CHROMIUM} (Debian's \`chromium\` package), and this process cannot install it ` +
        "(it needs apt-get, as root or with password-less sudo). Install it once with `sudo apt-get install -y chromium`, " +
        "or install Chromium yourself and set CHROMIUM_PATH to its executable."
    )
  }
  log(`Chromium is missing (${DEBIAN_CHROMIUM}): installing Debian's chromium package with apt-get (about a minute)…`)
  await aptGetInstall(["chromium"], { log })
  log(`Chromium installed: ${DEBIAN_CHROMIUM}`)
  return DEBIAN_CHROMIUM
}

module.exports = { ensureChromium, DEBIAN_CHROMIUM }
