import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { decimalToMinor, toMajor } from "../domain/money"

/**
 * Bridges Medusa's big-number fields (major units, exact `raw_*` value) and
 * the domain's integer minor units.
 */
export function minorFromField(record: Record<string, any>, field: string, currency: string): bigint {
  const raw = record[`raw_${field}`]
  const value = raw?.value ?? record[field] ?? 0
  return minorFromValue(value, currency)
}

/**
 * A stored major-unit value (a decimal string, a number, a big-number or its
 * raw value) in minor units. Never a bigint: in this codebase a bigint already
 * is minor units, while `toMinor` reads one as major units; refusing it here
 * keeps the two from being confused.
 */
export function minorFromValue(value: BigNumberInput, currency: string): bigint {
  if (typeof value === "bigint") throw new TypeError("minorFromValue takes a stored major-unit value, not a bigint")
  // MathBN keeps the exact decimal; toFixed() never uses exponent notation.
  const decimal = typeof value === "string" ? value : MathBN.convert(value as any).toFixed()
  return decimalToMinor(decimal, currency)
}

/**
 * The JSON number clients receive (Medusa's convention for money in API
 * responses). Only called at the response edge, on the exact decimal string.
 * Exact for every amount within `MAX_AMOUNT_MINOR` (at most 15 significant
 * digits: a double gives those digits back); see README "Known limits" for
 * account sums beyond it.
 */
export function majorNumber(minor: bigint, currency: string): number {
  return Number(toMajor(minor, currency))
}
