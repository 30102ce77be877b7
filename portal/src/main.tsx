import { isConfigured } from "./config"
import "./index.css"

const root = document.getElementById("root")!

/** Lets the browser paint and handle input before the next step runs. */
const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/**
 * The scripts run in steps, each its own task: React, the other libraries,
 * Medusa UI, the app's modules, its router, then the first render. One
 * module graph of this size evaluated at once is a single long task on a phone (~200 ms at a mid-range phone's speed); the
 * server preloads every step's chunks with the page (route-preloads.json),
 * so the steps cost no extra round trip.
 */
/**
 * Resolves once the browser has painted (or after 100 ms, when it paints
 * nothing, e.g. in a background tab). The server paints the signed-in
 * pages' first frame into #root (src/api/hosted-portal/first-frame.ts):
 * when the scripts are already there (cached, a fast connection) their
 * evaluation would otherwise come first and hold that paint back.
 */
const afterPaint = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0))
    setTimeout(resolve, 100)
  })

/**
 * Starts a worker that builds the page's first Intl formatters
 * (boot/intl-worker.ts): the locale data they load is shared with the main
 * thread, so the main thread's own formatters are then cheap. Resolves when
 * it is done, or fails, or after 300 ms: the page never waits on it longer
 * (its request may queue behind the page's scripts on a slow connection, and
 * a formatter built on the main thread costs ~30 ms there, not more).
 */
function prepareIntlOffMainThread(): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker
    try {
      worker = new Worker(new URL("./boot/intl-worker.ts", import.meta.url), { type: "module" })
    } catch {
      return resolve()
    }
    const done = () => {
      clearTimeout(timer)
      worker.terminate()
      resolve()
    }
    const timer = setTimeout(done, 300)
    worker.onmessage = done
    worker.onerror = done
  })
}

async function start() {
  const signedInFrame = root.firstElementChild !== null
  const intl = prepareIntlOffMainThread()
  if (signedInFrame) await afterPaint()
  await import("./boot/react")
  await yieldToMain()
  await import("./boot/libraries")
  await yieldToMain()
  await import("./boot/ui")
  await yieldToMain()
  const { steps } = await import("./render")
  await yieldToMain()
  const router = steps.router()
  await yieldToMain()
  // a signed-in page renders dates and amounts: its first render waits for the
  // worker (while the account is on its way); the public pages render at once
  if (signedInFrame) await intl
  steps.render(root, router)
}

if (isConfigured) {
  start().catch(() => {
    root.textContent = "The billing portal could not load. Check your connection and reload the page."
  })
} else {
  root.textContent =
    "This billing portal must be opened from the store's server (its configuration is missing from the page)."
}
