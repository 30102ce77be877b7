import fs from "fs"
import path from "path"
import { promisify } from "util"
import zlib from "zlib"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ConfigModule, IApiKeyModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { DEMO_PORTAL_API_KEY_TITLE, getBillingOptions } from "../../utils/options"
import { loadPortalSettings } from "../../utils/portal-settings"
import { adapterFor } from "../../providers/adapters"
import { stripeAdapter } from "../../providers/adapters/stripe"
import type { MethodType } from "../../providers/adapters/types"
import {
  InjectedPortalConfig,
  isSignedInPage,
  isStripePublishableKey,
  normalizePortalPath,
  pageHeaders,
  renderIndexHtml,
  routeModuleFor,
  safeColor,
  unavailablePage,
} from "./page"

/**
 * Serves the hosted customer portal (DESIGN sec. 13) at `hostedPortal.path`:
 *
 * - `<path>/assets/<file>`: the build's content-hashed files, cached for a
 *   year (`immutable`); a name the build does not have is a 404, never the
 *   app's HTML (a stale page asking for an old chunk must fail visibly).
 * - every other GET under the path: index.html with the configuration
 *   injected (publishable key, base path, business name, theme), `no-cache`,
 *   and a strict Content-Security-Policy (page.ts). The portal's router
 *   takes it from there, so deep links work.
 * - 503 with a page saying what to do when the portal is not built or has no
 *   publishable key.
 *
 * Registered once, without `methods`, for every path (Medusa mounts it with
 * `app.use`): the path is a plugin option, known only once the app runs, so
 * the middleware cannot be mounted at it. Requests elsewhere cost reading
 * the option and one prefix check.
 */
export async function hostedPortalMiddleware(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  if (req.method !== "GET" && req.method !== "HEAD") return next()
  const mount = mountFor(req)
  if (!mount) return next()
  const rest = relativeTo(req.path, mount.path)
  if (rest === null) return next()

  const files = loadBuild(mount.distDir)
  if (!files) {
    // where it looked goes to the log, not to whoever opened the page
    reportOnce(req, `medusa-billing-portal: the hosted portal has no build at ${mount.distDir} (npm run build); it answers 503.`)
    return sendUnavailable(res, "The billing portal is not built", "The server has no build of the hosted portal yet. Run `npm run build` in the medusa-billing-portal package (it builds the portal into portal-dist/), then reload this page.")
  }

  if (rest.startsWith("assets/")) {
    const name = rest.slice("assets/".length)
    if (!files.assets.has(name)) {
      res.status(404).set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" })
      res.send("Not found")
      return
    }
    const headers = { "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" }
    if (COMPRESSIBLE.test(name)) {
      // scripts and styles are most of what a first visit downloads: compressed
      // once per build file (in memory: the build is a few hundred KB) and sent
      // to every browser that accepts it (DESIGN sec. 12: the first-load budget)
      const encoding = acceptedEncoding(req.headers["accept-encoding"])
      res.set({ ...headers, Vary: "Accept-Encoding" })
      if (encoding) {
        try {
          const body = await compressedAsset(files, name, encoding)
          res.status(200).type(path.extname(name)).set("Content-Encoding", encoding)
          res.send(body)
          return
        } catch (error) {
          return next(error)
        }
      }
    }
    res.sendFile(path.join(files.dir, "assets", name), {
      maxAge: 0,
      cacheControl: false,
      headers,
    }, (error) => {
      if (error && !res.headersSent) next(error)
    })
    return
  }

  const key = await publishableKeyFor(req, mount)
  if (!key) {
    return sendUnavailable(res, "The billing portal is not set up", `The hosted portal needs a publishable API key for its store requests. Set \`hostedPortal.publishableApiKey\` in the medusa-billing-portal plugin options (Settings → Publishable API Keys in the admin), or create a publishable key titled "${DEMO_PORTAL_API_KEY_TITLE}".`)
  }
  const settings = await loadPortalSettings(req.scope)
  const stripe = stripeFor(req)
  const config: InjectedPortalConfig = {
    base_path: mount.path,
    backend_url: "/",
    publishable_key: key,
    business_name: settings.business_name,
    support_email: settings.support_email,
    theme: {
      primary_color: safeColor(settings.theme.primary_color, "#2563eb"),
      background_color: safeColor(settings.theme.background_color, "#ffffff"),
      header_image_url: settings.theme.header_image_url,
    },
    ...(stripe ? { stripe_publishable_key: stripe.publishableKey, stripe_method_types: stripe.methodTypes } : {}),
  }
  // the admin's "View sample portal" frames <path>/sample (same origin only)
  res.status(200).set(pageHeaders({ stripe: stripe !== null, framedBySelf: rest === "sample" || rest.startsWith("sample/") }))
  const page = routeModuleFor(rest)
  const preloads = new Set([...chunksOf(files.routePreloads, START_CHUNKS), ...(page ? chunksOf(files.routePreloads, page) : [])])
  res.send(renderIndexHtml(files.indexHtml, config, [...preloads], { firstFramePath: isSignedInPage(page) ? rest : null }))
}

