import { StrictMode } from "react"
import { createRoot } from "react-dom/client"
import { App } from "./app"
import { isConfigured } from "./config"
import "./index.css"

const root = document.getElementById("root")!

if (isConfigured) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>
  )
} else {
  root.textContent =
    "This billing portal must be opened from the store's server (its configuration is missing from the page)."
}
