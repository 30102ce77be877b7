/**
 * What the PDFs can print.
 *
 * Documents use only the 14 standard PDF fonts' Helvetica family, which
 * pdfkit ships and which need no embedding and no file from the host. Those
 * fonts are encoded in WinAnsi (Windows-1252): Latin letters with the usual
 * Western European accents, common punctuation, €, £, ¥. pdfkit writes any
 * other character as a wrong byte (a Cyrillic name comes out as "C$0CÒ").
 *
 * KNOWN LIMITATION: text outside WinAnsi — Cyrillic, Greek, CJK, Arabic,
 * emoji — prints as "?" (one per character). Accented Latin letters that
 * WinAnsi lacks lose their accent instead ("Dvořák" → "Dvorák", "Łódź" →
 * "?ódz"), which keeps names readable. Lifting this needs an embedded
 * Unicode font (e.g. Noto Sans), shipped with the plugin.
 */

// The code points above Latin-1 that WinAnsi places in 0x80–0x9F (pdfkit's own map).
const WIN_ANSI_EXTRAS: ReadonlySet<number> = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018,
  0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac,
  0x2122,
])

// Look-alikes worth keeping legible rather than turning into "?".
const LOOK_ALIKES: ReadonlyMap<number, string> = new Map([
  [0x2010, "-"], // hyphen
  [0x2011, "-"], // non-breaking hyphen
  [0x2012, "-"], // figure dash
  [0x2015, "—"], // horizontal bar
  [0x2212, "-"], // minus sign
  [0x2032, "'"], // prime
  [0x2033, '"'], // double prime
  [0x2043, "-"], // hyphen bullet
  [0x2044, "/"], // fraction slash
  [0x2116, "No."], // numero sign
])

/** True when the standard fonts have a glyph for this code point. */
export function isDrawable(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff) || WIN_ANSI_EXTRAS.has(codePoint)
  )
}

const PRINTABLE_ASCII_ONLY = /^[\x20-\x7e]*$/
const SPACE_SEPARATOR = /^\p{Zs}$/u
const INVISIBLE = /^[\p{M}\p{Cf}\p{Cc}]$/u
const COMBINING_MARKS = /\p{M}/gu

function replacementFor(char: string, codePoint: number, multiline: boolean): string {
  if (char === "\n" || codePoint === 0x2028 || codePoint === 0x2029) return multiline ? "\n" : " "
  if (char === "\t" || SPACE_SEPARATOR.test(char)) return " "
  const lookAlike = LOOK_ALIKES.get(codePoint)
  if (lookAlike !== undefined) return lookAlike
  // Zero-width joiners, variation selectors, stray combining accents, control
  // characters: nothing visible was meant, so nothing is printed.
  if (INVISIBLE.test(char)) return ""
  // "ř" → "r", "ﬁ" → "fi", full-width "Ａ" → "A": the base letters are drawable.
  const base = char.normalize("NFKD").replace(COMBINING_MARKS, "")
  if (base.length > 0 && [...base].every((c) => isDrawable(c.codePointAt(0)!))) return base
  return "?"
}

/**
 * `text` as the standard fonts can draw it (see the limitation above).
 * Line breaks are kept only when `multiline` (notes, descriptions); `\r\n`
 * counts as one.
 */
export function toDrawableText(text: string, { multiline = false }: { multiline?: boolean } = {}): string {
  if (PRINTABLE_ASCII_ONLY.test(text)) return text
  let out = ""
  // NFC first, so "e" + combining acute is the drawable "é"; for…of walks code points, so an emoji is one "?".
  for (const char of text.replace(/\r\n?/g, "\n").normalize("NFC")) {
    const codePoint = char.codePointAt(0)!
    out += isDrawable(codePoint) ? char : replacementFor(char, codePoint, multiline)
  }
  return out
}