// ---------------------------------------------------------------------------
// Where the portal is mounted, from the plugin options at each request (as
// every option of the plugin is read; it costs a few property reads)

type Mount = { path: string; distDir: string; publishableApiKey?: string }

/** Logs a configuration problem once per process, not once per request. */
const reported = new Set<string>()
function reportOnce(req: MedusaRequest, message: string) {
  if (reported.has(message)) return
  reported.add(message)
  req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER).error(message)
}

function mountFor(req: MedusaRequest): Mount | null {
  const options = getBillingOptions(req.scope).hostedPortal
  if (!options) return null
  const adminPath = req.scope.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE).admin?.path
  const normalized = normalizePortalPath(options.path, adminPath)
  if ("error" in normalized) {
    reportOnce(req, `medusa-billing-portal: ${normalized.error}. The hosted portal is off.`)
    return null
  }
  return {
    path: normalized.path,
    distDir: options.distDir ? path.resolve(options.distDir) : defaultDistDir(),
    publishableApiKey: options.publishableApiKey,
  }
}

/** "" for the mount path itself, "a/b" below it, null elsewhere ("/billingx" is elsewhere). */
function relativeTo(requestPath: string, mountPath: string): string | null {
  if (requestPath === mountPath) return ""
  if (!requestPath.startsWith(`${mountPath}/`)) return null
  return requestPath.slice(mountPath.length + 1)
}

/**
 * portal-dist beside package.json: from this file in the repository
 * (src/api/hosted-portal) or in the built package
 * (.medusa/server/src/api/hosted-portal), whichever this is.
 */
export function defaultDistDir(dirname = __dirname): string {
  const built = dirname.split(path.sep).includes(".medusa")
  return path.resolve(dirname, built ? "../../../../.." : "../../..", "portal-dist")
}

// ---------------------------------------------------------------------------
// Stripe: on only when a method's provider is Stripe and the publishable key is set

/**
 * The methods whose configured provider is served by the Stripe adapter
 * (chosen by the provider's registration, as payments choose it), with the
 * publishable key; null when there are none or no usable key, and then the
 * page neither names Stripe nor allows it in its CSP.
 */
function stripeFor(req: MedusaRequest): { publishableKey: string; methodTypes: MethodType[] } | null {
  const options = getBillingOptions(req.scope)
  const publishableKey = options.stripe?.publishableKey
  const methodTypes = (Object.keys(options.paymentProviders) as MethodType[]).filter((type) => {
    try {
      return adapterFor(req.scope, options.paymentProviders[type]) === stripeAdapter
    } catch {
      return false // a provider without an adapter fails at payment time with its own message
    }
  })
  if (methodTypes.length === 0) return null
  if (!isStripePublishableKey(publishableKey)) {
    reportOnce(
      req,
      `medusa-billing-portal: ${methodTypes.join(" and ")} payments go through Stripe, but \`stripe.publishableKey\` is ${publishableKey ? "not a Stripe publishable key (pk_test_… or pk_live_…)" : "not set"}; the hosted portal cannot show Stripe's Payment Element.`
    )
    return null
  }
  return { publishableKey, methodTypes }
}

// ---------------------------------------------------------------------------
// The build on disk: re-read when index.html changes (a rebuild while the server runs)

