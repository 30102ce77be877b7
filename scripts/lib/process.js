// Stopping a child started with `detached: true` (its own process group), as
// the demo and the plugin smoke test start Medusa.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Signals the child's whole process group (falls back to the child alone). */
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {}
  }
}

/**
 * SIGTERM to the leader first, so Medusa shuts its own helpers down
 * gracefully; after `graceMs` (or once it exited) SIGKILL whatever is left in
 * its group. `onTimeout` is told when the grace period ran out.
 */
async function stopGroup(child, graceMs, onTimeout) {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, "SIGKILL") // leftovers of its group, if any
    return
  }
  const exited = new Promise((resolve) => child.once("exit", resolve))
  try {
    child.kill("SIGTERM")
  } catch {
    killGroup(child, "SIGTERM")
  }
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)])
  if (!done) onTimeout?.()
  killGroup(child, "SIGKILL")
  if (!done) await Promise.race([exited, sleep(3000)])
}

module.exports = { killGroup, stopGroup, sleep }
