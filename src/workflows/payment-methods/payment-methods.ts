import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { AUTOPAY_MODULE } from "../../modules/autopay"
import type AutopayModuleService from "../../modules/autopay/service"
import { getBillingOptions } from "../../utils/options"

export const SAVED_METHOD_TYPES = ["card", "us_bank_account"] as const
export type SavedMethodType = (typeof SAVED_METHOD_TYPES)[number]

/** What a customer sees of a saved payment method (no number, only what identifies it). */
export type CustomerPaymentMethod = {
  id: string
  type: SavedMethodType
  last4: string | null
  brand?: string
  bank_name?: string
  provider_id: string
  /** card expiry as `MM/YYYY`, when the provider knows it */
  expires?: string
}

/** A method being set up that the client still has to confirm with the provider (Stripe SetupIntent). */
export type PendingPaymentMethodSetup = {
  id: string
  type: SavedMethodType
  provider_id: string
  status: "requires_confirmation"
  next_action: { type: "confirm_setup"; client_secret: string }
}

/** The account holder fields the provider calls need (Medusa's PaymentAccountHolderDTO). */
export type AccountHolder = {
  id: string
  provider_id: string
  external_id: string
  email?: string | null
  data: Record<string, unknown>
  metadata?: Record<string, unknown> | null
}

/** The customer fields providers use for their own customer record (Medusa's PaymentCustomerDTO). */
export const PAYMENT_CUSTOMER_FIELDS = ["id", "email", "company_name", "first_name", "last_name", "phone"]

/** The provider that handles one kind of method (plugin option `paymentProviders`). */
export function providerForType(container: any, type: SavedMethodType): string {
  return getBillingOptions(container).paymentProviders[type]
}

/** The distinct providers configured for card and ACH. */
export function paymentMethodProviders(container: any): string[] {
  return [...new Set(SAVED_METHOD_TYPES.map((type) => providerForType(container, type)))]
}

/**
 * The customer (with the fields providers use) and their account holders,
 * through Medusa's customer ↔ account holder link — the same lookup core's
 * createPaymentSessionsWorkflow does, so payments reuse these holders.
 */
