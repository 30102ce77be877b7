import fs from "fs"
import path from "path"
import { PAGE_PATHS, PUBLIC_PATHS, TAB_PATHS } from "../../../../portal/src/lib/tabs"
import {
  contentSecurityPolicy,
  HEAD_MARKER,
  InjectedPortalConfig,
  isStripePublishableKey,
  jsonForScriptElement,
  normalizePortalPath,
  pageHeaders,
  isSignedInPage,
  renderIndexHtml,
  routeModuleFor,
  safeColor,
  unavailablePage,
} from "../page"
import { defaultDistDir } from "../serve-portal"

const TEMPLATE = `<!doctype html><html><head><meta charset="UTF-8" />${HEAD_MARKER}<title>Billing portal</title><script type="module" crossorigin src="./assets/index-abc.js"></script></head><body><div id="root"></div></body></html>`

const config = (overrides: Partial<InjectedPortalConfig> = {}): InjectedPortalConfig => ({
  base_path: "/billing",
  backend_url: "/",
  publishable_key: "pk_123",
  business_name: "Acme",
  support_email: null,
  theme: { primary_color: "#123456", background_color: "#fafafa", header_image_url: null },
  ...overrides,
})

/** The JSON the page carries, read back the way the portal reads it. */
function injectedJson(html: string) {
  const match = /<script type="application\/json" id="billing-portal-config">([\s\S]*?)<\/script>/.exec(html)
  expect(match).not.toBeNull()
  return JSON.parse(match![1])
}

