import { createHash, randomBytes } from "node:crypto"

/**
 * DESIGN sec. 11: the secrets the portal mails to customers (invitation and
 * pay-link tokens) are 32 random bytes, base64url in the link (43
 * characters). Only their SHA-256 hash (hex) is ever stored.
 */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url")
}

export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex")
}

/** A well-formed token: anything else cannot be one of ours and is refused before any lookup. */
export function isWellFormedSecretToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token)
}
