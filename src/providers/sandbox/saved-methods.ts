/**
 * Saved payment methods of the billing sandbox, as plain functions over plain
 * data (no Medusa imports, no clock).
 *
 * Where the truth lives. Stripe keeps a customer's saved methods on its own
 * servers and Medusa only ever asks the provider (`listPaymentMethods`); the
 * sandbox has no server. What Medusa does persist for a provider is the
 * account holder's `data` (written from what `createAccountHolder` and
 * `updateAccountHolder` return). So the sandbox keeps its customer's saved
 * methods there, under `payment_methods`: the plugin's save and delete
 * workflows call `updateAccountHolder` with the account holder whose
 * `payment_methods` they changed, and the provider normalizes that list
 * (`holderDataWithMethods`) before Medusa stores it. Every entry is re-derived
 * from its token, so whatever a caller puts there, only an id, the type,
 * last4, brand / bank name and the test behaviour are ever stored — never a
 * number. After a restart, `listPaymentMethods` answers from the account
 * holder that Medusa passes in; no extra table.
 */
import {
  type AchOutcome,
  type CardOutcome,
  describePaymentMethodId,
  parsePaymentMethodId,
  type SandboxPaymentMethod,
} from "./behaviour"

/** A saved method as the sandbox stores and lists it. */
export type SandboxSavedMethod = SandboxPaymentMethod & {
  /** The test outcome the method implies (same code as in its token): `ok`, `generic`, `settles`, `returns`… */
  behaviour: CardOutcome | AchOutcome
}

/** The account holder data of a sandbox customer. */
export type SandboxHolderData = {
  id: string
  object: "customer"
  payment_methods: SandboxSavedMethod[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** The stored form of a sandbox token; null for anything that is not a savable sandbox token. */
export function savedMethodOf(id: unknown): SandboxSavedMethod | null {
  const parsed = parsePaymentMethodId(id)
  if (!parsed || parsed.outcome === "invalid") return null
  return { ...describePaymentMethodId(id as string), behaviour: parsed.outcome }
}

/**
 * The methods recorded on an account holder's data, in order, without
 * duplicates; null when the holder has no record at all (an account holder
 * created before saved methods were persisted, or by another provider).
 */
export function recordedMethodsOf(holderData: unknown): SandboxSavedMethod[] | null {
  if (!isRecord(holderData) || !Array.isArray(holderData.payment_methods)) return null
  const seen = new Set<string>()
  const methods: SandboxSavedMethod[] = []
  for (const entry of holderData.payment_methods) {
    const method = savedMethodOf(isRecord(entry) ? entry.id : entry)
    if (method && !seen.has(method.id)) {
      seen.add(method.id)
      methods.push(method)
    }
  }
  return methods
}

/**
 * What `updateAccountHolder` returns for Medusa to store: the holder's id and
 * its normalized `payment_methods` (anything else the caller passed is
 * dropped). Null when the caller's data carries no `payment_methods` list —
 * then there is nothing for the sandbox to update.
 */
export function holderDataWithMethods(holderData: unknown): SandboxHolderData | null {
  const methods = recordedMethodsOf(holderData)
  if (methods === null || !isRecord(holderData) || typeof holderData.id !== "string" || !holderData.id) return null
  return { id: holderData.id, object: "customer", payment_methods: methods }
}

/**
 * The methods a customer can pay with: those recorded on the account holder,
 * then those saved in this process and not yet recorded, minus those deleted
 * in this process.
 */
export function availableMethods(
  holderData: unknown,
  savedInProcess: readonly SandboxPaymentMethod[],
  deletedInProcess: ReadonlySet<string>
): SandboxSavedMethod[] {
  const recorded = recordedMethodsOf(holderData) ?? []
  const ids = new Set(recorded.map((m) => m.id))
  const extra = savedInProcess
    .map((m) => savedMethodOf(m.id))
    .filter((m): m is SandboxSavedMethod => m !== null && !ids.has(m.id))
  return [...recorded, ...extra].filter((m) => !deletedInProcess.has(m.id))
}
