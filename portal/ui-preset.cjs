// Medusa UI's Tailwind preset: the design tokens (colours, typography,
// shadows) that @medusajs/ui's components are styled with.
//
// It is published as @medusajs/ui-preset, which this repository does not
// depend on yet; until it does, the same preset (version 2.21.2, with
// tailwindcss-animate) is taken from @medusajs/admin-bundler, which bundles it
// to build Medusa's own admin. That copy is not a public API: if its layout
// changes, the build stops here with a message saying what to install.
const fs = require("fs")
const path = require("path")
const Module = require("module")

function fromAdminBundler() {
  const file = require.resolve("@medusajs/admin-bundler")
  const source = fs.readFileSync(file, "utf8")
  // esbuild's CommonJS bundle: helpers, then the bundled packages (the preset
  // is `require_dist`), then the admin-bundler's own code from `// src/index.ts`.
  const end = source.indexOf("\n// src/index.ts\n")
  const start = source.indexOf("\n// ../../design-system/ui-preset/dist/index.js\nvar require_dist = __commonJS(")
  if (end < 0 || start < 0 || start > end) return null
  const preamble = source.slice(0, end)
  const mod = new Module(file, module)
  mod.filename = file
  mod.paths = Module._nodeModulePaths(path.dirname(file))
  mod._compile(`${preamble}\nmodule.exports = require_dist();\n`, file)
  const preset = mod.exports
  return preset && Array.isArray(preset.plugins) ? preset : null
}

function loadPreset() {
  try {
    return require("@medusajs/ui-preset")
  } catch (e) {
    if (e.code !== "MODULE_NOT_FOUND") throw e
  }
  const preset = fromAdminBundler()
  if (!preset) {
    throw new Error(
      "Medusa UI's Tailwind preset was not found: install it with `npm install -D @medusajs/ui-preset@2.21.2` " +
        "(the copy inside @medusajs/admin-bundler this build falls back to has changed shape)."
    )
  }
  return preset
}

module.exports = loadPreset()
