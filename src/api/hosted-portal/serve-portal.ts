import fs from "fs"
import path from "path"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ConfigModule, IApiKeyModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { DEMO_PORTAL_API_KEY_TITLE, getBillingOptions } from "../../utils/options"
import { loadPortalSettings } from "../../utils/portal-settings"
import { InjectedPortalConfig, normalizePortalPath, pageHeaders, renderIndexHtml, safeColor, unavailablePage } from "./page"

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
    res.sendFile(path.join(files.dir, "assets", name), {
      maxAge: 0,
      cacheControl: false,
      headers: { "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
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
  }
  // the admin's "View sample portal" frames <path>/sample (same origin only)
  res.status(200).set(pageHeaders({ framedBySelf: rest === "sample" || rest.startsWith("sample/") }))
  res.send(renderIndexHtml(files.indexHtml, config))
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
// The build on disk: re-read when index.html changes (a rebuild while the server runs)

type Build = { dir: string; indexHtml: string; assets: Set<string>; mtimeMs: number }

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
  const build = { dir, indexHtml: fs.readFileSync(indexPath, "utf8"), assets: new Set(assets), mtimeMs }
  builds.set(dir, build)
  return build
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
