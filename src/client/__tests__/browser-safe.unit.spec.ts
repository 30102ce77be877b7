/**
 * `medusa-billing-portal/client` goes into storefront and portal bundles:
 * it must not reach the plugin's server code (Medusa's framework, MikroORM,
 * pdfkit…), and the js-sdk it loads for `{ baseUrl }` must stay out of the
 * first chunk of apps that pass their own sdk.
 */
import fs from "fs"
import path from "path"

const CLIENT_DIR = path.resolve(__dirname, "..")
const sources = fs
  .readdirSync(CLIENT_DIR)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(CLIENT_DIR, f), "utf8") }))

describe("the client is browser-safe", () => {
  it("imports only its own files and @medusajs/js-sdk (types, or loaded on demand)", () => {
    expect(sources.map((s) => s.file).sort()).toEqual(["client.ts", "errors.ts", "idempotency.ts", "index.ts", "money.ts", "next-action.ts", "types.ts"])
    for (const { file, text } of sources) {
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1])
      for (const specifier of specifiers) {
        expect({ file, specifier, ok: specifier.startsWith("./") || specifier === "@medusajs/js-sdk" }).toEqual({
          file,
          specifier,
          ok: true,
        })
      }
      // a static runtime import of the sdk would put it into every bundle
      for (const line of text.split("\n").filter((l) => /^import .*["']@medusajs\/js-sdk["']/.test(l))) {
        expect({ file, line, typeOnly: line.startsWith("import type ") }).toEqual({ file, line, typeOnly: true })
      }
    }
  })

  it("bundles for the browser without server code, with the sdk in a chunk of its own", async () => {
    // esbuild comes with vite (a dev dependency)
    const esbuild = require("esbuild") as typeof import("esbuild")
    const outdir = fs.mkdtempSync(path.join(require("os").tmpdir(), "billing-client-bundle-"))
    try {
      const result = await esbuild.build({
        entryPoints: [path.join(CLIENT_DIR, "index.ts")],
        bundle: true,
        splitting: true,
        format: "esm",
        platform: "browser",
        minify: true,
        write: false,
        metafile: true,
        outdir,
        logLevel: "silent",
      })
      const inputs = Object.keys(result.metafile.inputs)
      const server = inputs.filter((i) =>
        /@medusajs\/(framework|medusa|utils|types|test-utils)|mikro-orm|pdfkit|stripe\/|src\/(api|modules|workflows|domain|utils|providers|documents)\//.test(i)
      )
      expect(server).toEqual([])
      const entry = Object.entries(result.metafile.outputs).find(([, out]) => out.entryPoint)!
      const entryInputs = Object.keys(entry[1].inputs)
      expect(entryInputs.every((i) => i.includes("src/client/"))).toBe(true)
      // the client alone: a few KB, whatever the sdk weighs
      expect(entry[1].bytes).toBeLessThan(12_000)
      expect(inputs.some((i) => i.includes("@medusajs/js-sdk"))).toBe(true)
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true })
    }
  })
})
