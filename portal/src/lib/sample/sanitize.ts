const DROPPED = "script,style,iframe,object,embed,form,input,button,textarea,select,link,meta,base"

/**
 * The admin's home text before it is saved (the server sanitises it on
 * save; the sample shows it first). Drops elements that run or load
 * anything, event-handler attributes and javascript: links. The page's
 * Content-Security-Policy (no inline script) stands behind this.
 */
export function sanitizeSampleHtml(html: string): string {
  if (!html) return ""
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html")
  doc.body.querySelectorAll(DROPPED).forEach((element) => element.remove())
  doc.body.querySelectorAll("*").forEach((element) => {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase()
      const value = attribute.value.trim().toLowerCase()
      if (name.startsWith("on") || name === "style" || ((name === "href" || name === "src") && /^(javascript|data|vbscript):/.test(value))) {
        element.removeAttribute(attribute.name)
      }
    }
  })
  return doc.body.innerHTML
}
