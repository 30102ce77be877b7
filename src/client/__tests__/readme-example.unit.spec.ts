/**
 * The README's "Build your own account pages" examples (the two ways to
 * create the client, the Next.js account page with its server action and
 * client form, the PDF route handler) compile under strict TypeScript
 * against this client, so they cannot drift from its API. Next.js itself is
 * not installed here: `next/headers`, `next/cache`, `next/navigation` and
 * `server-only` are declared with Next.js 15's shapes of what the examples
 * use, and React 19's form actions come from @types/react's canary types.
 */
import fs from "fs"
import os from "os"
import path from "path"
import ts from "typescript"

jest.setTimeout(120_000)

const ROOT = path.resolve(__dirname, "../../..")

function exampleFiles(): Record<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8")
  const heading = "## Build your own account pages: `medusa-billing-portal/client`"
  const start = readme.indexOf(heading)
  if (start < 0) throw new Error(`README.md has no section "${heading}"`)
  const section = readme.slice(start, readme.indexOf("\n## ", start + 3))
  const files: Record<string, string> = {}
  for (const [, code] of section.matchAll(/```tsx?\n([\s\S]*?)```/g)) {
    // each example names its file in its first line: `// lib/billing.ts`
    const named = /^\/\/ (\S+\.tsx?)/.exec(code)
    if (named) files[named[1]] = code
  }
  return files
}

describe("README store client examples", () => {
  it("name their files: both client setups, the account page, its action and form, the PDF route, paying a link", () => {
    expect(Object.keys(exampleFiles()).sort()).toEqual([
      "app/account/billing/actions.ts",
      "app/account/billing/invoices/[id]/pdf/route.ts",
      "app/account/billing/page.tsx",
      "app/account/billing/pay-form.tsx",
      "lib/billing-browser.ts",
      "lib/billing.ts",
      "lib/pay-link.ts",
    ])
  })

  it("compile under strict TypeScript against the client", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "billing-readme-example-"))
    try {
      // the examples' dependencies (react, react-query, js-sdk) from this repository
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir")
      const roots: string[] = []
      for (const [name, code] of Object.entries(exampleFiles())) {
        const file = path.join(dir, name)
        fs.mkdirSync(path.dirname(file), { recursive: true })
        fs.writeFileSync(file, code)
        roots.push(file)
      }
      const stubs = path.join(dir, "next-stubs.d.ts")
      fs.writeFileSync(
        stubs,
        `/// <reference types="react/canary" />
/// <reference types="react-dom/canary" />
declare module "server-only" {}
declare module "next/headers" {
  export function cookies(): Promise<{ get(name: string): { name: string; value: string } | undefined }>
}
declare module "next/cache" {
  export function revalidatePath(path: string, type?: "page" | "layout"): void
}
declare module "next/navigation" {
  export function redirect(url: string): never
}
`
      )
      const program = ts.createProgram([...roots, stubs], {
        strict: true,
        noEmit: true,
        jsx: ts.JsxEmit.ReactJSX,
        target: ts.ScriptTarget.ES2022,
        lib: ["lib.dom.d.ts", "lib.dom.iterable.d.ts", "lib.es2022.d.ts"],
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        skipLibCheck: true,
        esModuleInterop: true,
        types: [],
        baseUrl: dir,
        paths: {
          "medusa-billing-portal/client": [path.join(ROOT, "src/client/index.ts")],
          "@/lib/*": [path.join(dir, "lib/*")],
        },
      })
      const problems = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : ""
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`
      })
      expect(problems).toEqual([])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
