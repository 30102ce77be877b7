import { isConfigured } from "./config"
import "./index.css"

const root = document.getElementById("root")!

/** Lets the browser paint and handle input before the next step runs. */
const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/**
 * The scripts run in steps, each its own task: React, the other libraries,
 * then the app and its first render. One module graph of this size evaluated at once is
 * a single long task on a phone (~200 ms at a mid-range phone's speed); the
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

async function start() {
  if (root.firstElementChild) await afterPaint()
  await import("./boot/react")
  await yieldToMain()
  await import("./boot/libraries")
  await yieldToMain()
  const { render } = await import("./render")
  render(root)
}

if (isConfigured) {
  start().catch(() => {
    root.textContent = "The billing portal could not load. Check your connection and reload the page."
  })
} else {
  root.textContent =
    "This billing portal must be opened from the store's server (its configuration is missing from the page)."
}
