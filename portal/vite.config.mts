import path from "node:path"
import { fileURLToPath } from "node:url"
import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

const here = path.dirname(fileURLToPath(import.meta.url))

// The hosted customer portal (DESIGN sec. 13). `npm run build` writes it to
// ../portal-dist, which the plugin serves at `hostedPortal.path` and injects
// the configuration into (src/api/hosted-portal). Asset URLs are relative
// ("./assets/…") and the server adds a <base href> for the path it serves the
// portal at, so one build works under any path.
//
// `npm run portal:dev` serves it with hot reload on :5174 against a Medusa on
// :9000 (the demo); the publishable key then comes from VITE_PUBLISHABLE_KEY.
export default defineConfig({
  root: here,
  base: "./",
  plugins: [react()],
  css: { postcss: path.join(here, "postcss.config.cjs") },
  build: {
    outDir: path.resolve(here, "../portal-dist"),
    emptyOutDir: true,
    target: "es2020",
    assetsDir: "assets",
    // first-load budget (DESIGN sec. 12): ≤ 150 KB of gzipped JavaScript
    chunkSizeWarningLimit: 400,
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
