import fs from "node:fs"
import path from "node:path"

// The portal's stylesheet is built from the @medusajs/ui components listed in
// portal/ui-components.cjs only (portal/tailwind.config.cjs). A component the
// portal imports but the list lacks would render without its styles.
const ROOT = path.resolve(__dirname, "../../../..")
const UI_ESM = path.join(path.dirname(require.resolve("@medusajs/ui")), "../esm")
const listed: string[] = require(path.join(ROOT, "portal/ui-components.cjs"))

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(file)
    return /\.tsx?$/.test(entry.name) ? [file] : []
  })
}

/** Export name → component directory, from the library's index ("export { Text } from "./components/text""). */
function exportDirectories(): Map<string, string> {
  const index = fs.readFileSync(path.join(UI_ESM, "index.js"), "utf8")
  const dirs = new Map<string, string>()
  for (const [, names, from] of index.matchAll(/export\s*\{([^}]+)\}\s*from\s*"\.\/components\/([\w-]+)/g)) {
    for (const name of names.split(",")) dirs.set(name.trim().split(/\s+as\s+/).pop()!, from)
  }
  return dirs
}

/** The components a component's files import ("../icon-button"). */
function componentImports(dir: string): string[] {
  const folder = path.join(UI_ESM, "components", dir)
  const found = new Set<string>()
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith(".js"))) {
    const text = fs.readFileSync(path.join(folder, file), "utf8")
    for (const [, other] of text.matchAll(/from\s*"\.\.\/([\w-]+)(?:\/[^"]*)?"/g)) found.add(other)
  }
  return [...found]
}

describe("the portal's stylesheet covers every @medusajs/ui component it renders", () => {
  const dirs = exportDirectories()

  it("reads the library's index (its layout has not changed)", () => {
    expect(dirs.get("Text")).toBe("text")
    expect(dirs.get("Button")).toBe("button")
  })

  it("lists every component portal/src imports, and every component those import", () => {
    const imported = new Set<string>()
    for (const file of sourceFiles(path.join(ROOT, "portal/src"))) {
      const text = fs.readFileSync(file, "utf8")
      for (const [, names] of text.matchAll(/import\s*\{([^}]+)\}\s*from\s*"@medusajs\/ui"/g)) {
        for (const name of names.split(",").map((n) => n.trim().replace(/^type\s+/, "")).filter(Boolean)) {
          const dir = dirs.get(name)
          if (dir) imported.add(dir) // utilities (clx) and types have no component directory
        }
      }
    }
    expect(imported.size).toBeGreaterThan(5)
    const needed = new Set<string>()
    const visit = (dir: string) => {
      if (needed.has(dir)) return
      needed.add(dir)
      componentImports(dir).forEach(visit)
    }
    imported.forEach(visit)
    expect([...needed].filter((dir) => !listed.includes(dir)).sort()).toEqual([])
  })

  it("lists only components that exist", () => {
    for (const dir of listed) expect(fs.existsSync(path.join(UI_ESM, "components", dir))).toBe(true)
  })
})
