/**
 * What the portal's header image may be (settings page, "Upload image"):
 * raster images a browser shows in an <img>. No SVG: the upload is served
 * from the store's own origin (Medusa's local file provider), and an SVG
 * opened there could run script beside the admin.
 */
export const HEADER_IMAGE_TYPES: Record<string, string> = {
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
  "image/gif": "GIF",
}

export const HEADER_IMAGE_MAX_BYTES = 2 * 1024 * 1024

/** Why a chosen file cannot be the header image (in words, for next to the field), or null when it can. */
export function headerImageProblem(file: { type: string; size: number }): string | null {
  if (!Object.prototype.hasOwnProperty.call(HEADER_IMAGE_TYPES, file.type)) return `Choose a ${Object.values(HEADER_IMAGE_TYPES).join(", ")} image`
  if (file.size > HEADER_IMAGE_MAX_BYTES) {
    return `This image is over the ${HEADER_IMAGE_MAX_BYTES / 1024 / 1024} MB limit (${(file.size / 1024 / 1024).toFixed(1)} MB)`
  }
  return null
}

/** The name an upload is sent under: ours, with the extension of its checked type. */
export function headerImageUploadName(type: string): string {
  const extension = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif" }[type] ?? "img"
  return `portal-header.${extension}`
}