export async function customerWithAccountHolders(container: any, customerId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: [...PAYMENT_CUSTOMER_FIELDS, "account_holders.*"],
    filters: { id: customerId },
  })
  const customer = data[0]
  if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${customerId} was not found`)
  const holders = ((customer.account_holders ?? []) as AccountHolder[]).filter(Boolean)
  return { customer, holders }
}

/** The customer's account holder for a provider (the first one, as core picks it), or undefined. */
export function holderFor(holders: AccountHolder[], providerId: string): AccountHolder | undefined {
  return holders.find((holder) => holder.provider_id === providerId)
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined
}

/**
 * A provider's saved method (`{ id, data }` from listPaymentMethods or
 * createPaymentMethods) as the customer sees it; null for kinds the portal
 * does not handle. Reads the sandbox shape (`type`, `last4`, `brand`,
 * `bank_name`) and Stripe's PaymentMethod (`card`, `us_bank_account`).
 */
export function toCustomerPaymentMethod(
  providerId: string,
  method: { id: string; data?: Record<string, any> | null }
): CustomerPaymentMethod | null {
  const data = method.data ?? {}
  const type = data.type
  if (type !== "card" && type !== "us_bank_account") return null
  const card = data.card ?? {}
  const bank = data.us_bank_account ?? {}
  const result: CustomerPaymentMethod = {
    id: method.id,
    type,
    last4: text(data.last4) ?? text(card.last4) ?? text(bank.last4) ?? null,
    provider_id: providerId,
  }
  if (type === "card") {
    const brand = text(data.brand) ?? text(card.brand)
    if (brand) result.brand = brand
    if (card.exp_month && card.exp_year) {
      result.expires = `${String(card.exp_month).padStart(2, "0")}/${card.exp_year}`
    }
  } else {
    const bankName = text(data.bank_name) ?? text(bank.bank_name)
    if (bankName) result.bank_name = bankName
  }
  return result
}

/** The saved methods of one account holder, as the provider lists them. */
export async function listHolderPaymentMethods(container: any, holder: AccountHolder): Promise<CustomerPaymentMethod[]> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const methods = await paymentModule.listPaymentMethods({
    provider_id: holder.provider_id,
    context: { account_holder: holder },
  })
  return (methods as { id: string; data?: Record<string, any> }[])
    .map((method) => toCustomerPaymentMethod(holder.provider_id, method))
    .filter((method): method is CustomerPaymentMethod => method !== null)
}

/** Every saved method of a customer, across the configured providers; only that customer's. */
export async function listCustomerPaymentMethods(container: any, customerId: string): Promise<CustomerPaymentMethod[]> {
  const { holders } = await customerWithAccountHolders(container, customerId)
  const lists = await Promise.all(
    paymentMethodProviders(container)
      .map((providerId) => holderFor(holders, providerId))
      .filter((holder): holder is AccountHolder => !!holder)
      .map((holder) => listHolderPaymentMethods(container, holder))
  )
  return lists.flat()
}

/**
 * One of the customer's own saved methods with its account holder, or null —
 * another customer's id, a deleted one and an unknown one look the same.
 */
export async function findCustomerPaymentMethod(
  container: any,
  customerId: string,
  methodId: string,
  providerId?: string
): Promise<{ method: CustomerPaymentMethod; holder: AccountHolder; customer: PaymentCustomer } | null> {
  const { customer, holders } = await customerWithAccountHolders(container, customerId)
  const providers = providerId ? [providerId] : paymentMethodProviders(container)
  for (const id of providers) {
    const holder = holderFor(holders, id)
    if (!holder) continue
    const method = (await listHolderPaymentMethods(container, holder)).find((m) => m.id === methodId)
    if (method) return { method, holder, customer: paymentCustomerOf(customer) }
  }
  return null
}

/**
 * The account holder of an autopay charge's method and the customer as
 * providers receive them, from the database alone. The method must be what
 * the customer's active enrollment charges (found among the holder's methods
 * when they enrolled; not listed at the provider again): a customer who
 * switched methods after the charge was prepared, a paused or canceled
 * enrollment, or no holder for the provider is a 400 naming the field, and
 * nothing is reserved.
 */
export async function enrolledSavedMethod(
  container: any,
  input: EnrolledCharge
): Promise<{ holder: AccountHolder; customer: PaymentCustomer }> {
  await assertEnrollmentCharges(container, input)
  const { customer, holders } = await customerWithAccountHolders(container, input.customer_id)
  const holder = holderFor(holders, input.provider_id)
  if (!holder) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "payment_method.saved_method_id: no saved payment method with this id"
    )
  }
  return { holder, customer: paymentCustomerOf(customer) }
}

/** Why an autopay charge is refused once its enrollment no longer charges its method. */
export const NOT_THE_ENROLLED_METHOD = "not the method this customer's autopay charges"

export type EnrolledCharge = { customer_id: string; provider_id: string; type: SavedMethodType; saved_method_id: string; enrollment_id: string }

/**
 * That the customer's enrollment is active and still charges this method
 * (400 naming the field otherwise). Checked when the charge starts, and again
 * right before its provider call, under the customer's lock, which a cancel, a
 * pause and a new consent take too (`chargeCustomerPayment`): a customer whose
 * answer said autopay was off is never charged by a run that had started before.
 */
export async function assertEnrollmentCharges(container: any, input: EnrolledCharge): Promise<void> {
  const autopay = container.resolve(AUTOPAY_MODULE) as AutopayModuleService
  const enrollment = (await autopay.findEnrollmentForCharge(input.enrollment_id, input.customer_id)) as Record<string, unknown> | null
  if (
    !enrollment ||
    enrollment.status !== "active" ||
    enrollment.payment_method_id !== input.saved_method_id ||
    enrollment.payment_method_type !== input.type ||
    enrollment.provider_id !== input.provider_id
  ) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `payment_method.saved_method_id: ${NOT_THE_ENROLLED_METHOD}`
    )
  }
}

/** The customer as providers receive it (Medusa's PaymentCustomerDTO: PAYMENT_CUSTOMER_FIELDS only). */
export type PaymentCustomer = Record<string, unknown> & { id: string }

function paymentCustomerOf(customer: Record<string, any>): PaymentCustomer {
  return Object.fromEntries(PAYMENT_CUSTOMER_FIELDS.map((field) => [field, customer[field] ?? null])) as PaymentCustomer
}

/**
 * Checks the `payment_method` of a payment that names a saved method: it
 * must be one of this customer's saved methods, with the provider and type
 * the payment uses, and come without raw details. Throws INVALID_DATA (400)
 * naming the field: a saved method that is not the customer's is reported
 * like an unknown one. Returns the method with the account holder it was
 * found under and the customer as providers receive it (the payment's
 * session is created with both).
 */
export async function assertPayableSavedMethod(
  container: any,
  input: { customer_id: string; provider_id: string; type: SavedMethodType; saved_method_id: string; data?: unknown }
): Promise<{ method: CustomerPaymentMethod; holder: AccountHolder; customer: PaymentCustomer }> {
  if (input.data && typeof input.data === "object" && Object.keys(input.data).length > 0) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "payment_method: pass either saved_method_id or data, not both"
    )
  }
  const found = await findCustomerPaymentMethod(container, input.customer_id, input.saved_method_id, input.provider_id)
  if (!found) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "payment_method.saved_method_id: no saved payment method with this id"
    )
  }
  if (found.method.type !== input.type) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `payment_method.saved_method_id: the saved payment method is a ${found.method.type}, not a ${input.type}`
    )
  }
  return found
}
