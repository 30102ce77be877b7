/**
 * Saves a file the API answered (a PDF as a Blob) the way a link with
 * `download` would: the store routes need the publishable key and the
 * customer's token in headers, so a plain `<a href>` to them cannot work.
 * The object URL is revoked once the browser has taken the file.
 */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement("a")
  link.href = url
  link.download = safeFilename(filename)
  link.rel = "noopener"
  link.style.display = "none"
  document.body.appendChild(link)
  try {
    link.click()
  } finally {
    link.remove()
    // revoking at once can cancel the download in some browsers: a moment later
    setTimeout(() => URL.revokeObjectURL(url), 30_000)
  }
}

/** A file name without path separators or control characters, ending in `.pdf` when it has no extension. */
export function safeFilename(name: string, fallback = "document.pdf"): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "-").replace(/^[.\s-]+/, "").trim()
  if (!cleaned) return fallback
  return /\.[a-z0-9]{2,5}$/i.test(cleaned) ? cleaned : `${cleaned}.pdf`
}

/** `statement-USD-2026-01-01-to-2026-01-31.pdf`, as the server names it (`all` when it has no start). */
export function statementFilename(currency: string, from: string | undefined, to: string): string {
  return `statement-${currency.toUpperCase()}-${from || "all"}-to-${to}.pdf`
}
