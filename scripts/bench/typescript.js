// Lets plain `node` scripts (the PDF benchmark, scripts/sample-documents.js)
// require the plugin's TypeScript sources directly from a clean clone: `.ts`
// files are compiled in memory with @swc/core (a devDependency, the compiler
// the tests use too) to CommonJS. Type checking stays `npm run typecheck`'s job.
const fs = require("fs")

let registered = false

function registerTypeScript() {
  if (registered) return
  registered = true
  const { transformSync } = require("@swc/core")
  require.extensions[".ts"] = (module, filename) => {
    const { code } = transformSync(fs.readFileSync(filename, "utf8"), {
      filename,
      jsc: {
        parser: { syntax: "typescript", decorators: true },
        target: "es2021",
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
      module: { type: "commonjs" },
      sourceMaps: "inline",
    })
    module._compile(code, filename)
  }
}

module.exports = { registerTypeScript }
