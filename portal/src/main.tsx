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
async function start() {
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
