#!/usr/bin/env node
// Renders sample billing documents into .artifacts/documents/*.pdf, and PNGs
// of every page beside them when `pdftoppm` (Debian: poppler-utils) is
// installed, to look at the layout as a customer would:
//   node scripts/sample-documents.js [--no-png] [--dpi 80]
// The data comes from src/documents/__tests__/fixtures.ts (the tests' own).
const fs = require("fs")
const path = require("path")
const { spawnSync } = require("child_process")
const { registerTypeScript } = require("./bench/typescript")

registerTypeScript()
const ROOT = path.resolve(__dirname, "..")
const documents = require(path.join(ROOT, "src/documents/index.ts"))
const fixtures = require(path.join(ROOT, "src/documents/__tests__/fixtures.ts"))

const OUT = path.join(ROOT, ".artifacts", "documents")

/** Hard cases in one invoice: 15-digit amounts, a credit line, a name the fonts cannot draw, a description longer than a row should be. */
function edgeCaseInvoice() {
  const doc = fixtures.sampleInvoice({ currency: "usd", status: "open", lines: 3, payments: "none", number: "INV-2026-EXPORT-000987" })
  const big = "9999999999999.99"
  doc.customer = { ...doc.customer, name: "Иван Петров 😀", company_name: "Société Générale de Plomberie — Zoë & Søren Dvořák", email: "ivan.petrov@very-long-company-domain-name.example.com" }
  doc.business = { ...doc.business, name: null, portal_url: "https://billing.example.com/portal/pay?customer=cus_01JQ7Z3K8M&invoice=inv_01JQ7ZB0YV3M&utm_source=pdf" }
  doc.invoice.lines[0] = { ...doc.invoice.lines[0], quantity: "1", unit_price: big, total: big }
  doc.invoice.lines[1].description = "Replaced the corroded fittings and pressure-tested the loop. ".repeat(12).trim()
  doc.invoice.lines.push({ title: "Loyalty discount", description: null, service_date: null, quantity: "1", unit_price: "-50.00", total: "-50.00" })
  Object.assign(doc.invoice, { subtotal: big, tax_total: "0.00", total: big, amount_paid: "0.00", amount_pending: "0.00", amount_due: big })
  return doc
}

function samples() {
  const { sampleInvoice, sampleReceipt, sampleStatement } = fixtures
  return [
    ["invoice-edge-cases-usd", "invoice", edgeCaseInvoice()],
    ["invoice-open-usd", "invoice", sampleInvoice({ currency: "usd", status: "open", lines: 12 })],
    ["invoice-paid-usd", "invoice", sampleInvoice({ currency: "usd", status: "paid", lines: 4, number: "INV-000118" })],
    ["invoice-void-usd", "invoice", sampleInvoice({ currency: "usd", status: "void", lines: 3, number: "INV-000119", notes: null })],
    ["invoice-draft-usd", "invoice", sampleInvoice({ currency: "usd", status: "draft", lines: 5, number: "INV-000124" })],
    ["invoice-open-jpy", "invoice", sampleInvoice({ currency: "jpy", status: "open", lines: 6 })],
    ["invoice-open-kwd", "invoice", sampleInvoice({ currency: "kwd", status: "open", lines: 6 })],
    ["invoice-long-usd", "invoice", sampleInvoice({ currency: "usd", status: "open", lines: 40 })],
    ["receipt-card-usd", "receipt", sampleReceipt({ currency: "usd", kind: "card" })],
    ["receipt-ach-pending-usd", "receipt", sampleReceipt({ currency: "usd", kind: "ach" })],
    ["receipt-card-kwd", "receipt", sampleReceipt({ currency: "kwd", kind: "card" })],
    ["statement-60-usd", "statement", sampleStatement({ currency: "usd", count: 60 })],
    ["statement-jpy", "statement", sampleStatement({ currency: "jpy", count: 18, period: { from: null, to: "2026-11-30T23:59:59.999Z", kind: "all_time" } })],
  ]
}

async function main() {
  const args = process.argv.slice(2)
  const png = !args.includes("--no-png")
  const dpiIndex = args.indexOf("--dpi")
  const dpi = dpiIndex >= 0 ? Number(args[dpiIndex + 1]) : 80
  fs.mkdirSync(OUT, { recursive: true })
  for (const file of fs.readdirSync(OUT)) if (/\.(pdf|png)$/.test(file)) fs.rmSync(path.join(OUT, file))
  const render = { invoice: documents.renderInvoicePdf, receipt: documents.renderReceiptPdf, statement: documents.renderStatementPdf }
  const hasPdftoppm = png && spawnSync("pdftoppm", ["-v"]).status === 0
  for (const [name, kind, data] of samples()) {
    const pdf = await render[kind](data)
    const file = path.join(OUT, `${name}.pdf`)
    fs.writeFileSync(file, pdf)
    let note = ""
    if (hasPdftoppm) {
      const result = spawnSync("pdftoppm", ["-png", "-r", String(dpi), file, path.join(OUT, name)])
      if (result.status !== 0) throw new Error(`pdftoppm failed on ${file}: ${result.stderr}`)
      note = `, ${fs.readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png")).length} PNG page(s)`
    }
    console.log(`${path.relative(ROOT, file)} (${(pdf.length / 1024).toFixed(1)} KB${note})`)
  }
  if (png && !hasPdftoppm) console.log("pdftoppm not found (apt-get install -y poppler-utils): PDFs only")
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
