import path from "node:path"
import { fileURLToPath } from "node:url"
import react from "@vitejs/plugin-react"
import { defineConfig, type Plugin } from "vite"

const here = path.dirname(fileURLToPath(import.meta.url))

// The hosted customer portal (DESIGN sec. 13). `npm run build` writes it to
// ../portal-dist, which the plugin serves at `hostedPortal.path` and injects
// the configuration into (src/api/hosted-portal). Asset URLs are relative
// ("./assets/…") and the server adds a <base href> for the path it serves the
// portal at, so one build works under any path.
//
// `npm run portal:dev` serves it with hot reload on :5174 against a Medusa on
// :9000 (the demo); the publishable key then comes from VITE_PUBLISHABLE_KEY.
/**
 * Writes route-preloads.json: for each page module (portal/src/routes/<name>.tsx,
 * a lazy chunk) the chunks it needs beyond the entry, and under "_start" the
 * chunks the entry imports in steps (main.tsx), which every page needs. The server links them
 * as <link rel="modulepreload"> in the index.html of that page's path
 * (src/api/hosted-portal/page.ts, routeModuleFor), so the page's code
 * downloads beside the entry script instead of after it has run.
 */
function routePreloads(): Plugin {
  return {
    name: "billing-portal-route-preloads",
    apply: "build",
    generateBundle(_options, bundle) {
      const routesDir = path.join(here, "src", "routes") + path.sep
      const chunks = new Map<string, { imports: string[]; isEntry: boolean }>()
      for (const [fileName, out] of Object.entries(bundle)) {
        if (out.type === "chunk") chunks.set(fileName, { imports: out.imports, isEntry: out.isEntry })
      }
      const closure = (fileName: string, seen = new Set<string>()): Set<string> => {
        const chunk = chunks.get(fileName)
        if (!chunk || chunk.isEntry || seen.has(fileName)) return seen
        seen.add(fileName)
        for (const imported of chunk.imports) closure(imported, seen)
        return seen
      }
      // "_start": what main.tsx imports step by step, needed by every page
      const start = new Set<string>()
      for (const out of Object.values(bundle)) {
        if (out.type === "chunk" && out.isEntry) for (const imported of out.dynamicImports) closure(imported, start)
      }
      const preloads: Record<string, string[]> = { _start: [...start] }
      for (const [fileName, out] of Object.entries(bundle)) {
        const id = out.type === "chunk" ? out.facadeModuleId : null
        if (!id || !out.isDynamicEntry || !id.startsWith(routesDir)) continue
        preloads[path.basename(id).replace(/\.tsx?$/, "")] = [...closure(fileName)]
      }
      this.emitFile({ type: "asset", fileName: "route-preloads.json", source: JSON.stringify(preloads, null, 2) })
    },
  }
}

export default defineConfig({
  root: here,
  base: "./",
  plugins: [react(), routePreloads()],
  resolve: {
    // the JS SDK's query strings without qs and its dependencies (see the file)
    alias: { qs: path.join(here, "src/lib/query-string.ts") },
  },
  css: { postcss: path.join(here, "postcss.config.cjs") },
  // boot/intl-worker.ts, started as a module worker (main.tsx)
  worker: { format: "es" },
  build: {
    outDir: path.resolve(here, "../portal-dist"),
    emptyOutDir: true,
    target: "es2020",
    assetsDir: "assets",
    // first-load budget (DESIGN sec. 12): ≤ 150 KB of gzipped JavaScript
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      // chunks under 6 KB are merged into a chunk that imports them (rollup
      // names the result after one of its modules): a page started with 13–20
      // script requests of a few hundred bytes to a few KB each, now 9–14,
      // fewer round trips on a phone's connection (DESIGN sec. 12)
      output: { experimentalMinChunkSize: 6_000 },
    },
  },
  server: {
    port: 5174,
    strictPort: true,
    proxy: {
      "/store": "http://localhost:9000",
      "/auth": "http://localhost:9000",
    },
    fs: { allow: [path.resolve(here, "..")] },
  },
})
