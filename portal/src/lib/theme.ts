import type { PortalTheme } from "../config"
import { themeVariables } from "../../../src/api/hosted-portal/first-frame"

// The colour rules live beside the server's first frame (it paints the same colours before the scripts run).
export { contrastRatio, parseHexColor, relativeLuminance, textColorOn, themeColors } from "../../../src/api/hosted-portal/first-frame"

/** Sets the CSS variables the portal's `portal-*` colours read (tailwind.config.cjs). */
export function applyTheme(theme: Partial<PortalTheme> | null | undefined, root: HTMLElement = document.documentElement) {
  for (const [name, value] of themeVariables(theme)) root.style.setProperty(name, value)
}
