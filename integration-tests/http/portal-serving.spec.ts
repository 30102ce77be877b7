import fs from "fs"
import os from "os"
import path from "path"
import zlib from "zlib"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createApiKeysWorkflow, revokeApiKeysWorkflow } from "@medusajs/medusa/core-flows"
import { HEAD_MARKER } from "../../src/api/hosted-portal/page"
import { DEMO_PORTAL_API_KEY_TITLE } from "../../src/utils/options"
import { createAdmin, settle } from "../helpers"

jest.setTimeout(180_000)

/**
 * The hosted portal as the plugin serves it (DESIGN sec. 11, 13), against a
 * small stand-in build (a portal/ build is not needed to check the serving):
 * an index.html with the injection marker and two hashed assets.
 */
const build = fs.mkdtempSync(path.join(os.tmpdir(), "portal-serving-"))
fs.mkdirSync(path.join(build, "assets"))
const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    ${HEAD_MARKER}
    <title>Billing portal</title>
    <script type="module" crossorigin src="./assets/index-AbC123.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index-XyZ789.css">
  </head>
  <body><div id="root"></div></body>
</html>
`
const SCRIPT = `console.log("portal")\n`
fs.writeFileSync(path.join(build, "index.html"), INDEX)
fs.writeFileSync(path.join(build, "assets", "index-AbC123.js"), SCRIPT)
fs.writeFileSync(path.join(build, "assets", "index-XyZ789.css"), "body{}\n")
// what portal/vite.config.mts writes: each page module's chunks
fs.writeFileSync(
  path.join(build, "route-preloads.json"),
  JSON.stringify({ home: ["assets/home-H1.js", "assets/money-M1.js"], "invoice-detail": ["assets/invoice-detail-D1.js"] })
)
afterAll(() => fs.rmSync(build, { recursive: true, force: true }))

// Not the default path, to show the build works wherever it is mounted.
const PORTAL = "/customer/billing"

const configIn = (html: string) => {
  const match = /<script type="application\/json" id="billing-portal-config">([\s\S]*?)<\/script>/.exec(html)
  if (!match) throw new Error(`no injected configuration in:\n${html}`)
  return JSON.parse(match[1])
}

const createDemoKey = async (container: any) => {
  const { result } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: DEMO_PORTAL_API_KEY_TITLE, type: "publishable", created_by: "" }] },
  })
  return result[0]
}

describe("hosted portal at a custom path", () => {
  medusaIntegrationTestRunner({
    inApp: true,
    env: { BILLING_PORTAL_OPTIONS: JSON.stringify({ hostedPortal: { path: `${PORTAL}/`, distDir: build } }) },
    testSuite: ({ api, getContainer }) => {
      const get = (url: string) => settle(api.get(url, { maxRedirects: 0, responseType: "text", transformResponse: (x: any) => x }))

      it("serves hashed assets for a year (immutable) and a missing asset as a 404, never as the page", async () => {
        await createDemoKey(getContainer())
        const script = await get(`${PORTAL}/assets/index-AbC123.js`)
        expect(script.status).toBe(200)
        expect(script.headers["content-type"]).toMatch(/javascript/)
        expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
        expect(script.data).toBe(SCRIPT)
        const css = await get(`${PORTAL}/assets/index-XyZ789.css`)
        expect(css.headers["content-type"]).toMatch(/text\/css/)

        for (const missing of ["index-Old000.js", "nested/index-AbC123.js", "..%2Findex.html", ""]) {
          const res = await get(`${PORTAL}/assets/${missing}`)
          expect({ missing, status: res.status, html: /<html/i.test(res.data) }).toEqual({ missing, status: 404, html: false })
        }
      })

      it("sends scripts and styles compressed (brotli, else gzip) to browsers that accept it, and plain to the rest", async () => {
        await createDemoKey(getContainer())
        const raw = (url: string, acceptEncoding: string) =>
          settle(api.get(url, { headers: { "accept-encoding": acceptEncoding }, decompress: false, responseType: "arraybuffer" }))
        const asset = `${PORTAL}/assets/index-AbC123.js`
        const br = await raw(asset, "gzip, deflate, br")
        expect(br.status).toBe(200)
        expect(br.headers["content-encoding"]).toBe("br")
        expect(br.headers["vary"]).toMatch(/Accept-Encoding/i)
        expect(br.headers["content-type"]).toMatch(/javascript/)
        expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
        expect(zlib.brotliDecompressSync(Buffer.from(br.data)).toString("utf8")).toBe(SCRIPT)

        const gzip = await raw(asset, "gzip;q=1.0, br;q=0")
        expect(gzip.headers["content-encoding"]).toBe("gzip")
        expect(zlib.gunzipSync(Buffer.from(gzip.data)).toString("utf8")).toBe(SCRIPT)
        const css = await raw(`${PORTAL}/assets/index-XyZ789.css`, "gzip")
        expect(css.headers["content-encoding"]).toBe("gzip")
        expect(css.headers["content-type"]).toMatch(/text\/css/)
        expect(zlib.gunzipSync(Buffer.from(css.data)).toString("utf8")).toBe("body{}\n")

        const plain = await raw(asset, "identity")
        expect(plain.headers["content-encoding"]).toBeUndefined()
        expect(plain.headers["vary"]).toMatch(/Accept-Encoding/i)
        expect(Buffer.from(plain.data).toString("utf8")).toBe(SCRIPT)
      })

      it("answers index.html with the configuration for the path itself and for every deep link", async () => {
        const key = await createDemoKey(getContainer())
        for (const url of [PORTAL, `${PORTAL}/`, `${PORTAL}/invoices/inv_123`, `${PORTAL}/sign-in?x=1`, `${PORTAL}/no/such/page`]) {
          const res = await get(url)
          expect({ url, status: res.status }).toEqual({ url, status: 200 })
          expect(res.headers["content-type"]).toBe("text/html; charset=utf-8")
          expect(res.headers["cache-control"]).toBe("no-cache")
          expect(res.data).toContain(`<base href="${PORTAL}/" />`)
          expect(configIn(res.data)).toEqual({
            base_path: PORTAL,
            backend_url: "/",
            publishable_key: key.token,
            business_name: null,
            support_email: null,
            theme: { primary_color: "#2563eb", background_color: "#ffffff", header_image_url: null },
          })
        }
        // each page's own chunks are linked for preloading; a page without an entry gets none
        const preloads = async (url: string) => ((await get(url)).data.match(/<link rel="modulepreload"[^>]*>/g) ?? []).map((l: string) => /href="([^"]+)"/.exec(l)![1])
        expect(await preloads(PORTAL)).toEqual(["./assets/home-H1.js", "./assets/money-M1.js"])
        expect(await preloads(`${PORTAL}/invoices/inv_123`)).toEqual(["./assets/invoice-detail-D1.js"])
        expect(await preloads(`${PORTAL}/sign-in`)).toEqual([])
        // a path named after an Object property is a page like any unknown one, not a 500
        for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
          const res = await get(`${PORTAL}/${name}`)
          expect({ name, status: res.status, preloads: await preloads(`${PORTAL}/${name}`) }).toEqual({ name, status: 200, preloads: [] })
        }
        // the default path is not served when another is configured; neither is a look-alike prefix
        expect((await get("/billing")).status).toBe(404)
        expect((await get(`${PORTAL}x`)).status).toBe(404)
        // only GET and HEAD
        expect((await settle(api.post(PORTAL, {}))).status).toBe(404)
      })

      it("sends a strict Content-Security-Policy, no referrer and no framing with the page", async () => {
        await createDemoKey(getContainer())
        const res = await get(`${PORTAL}/invoices`)
        const csp = res.headers["content-security-policy"] as string
        const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]))
        expect(directives["script-src"]).toEqual(["'self'"])
        expect(directives["default-src"]).toEqual(["'self'"])
        expect(directives["frame-ancestors"]).toEqual(["'none'"])
        expect(directives["img-src"]).toEqual(["'self'", "https:", "data:"])
        expect(directives["connect-src"]).toEqual(["'self'"])
        expect(directives["object-src"]).toEqual(["'none'"])
        expect(res.headers["referrer-policy"]).toBe("no-referrer")
        expect(res.headers["x-frame-options"]).toBe("DENY")
        expect(res.headers["x-content-type-options"]).toBe("nosniff")
        // the page has no inline script: its only executable script is the build's, from 'self'
        const scripts = [...res.data.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1])
        expect(scripts).toEqual([` type="application/json" id="billing-portal-config"`, ` type="module" crossorigin src="./assets/index-AbC123.js"`])
      })

      it("injects the business name and theme from the settings, escaped so that a hostile name stays text", async () => {
        const container = getContainer()
        const key = await createDemoKey(container)
        const admin = await createAdmin(container, api)
        const name = `</script><script>alert(1)</script> & "Sons" <!--`
        const saved = await settle(
          api.post(
            "/admin/billing/settings",
            {
              business_name: name,
              support_email: "billing@acme.test",
              theme: { primary_color: "#0f766e", background_color: "#f5f5f4", header_image_url: "https://cdn.acme.test/header.png" },
            },
            admin
          )
        )
        expect(saved.status).toBe(200)
        const res = await get(`${PORTAL}/`)
        expect(res.data).not.toContain("<script>alert(1)")
        expect(res.data.match(/<script\b/g)).toHaveLength(2)
        expect(res.data).toContain("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot; &lt;!-- · Billing</title>")
        expect(res.data).toContain("<style>html{background-color:#f5f5f4}:root{--portal-primary:#0f766e;--portal-on-primary:#ffffff;")
        // the first frame, painted before the scripts run, shows the same name and header, escaped
        expect(res.data).toContain('<img src="https://cdn.acme.test/header.png" alt=""')
        expect(res.data).toContain(">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot; &lt;!--</a>")
        expect(configIn(res.data)).toEqual({
          base_path: PORTAL,
          backend_url: "/",
          publishable_key: key.token,
          business_name: name,
          support_email: "billing@acme.test",
          theme: { primary_color: "#0f766e", background_color: "#f5f5f4", header_image_url: "https://cdn.acme.test/header.png" },
        })
      })

      it("takes the demo's key by its title, not any key, and says what to do when there is none", async () => {
        const container = getContainer()
        await createApiKeysWorkflow(container).run({
          input: { api_keys: [{ title: "Storefront", type: "publishable", created_by: "" }] },
        })
        const none = await get(`${PORTAL}/`)
        expect(none.status).toBe(503)
        expect(none.headers["cache-control"]).toBe("no-store")
        expect(none.data).toContain("The billing portal is not set up")
        expect(none.data).toContain("hostedPortal.publishableApiKey")

        const first = await createDemoKey(container)
        const second = await createDemoKey(container)
        expect(configIn((await get(`${PORTAL}/`)).data).publishable_key).toBe(first.token)
        await revokeApiKeysWorkflow(container).run({ input: { selector: { id: first.id }, revoke: { revoked_by: "test" } } })
        expect(configIn((await get(`${PORTAL}/`)).data).publishable_key).toBe(second.token)
        // other live publishable keys were there all along (Medusa's own default key among them), never taken
        const others = (await container.resolve(Modules.API_KEY).listApiKeys({ type: "publishable" })).filter(
          (k) => k.title !== DEMO_PORTAL_API_KEY_TITLE && !k.revoked_at
        )
        expect(others.map((k) => k.title).sort()).toEqual(["Default Publishable API Key", "Storefront"])
      })

      it("answers 503 saying `npm run build` is needed while there is no build, and serves a new build at once", async () => {
        await createDemoKey(getContainer())
        const moved = path.join(build, "index.html.away")
        fs.renameSync(path.join(build, "index.html"), moved)
        try {
          for (const url of [`${PORTAL}/`, `${PORTAL}/invoices`, `${PORTAL}/assets/index-AbC123.js`]) {
            const res = await get(url)
            expect({ url, status: res.status }).toEqual({ url, status: 503 })
            expect(res.data).toContain("The billing portal is not built")
            expect(res.data).toContain("npm run build")
            expect(res.data).not.toContain(build) // the server's paths stay in its log
          }
        } finally {
          fs.renameSync(moved, path.join(build, "index.html"))
        }
        expect((await get(`${PORTAL}/`)).status).toBe(200)
      })

      it("serves nothing at its path with `hostedPortal: false`: Medusa's own 404", async () => {
        await createDemoKey(getContainer())
        const given = process.env.BILLING_PORTAL_OPTIONS
        // the repository's app reads its plugin options from this variable at each request
        process.env.BILLING_PORTAL_OPTIONS = JSON.stringify({ hostedPortal: false })
        try {
          for (const url of [PORTAL, `${PORTAL}/`, `${PORTAL}/invoices`, `${PORTAL}/assets/index-AbC123.js`, "/billing"]) {
            const res = await get(url)
            expect({ url, status: res.status }).toEqual({ url, status: 404 })
            expect(String(res.data)).toContain(`Cannot GET ${url}`)
          }
          // the store API itself is unaffected (and still wants its publishable key)
          expect((await settle(api.get("/store/billing/account"))).status).toBe(400)
        } finally {
          process.env.BILLING_PORTAL_OPTIONS = given
        }
        expect((await get(`${PORTAL}/invoices`)).status).toBe(200)
      })
    },
  })
})
