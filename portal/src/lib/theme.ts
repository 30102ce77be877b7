import { DEFAULT_THEME, type PortalTheme } from "../config"

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i

/** "#abc" / "#aabbcc" as 0–255 channels; null for anything else. */
export function parseHexColor(value: string | null | undefined): [number, number, number] | null {
  if (!value || !HEX.test(value)) return null
  const hex = value.length === 4 ? [...value.slice(1)].map((c) => c + c).join("") : value.slice(1)
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function relativeLuminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

const WHITE: [number, number, number] = [255, 255, 255]
const BLACK: [number, number, number] = [0, 0, 0]

/** Black or white, whichever reads better on `background` (DESIGN sec. 13). */
export function textColorOn(background: string): "#000000" | "#ffffff" {
  const rgb = parseHexColor(background) ?? WHITE
  return contrastRatio(rgb, WHITE) >= contrastRatio(rgb, BLACK) ? "#ffffff" : "#000000"
}

/** The business's colours, each falling back to the default when it is not a hex colour. */
export function themeColors(theme: Partial<PortalTheme> | null | undefined) {
  const primary = parseHexColor(theme?.primary_color) ? theme!.primary_color! : DEFAULT_THEME.primary_color
  const background = parseHexColor(theme?.background_color) ? theme!.background_color! : DEFAULT_THEME.background_color
  const onBackground = textColorOn(background)
  return {
    primary,
    onPrimary: textColorOn(primary),
    background,
    onBackground,
    onBackgroundSubtle: onBackground === "#ffffff" ? "rgba(255, 255, 255, 0.82)" : "rgba(0, 0, 0, 0.66)",
  }
}

/** Sets the CSS variables the portal's `portal-*` colours read (tailwind.config.cjs). */
export function applyTheme(theme: Partial<PortalTheme> | null | undefined, root: HTMLElement = document.documentElement) {
  const colors = themeColors(theme)
  root.style.setProperty("--portal-primary", colors.primary)
  root.style.setProperty("--portal-on-primary", colors.onPrimary)
  root.style.setProperty("--portal-background", colors.background)
  root.style.setProperty("--portal-on-background", colors.onBackground)
  root.style.setProperty("--portal-on-background-subtle", colors.onBackgroundSubtle)
}