type Build = {
  dir: string
  indexHtml: string
  assets: Set<string>
  mtimeMs: number
  /** page module → its script chunks (route-preloads.json, written by portal/vite.config.mts) */
  routePreloads: Record<string, string[]>
  /** `<encoding>:<file>` → the compressed file, made on first request */
  compressed: Map<string, Promise<Buffer>>
}

const builds = new Map<string, Build>()

function loadBuild(dir: string): Build | null {
  const indexPath = path.join(dir, "index.html")
  let mtimeMs: number
  try {
    mtimeMs = fs.statSync(indexPath).mtimeMs
  } catch {
    builds.delete(dir)
    return null
  }
  const cached = builds.get(dir)
  if (cached && cached.mtimeMs === mtimeMs) return cached
  let assets: string[] = []
  try {
    assets = fs.readdirSync(path.join(dir, "assets"))
  } catch {}
  const build: Build = {
    dir,
    indexHtml: fs.readFileSync(indexPath, "utf8"),
    assets: new Set(assets),
    mtimeMs,
    routePreloads: readRoutePreloads(path.join(dir, "route-preloads.json")),
    compressed: new Map(),
  }
  builds.set(dir, build)
  return build
}

/** route-preloads.json's key for the chunks every page needs (the entry's steps); never a page's name. */
const START_CHUNKS = "_start"

/** A page's chunks from the map; only its own entries (a path named "constructor" is not a page). */
function chunksOf(map: Record<string, string[]>, key: string): string[] {
  const chunks = Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined
  return Array.isArray(chunks) ? chunks.filter((c) => typeof c === "string") : []
}

/** The build's page → chunks map; none (no preloads, nothing else changes) when absent or unreadable. */
function readRoutePreloads(file: string): Record<string, string[]> {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8"))
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {}
  } catch {
    return {}
  }
}

// ---------------------------------------------------------------------------
// Compressed assets

const COMPRESSIBLE = /\.(js|mjs|css|svg|json|map|txt)$/
type Encoding = "br" | "gzip"

/** brotli when the browser accepts it (every current one does over HTTP/1.1 and 2), else gzip, else none. */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | null {
  const accepted = new Map<string, number>()
  for (const part of (Array.isArray(header) ? header.join(",") : header ?? "").split(",")) {
    const [token, ...params] = part.trim().toLowerCase().split(";")
    if (!token) continue
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean)
    accepted.set(token, q ? Number(q[1]) : 1)
  }
  const ok = (token: Encoding) => (accepted.get(token) ?? accepted.get("*") ?? 0) > 0
  if (ok("br")) return "br"
  if (ok("gzip")) return "gzip"
  return null
}

/** Off the event loop (zlib's thread pool), once per file and encoding; a failure is not kept. */
function compressedAsset(build: Build, name: string, encoding: Encoding): Promise<Buffer> {
  const key = `${encoding}:${name}`
  let body = build.compressed.get(key)
  if (!body) {
    body = fs.promises.readFile(path.join(build.dir, "assets", name)).then(
      (file) =>
        encoding === "br"
          ? promisify(zlib.brotliCompress)(file, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: file.length,
              },
            })
          : promisify(zlib.gzip)(file, { level: zlib.constants.Z_BEST_COMPRESSION })
    )
    body.catch(() => build.compressed.delete(key))
    build.compressed.set(key, body)
  }
  return body
}

// ---------------------------------------------------------------------------
// The publishable key: the option, else the demo's key by its title

/**
 * Looked up on every page load (one indexed query, like the settings), not
 * cached: a key created, revoked or replaced in the admin is used at once.
 */
async function publishableKeyFor(req: MedusaRequest, mount: Mount): Promise<string | null> {
  if (mount.publishableApiKey) return mount.publishableApiKey
  const [key] = await req.scope
    .resolve<IApiKeyModuleService>(Modules.API_KEY)
    .listApiKeys(
      { title: DEMO_PORTAL_API_KEY_TITLE, type: "publishable", revoked_at: { $eq: null } },
      { select: ["token"], order: { created_at: "ASC" }, take: 1 }
    )
  return key?.token ?? null
}

function sendUnavailable(res: MedusaResponse, title: string, explanation: string) {
  res.status(503).set({ ...pageHeaders(), "Cache-Control": "no-store" })
  res.send(unavailablePage(title, explanation))
}
