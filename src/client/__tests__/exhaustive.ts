/**
 * Lists the compiler holds to a type, so a test can check at run time what
 * a type says at compile time: `keysOf<Invoice>()([...])` must name every key
 * of Invoice and nothing else, `valuesOf<PaymentStatus>()([...])` every
 * member of the union. A type that gains or loses a key breaks
 * `npm run typecheck` until the list follows; the tests then compare the
 * list with what the server really sends.
 */
type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? unknown : { missing: Exclude<All, Listed> }

export const keysOf =
  <T>() =>
  <const K extends readonly (keyof T & string)[]>(keys: K & Complete<keyof T, K[number]>): readonly (keyof T & string)[] =>
    keys

export const valuesOf =
  <U extends string>() =>
  <const L extends readonly U[]>(values: L & Complete<U, L[number]>): readonly U[] =>
    values
