/**
 * What the portal's header image may be (settings page, "Upload image"):
 * raster images a browser shows in an <img>, each with its name in words and
 * the extension an upload is sent under. No SVG: the upload is served from
 * the store's own origin (Medusa's local file provider), and an SVG opened
 * there could run script beside the admin.
 */
export const HEADER_IMAGE_TYPES: Record<string, { label: string; extension: string }> = {
  "image/png": { label: "PNG", extension: "png" },
  "image/jpeg": { label: "JPEG", extension: "jpg" },
  "image/webp": { label: "WebP", extension: "webp" },
  "image/gif": { label: "GIF", extension: "gif" },
}

export const HEADER_IMAGE_MAX_BYTES = 2 * 1024 * 1024

const accepted = (type: string) => Object.prototype.hasOwnProperty.call(HEADER_IMAGE_TYPES, type)

/** Why a chosen file cannot be the header image (in words, for next to the field), or null when it can. */
export function headerImageProblem(file: { type: string; size: number }): string | null {
  if (!accepted(file.type)) return `Choose a ${Object.values(HEADER_IMAGE_TYPES).map((t) => t.label).join(", ")} image`
  if (file.size > HEADER_IMAGE_MAX_BYTES) {
    return `This image is over the ${HEADER_IMAGE_MAX_BYTES / 1024 / 1024} MB limit (${(file.size / 1024 / 1024).toFixed(1)} MB)`
  }
  return null
}

/** The name an upload is sent under: ours, with the extension of its checked type. */
export function headerImageUploadName(type: string): string {
  return `portal-header.${accepted(type) ? HEADER_IMAGE_TYPES[type].extension : "img"}`
}