describe("renderIndexHtml", () => {
  it("injects a <base> for the mount path, the configuration, the first-paint background and the title", () => {
    const html = renderIndexHtml(TEMPLATE, config())
    expect(html).toContain(`<base href="/billing/" />`)
    expect(injectedJson(html)).toEqual(config())
    expect(html).toContain("<style>html{background-color:#fafafa}:root{--portal-primary:#123456;--portal-on-primary:#ffffff;--portal-background:#fafafa;--portal-on-background:#000000;--portal-on-background-subtle:rgba(0, 0, 0, 0.66)}</style>")
    expect(html).toContain("<title>Acme · Billing</title>")
    // no first frame unless asked for (a public page)
    expect(html).toContain('<div id="root"></div>')
    expect(html).not.toContain(HEAD_MARKER)
    // the <base> precedes every relative URL of the page
    expect(html.indexOf("<base")).toBeLessThan(html.indexOf("./assets/"))
  })

  it("keeps a hostile business name inert: one script element, the same string read back", () => {
    const name = `</script><script>alert(1)</script><!-- & \u2028 $& $' "quoted"`
    const html = renderIndexHtml(TEMPLATE, config({ business_name: name }))
    expect(html.match(/<script/g)).toHaveLength(2) // the config block and the build's module script
    expect(html).not.toContain("<script>alert(1)")
    expect(injectedJson(html).business_name).toBe(name)
    expect(html).toContain("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
  })

  it("never writes a colour that is not hex into the <style>", () => {
    const html = renderIndexHtml(TEMPLATE, config({ theme: { primary_color: "#fff", background_color: "red}</style><script>", header_image_url: null } }))
    expect(html).toContain("<style>html{background-color:#ffffff}:root{--portal-primary:#fff;--portal-on-primary:#000000;--portal-background:#ffffff;")
    expect(html.slice(html.indexOf("<style>"), html.indexOf("</style>"))).not.toContain("red")
  })

  it("paints a signed-in page's first frame in #root: the business's header, the page's heading, the footer", () => {
    const html = renderIndexHtml(TEMPLATE, config({ support_email: "billing@acme.test" }), [], { firstFramePath: "make-payment" })
    const root = html.slice(html.indexOf('<div id="root">'), html.indexOf("</body>"))
    expect(root).toContain(`<a class="txt-xlarge-plus`)
    expect(root).toContain(`href="/billing">Acme</a>`)
    expect(root).toContain(">Make a payment</h1>")
    expect(root).toContain(">Loading your account…</p>")
    expect(root).toContain(`href="mailto:billing@acme.test">billing@acme.test</a>`)
    expect(root.match(/<h1/g)).toHaveLength(1)
    // Home's heading greets the customer: the frame has none
    const home = renderIndexHtml(TEMPLATE, config(), [], { firstFramePath: "" })
    expect(home).not.toContain("<h1")
    expect(home).not.toContain("<footer")
    expect(home).toContain(">Loading your account…</p>")
  })

  it("escapes the business's values in the first frame", () => {
    const hostile = `<img src=x onerror=alert(1)>"'&`
    const html = renderIndexHtml(
      TEMPLATE,
      config({ business_name: hostile, support_email: hostile, theme: { primary_color: "#123456", background_color: "#ffffff", header_image_url: `https://x.test/a.png" onerror="alert(1)` } }),
      [],
      { firstFramePath: "invoices" }
    )
    const root = html.slice(html.indexOf('<div id="root">'), html.indexOf("</body>"))
    expect(root).not.toContain("<img src=x")
    expect(root).not.toContain(`" onerror="`)
    expect(root).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;")
    expect(root).toContain(`<img src="https://x.test/a.png&quot; onerror=&quot;alert(1)" alt=""`)
  })

  it("refuses an index.html that is not a portal build", () => {
    expect(() => renderIndexHtml("<html><head></head></html>", config())).toThrow(/no <!--billing-portal:head--> marker/)
  })
})

describe("the page's own chunks, preloaded", () => {
  it("links each as a modulepreload beside the entry script, relative to the <base>", () => {
    const html = renderIndexHtml(TEMPLATE, config(), ["assets/home-Ab1.js", "assets/money-x_Y.js"])
    const head = html.slice(0, html.indexOf("</head>"))
    expect(head.match(/<link rel="modulepreload" crossorigin href="[^"]+" \/>/g)).toEqual([
      '<link rel="modulepreload" crossorigin href="./assets/home-Ab1.js" />',
      '<link rel="modulepreload" crossorigin href="./assets/money-x_Y.js" />',
    ])
  })

  it("links nothing that is not a script of the build's assets", () => {
    const html = renderIndexHtml(TEMPLATE, config(), ["../secret.js", "assets/a.css", 'assets/x.js" onload="alert(1)', "https://evil.test/a.js"])
    expect(html).not.toContain("modulepreload")
  })

  it("knows the page module of every portal path, named as its file under portal/src/routes", () => {
    const routes = path.resolve(__dirname, "../../../../portal/src/routes")
    const paths = [
      "/",
      ...Object.values(TAB_PATHS),
      ...Object.values(PUBLIC_PATHS),
      PAGE_PATHS.autopay,
      PAGE_PATHS.documents,
      PAGE_PATHS.invoice("inv_01"),
      PAGE_PATHS.payment("pay_01"),
      "/sample/invoices",
    ]
    for (const p of paths) {
      const page = routeModuleFor(p.replace(/^\//, ""))
      expect({ path: p, exists: page !== null && fs.existsSync(path.join(routes, `${page}.tsx`)) }).toEqual({ path: p, exists: true })
    }
    expect(routeModuleFor("")).toBe("home")
    expect(routeModuleFor("invoices/inv_1")).toBe("invoice-detail")
    expect(routeModuleFor("payments/pay_1")).toBe("payment-receipt")
    expect(routeModuleFor("pay")).toBe("pay-link")
    expect(routeModuleFor("invoices/inv_1/extra")).toBeNull()
    expect(routeModuleFor("../etc")).toBeNull()
    expect(routeModuleFor("Weird_Path")).toBeNull()
  })
})

describe("isSignedInPage", () => {
  it("is every page under the signed-in shell, and none of the public ones", () => {
    for (const page of ["home", "make-payment", "invoices", "invoice-detail", "payment-receipt", "history", "documents", "autopay"]) {
      expect(isSignedInPage(page)).toBe(true)
    }
    for (const page of ["sign-in", "activate", "pay-link", "sample", "forgot-password", "reset-password", "nothing", null]) {
      expect(isSignedInPage(page)).toBe(false)
    }
  })
})

describe("jsonForScriptElement", () => {
  it("escapes what could end or change a script element, and round-trips", () => {
    const value = { a: "</script>", b: "<!--", c: "a & b", d: "\u2028\u2029" }
    const json = jsonForScriptElement(value)
    expect(json).not.toMatch(/[<>&\u2028\u2029]/)
    expect(JSON.parse(json)).toEqual(value)
  })
})

describe("contentSecurityPolicy", () => {
  it("allows scripts only from the page's own origin and forbids framing", () => {
    const csp = contentSecurityPolicy()
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("img-src 'self' https: data:")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'self'")
    expect(pageHeaders()["X-Frame-Options"]).toBe("DENY")
  })

  it("lets only the same origin frame the sample portal", () => {
    const csp = contentSecurityPolicy({ framedBySelf: true })
    expect(csp).toContain("frame-ancestors 'self'")
    expect(csp).not.toContain("frame-ancestors 'none'")
    expect(pageHeaders({ framedBySelf: true })["X-Frame-Options"]).toBe("SAMEORIGIN")
  })
})

describe("contentSecurityPolicy with Stripe", () => {
  const directive = (csp: string, name: string) =>
    csp
      .split("; ")
      .find((d) => d.startsWith(`${name} `))!
      .split(" ")
      .slice(1)

  it("names no Stripe origin unless the portal pays through Stripe", () => {
    expect(contentSecurityPolicy()).not.toContain("stripe")
    expect(contentSecurityPolicy({ stripe: false })).not.toContain("stripe")
    expect(pageHeaders()["Content-Security-Policy"]).not.toContain("stripe")
  })

  it("allows Stripe.js, its frames (3-D Secure on hooks.stripe.com) and its API, and nothing else more", () => {
    const plain = contentSecurityPolicy()
    const csp = pageHeaders({ stripe: true })["Content-Security-Policy"]
    expect(directive(csp, "script-src")).toEqual(["'self'", "https://js.stripe.com", "https://*.js.stripe.com"])
    expect(directive(csp, "connect-src")).toEqual(["'self'", "https://api.stripe.com"])
    expect(directive(csp, "frame-src")).toEqual([
      ...directive(plain, "frame-src"),
      "https://js.stripe.com",
      "https://*.js.stripe.com",
      "https://hooks.stripe.com",
    ])
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    // every other directive is as without Stripe
    const others = (value: string) => value.split("; ").filter((d) => !/^(script|connect|frame)-src /.test(d))
    expect(others(csp)).toEqual(others(plain))
  })
})

describe("the Stripe publishable key", () => {
  it("is injected only when it is one, and reads back from the page", () => {
    expect(isStripePublishableKey("pk_test_51AbC")).toBe(true)
    expect(isStripePublishableKey("pk_live_xyz9")).toBe(true)
    for (const bad of ["sk_test_123", "pk_test_", "", undefined, 'pk_test_1"</script>', "rk_live_1"]) {
      expect(isStripePublishableKey(bad)).toBe(false)
    }
    const html = renderIndexHtml(TEMPLATE, config({ stripe_publishable_key: "pk_test_51AbC", stripe_method_types: ["card"] }))
    expect(injectedJson(html)).toMatchObject({ stripe_publishable_key: "pk_test_51AbC", stripe_method_types: ["card"] })
    expect(injectedJson(renderIndexHtml(TEMPLATE, config()))).not.toHaveProperty("stripe_publishable_key")
  })
})

describe("normalizePortalPath", () => {
  it.each([
    ["/billing", "/billing"],
    ["/billing/", "/billing"],
    ["/account/billing", "/account/billing"],
  ])("%s mounts at %s", (given, mounted) => {
    expect(normalizePortalPath(given)).toEqual({ path: mounted })
  })

  it.each([
    ["billing", /must be a path starting with "\/"/],
    ["/", /plain path segments/],
    ["/bill ing", /plain path segments/],
    ["/a/../b", /plain path segments/],
    ["/store/portal", /cannot be under \/store/],
    ["/app", /cannot be under \/app/],
    ["/auth", /cannot be under \/auth/],
  ])("refuses %s", (given, message) => {
    const result = normalizePortalPath(given)
    expect("error" in result && result.error).toMatch(message)
  })

  it("keeps clear of the admin's configured path", () => {
    expect(normalizePortalPath("/dashboard", "/dashboard")).toEqual({
      error: `hostedPortal.path cannot be under /dashboard, which Medusa serves itself (got "/dashboard")`,
    })
    expect(normalizePortalPath("/app", "/dashboard")).toEqual({ path: "/app" })
  })
})

describe("defaultDistDir", () => {
  it("finds portal-dist beside package.json from the repository and from the built package", () => {
    expect(defaultDistDir("/repo/src/api/hosted-portal")).toBe(path.resolve("/repo/portal-dist"))
    expect(defaultDistDir("/app/node_modules/medusa-billing-portal/.medusa/server/src/api/hosted-portal")).toBe(
      path.resolve("/app/node_modules/medusa-billing-portal/portal-dist")
    )
  })
})

describe("safeColor / unavailablePage", () => {
  it("passes hex colours only", () => {
    expect(safeColor("#ABCDEF", "#000")).toBe("#ABCDEF")
    expect(safeColor("#abcd", "#000")).toBe("#000")
    expect(safeColor(null, "#000")).toBe("#000")
  })

  it("escapes what it shows", () => {
    expect(unavailablePage("<b>", "a & b")).toContain("<h1 style=\"font-size: 1.5rem\">&lt;b&gt;</h1>")
  })
})
