import { randomFillSync } from "crypto"

/**
 * Entity ids in Medusa's shape, `<prefix>_<ULID>` (what `generateEntityId`
 * makes: 10 Crockford base-32 characters of the millisecond time, then 16 of
 * randomness), for the statements that insert rows on hot paths. Medusa's
 * `ulid` asks the kernel for one random byte per character (16 system calls
 * an id); this takes them from a pooled buffer refilled 4 KiB at a time.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const pool = Buffer.alloc(4096)
let used = pool.length

export function newId(prefix: string, now: number = Date.now()): string {
  let time = ""
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time
  if (used + 16 > pool.length) {
    randomFillSync(pool)
    used = 0
  }
  let random = ""
  // 256 is a multiple of 32: each byte's low five bits are uniform
  for (let i = 0; i < 16; i++) random += CROCKFORD[pool[used++] & 31]
  return `${prefix}_${time}${random}`
}
