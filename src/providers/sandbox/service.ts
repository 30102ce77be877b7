import { randomBytes } from "crypto"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentInput,
  DeletePaymentMethodInput,
  DeletePaymentMethodOutput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ListPaymentMethodsInput,
  ListPaymentMethodsOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrieveAccountHolderInput,
  RetrieveAccountHolderOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  SavePaymentMethodInput,
  SavePaymentMethodOutput,
  UpdateAccountHolderInput,
  UpdateAccountHolderOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { AbstractPaymentProvider, MathBN, MedusaError } from "@medusajs/framework/utils"
import {
  achEventSchedule,
  asSandboxData,
  assertSavable,
  authorizeSandboxPayment,
  buildSandboxEvent,
  cancelSandboxPayment,
  captureSandboxPayment,
  DEFAULT_ACH_SETTLEMENT_DELAY_MS,
  describePaymentMethodId,
  initiateSandboxPayment,
  parseSandboxWebhook,
  redactPaymentInput,
  refreshSandboxPayment,
  refundSandboxPayment,
  SANDBOX_SIGNATURE_HEADER,
  SandboxError,
  type SandboxEvent,
  type SandboxOptions,
  type SandboxPaymentData,
  type SandboxPaymentMethod,
  sandboxStatusAt,
  signSandboxPayload,
  tokenizePaymentMethod,
  updateSandboxPayment,
  validateSandboxOptions,
  webhookActionFor,
} from "./behaviour"
import { availableMethods, holderDataWithMethods, savedMethodOf } from "./saved-methods"

export type { SandboxOptions } from "./behaviour"

type InjectedDependencies = { logger?: Logger }

const DELIVERY_ATTEMPTS = 3

function toMedusaError(error: unknown): unknown {
  if (!(error instanceof SandboxError)) return error
  const type = {
    invalid_data: MedusaError.Types.INVALID_DATA,
    not_allowed: MedusaError.Types.NOT_ALLOWED,
    unauthorized: MedusaError.Types.UNAUTHORIZED,
  }[error.code]
  return new MedusaError(type, error.message)
}

/** Runs a pure sandbox step, turning its errors into MedusaErrors. */
function run<T>(step: () => T): T {
  try {
    return step()
  } catch (error) {
    throw toMedusaError(error)
  }
}

/** A big-number input (number, string, BigNumber, `{ value }` raw) as an exact decimal string. */
function decimal(amount: unknown): string {
  return MathBN.convert(amount as any).toFixed()
}

function unrefTimer(timer: ReturnType<typeof setTimeout>) {
  // Pending settlements must never keep a process (a test run, a CLI) alive.
  timer.unref?.()
  return timer
}

/**
 * The billing sandbox payment provider: Stripe test mode, offline.
 * Registered as `{ resolve: "./src/providers/sandbox", id: "sandbox" }` its id
 * is `pp_billing-sandbox_sandbox`. The decisions live in behaviour.ts; this
 * class converts Medusa's inputs, reads the clock, and delivers webhooks.
 *
 * ACH settlement. Authorizing a bank debit stores `settles_at` (and
 * `returns_at` for the returning test account) in the payment data; every
 * status answer is computed from those timestamps, so `getPaymentStatus` is
 * right after a restart and is what a reconciler should call. On top of
 * that, when `achSettlementDelayMs` > 0 the provider keeps an in-memory timer
 * per event and, when it fires, POSTs the signed event to Medusa's own
 * webhook route (`webhookUrl`, default
 * `http://localhost:${PORT || 9000}/hooks/payment/billing-sandbox_sandbox`),
 * which verifies it through `getWebhookActionAndData` like a Stripe webhook.
 * Timers do not survive a restart and are not shared between instances;
 * the reconciler covers a lost delivery.
 *
 * Saved methods. Tokens encode the test outcome (`pm_sandbox_card_ok_4242_…`),
 * so paying with a saved id behaves like paying with its number. The list of
 * a customer's saved methods lives in the account holder's data (Medusa
 * persists it; see saved-methods.ts): the plugin records a saved method with
 * `updateAccountHolder`, so the listing survives a restart. Methods saved in
 * this process but not (yet) recorded are listed from an in-memory map.
 * Paying with a saved id that is not the account holder's is refused.
 */
class SandboxPaymentProviderService extends AbstractPaymentProvider<SandboxOptions> {
  static identifier = "billing-sandbox"

  protected readonly options_: SandboxOptions
  protected readonly logger_: Logger | Console
  protected readonly savedMethods_ = new Map<string, SandboxPaymentMethod[]>()
  protected readonly deletedMethods_ = new Set<string>()
  protected readonly timers_ = new Map<string, ReturnType<typeof setTimeout>[]>()

  static validateOptions(options: Record<string, unknown>): void {
    run(() => validateSandboxOptions(options as SandboxOptions, process.env.NODE_ENV))
  }

  constructor(container: InjectedDependencies, options: SandboxOptions = {}) {
    super(container, options)
    // Also checked here: a provider constructed outside the module loader must not slip through.
    SandboxPaymentProviderService.validateOptions(options ?? {})
    this.options_ = options ?? {}
    let logger: Logger | undefined
    try {
      logger = container.logger
    } catch {
      // An awilix cradle throws for unregistered names.
    }
    this.logger_ = logger ?? console
  }

  protected now_(): number {
    return Date.now()
  }

  protected random_(): string {
    return randomBytes(8).toString("hex")
  }

  protected get settlementDelayMs_(): number {
    return this.options_.achSettlementDelayMs ?? DEFAULT_ACH_SETTLEMENT_DELAY_MS
  }

  protected get webhookUrl_(): string {
    return this.options_.webhookUrl ?? `http://localhost:${process.env.PORT || 9000}/hooks/payment/billing-sandbox_sandbox`
  }

  /** The configured latency of every provider call (`latencyMs`), waited before it does anything. */
  protected async latency_(): Promise<void> {
    const ms = this.options_.latencyMs ?? 0
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
  }

  private clock_() {
    return { now: this.now_(), random: () => this.random_() }
  }

  // -------------------------------------------------------------------------
  // Payments
  // -------------------------------------------------------------------------

  async initiatePayment({ amount, currency_code, data, context }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    await this.latency_()
    const customer = context?.account_holder?.data?.id
    try {
      if (typeof data?.saved_method_id === "string" && data.saved_method_id) {
        this.assertHoldersMethod_(context?.account_holder?.data, data.saved_method_id)
      }
      const payment = run(() =>
        initiateSandboxPayment(
          {
            amount: decimal(amount),
            currency_code,
            data,
            customer: typeof customer === "string" ? customer : null,
          },
          this.clock_()
        )
      )
      return { id: payment.id, status: payment.status, data: payment }
    } catch (e) {
      // refused here, in this process: nothing was created (what `takeRefusedCreate` answers)
      const key = context?.idempotency_key
      if (typeof key === "string" && key) {
        this.refusedCreates_.add(key)
        if (this.refusedCreates_.size > 1_000) this.refusedCreates_.delete(this.refusedCreates_.values().next().value as string)
      }
      throw e
    }
  }

  /** The creates this instance refused, by idempotency key (the last 1,000): see `takeRefusedCreate`. */
  private refusedCreates_ = new Set<string>()

  /**
   * Whether this instance refused the create made under `key` (a customer
   * payment's id) since the last call; forgets it. What the billing adapter's
   * `refusedCreate` reads: a refusal here is definite.
   */
  takeRefusedCreate(key: string): boolean {
    return this.refusedCreates_.delete(key)
  }

  async updatePayment({ amount, currency_code, data }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    await this.latency_()
    const payment = run(() =>
      updateSandboxPayment(
        data ?? {},
        { amount: amount === undefined || amount === null ? undefined : decimal(amount), currency_code },
        this.clock_()
      )
    )
    return { status: payment.status, data: payment }
  }

  async deletePayment({ data }: DeletePaymentInput): Promise<DeletePaymentOutput> {
    await this.latency_()
    // Called by Medusa with the caller's raw input when a session could not be
    // created: never echo it back unredacted, and never fail.
    if (data?.object !== "sandbox_payment") return { data: redactPaymentInput(data) }
    const payment = asSandboxData(data)
    if (sandboxStatusAt(payment, this.now_()) === "authorized" && !payment.captured_at) {
      return this.cancelPayment({ data })
    }
    return { data: refreshSandboxPayment(payment, this.now_()) }
  }

  async authorizePayment({ data }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    await this.latency_()
    const payment = run(() => asSandboxData(data))
    const result = run(() =>
      authorizeSandboxPayment(payment, { now: this.now_(), settlementDelayMs: this.settlementDelayMs_ })
    )
    if (!payment.authorized_at && result.data.authorized_at) {
      this.scheduleAchEvents_(result.data)
    }
    return { status: result.status, data: result.data }
  }

  async capturePayment({ data }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    await this.latency_()
    const payment = run(() => captureSandboxPayment(asSandboxData(data), { now: this.now_() }))
    return { data: payment }
  }

  async refundPayment({ amount, data }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    await this.latency_()
    const payment = run(() => refundSandboxPayment(asSandboxData(data), decimal(amount), this.clock_()))
    return { data: payment }
  }

  async cancelPayment({ data }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    await this.latency_()
    const payment = run(() => cancelSandboxPayment(asSandboxData(data), { now: this.now_() }))
    this.clearTimers_(payment.id)
    return { data: payment }
  }

  async retrievePayment({ data }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    await this.latency_()
    return { data: run(() => refreshSandboxPayment(asSandboxData(data), this.now_())) }
  }

  /** The status at this moment, computed from the stored timestamps (what a reconciler calls). */
  async getPaymentStatus({ data }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    await this.latency_()
    const payment = run(() => refreshSandboxPayment(asSandboxData(data), this.now_()))
    return { status: payment.status, data: payment }
  }

  // -------------------------------------------------------------------------
  // Webhooks
  // -------------------------------------------------------------------------

  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    await this.latency_()
    const event = this.constructWebhookEvent(payload)
    return webhookActionFor(event) as WebhookActionResult
  }

  /** The verified event of a webhook request; throws (UNAUTHORIZED) for a bad or stale signature. */
  constructWebhookEvent(payload: ProviderWebhookPayload["payload"]): Record<string, unknown> {
    return run(() =>
      parseSandboxWebhook(payload, {
        secret: this.options_.webhookSecret,
        nowSeconds: Math.floor(this.now_() / 1000),
      })
    )
  }

  protected scheduleAchEvents_(payment: SandboxPaymentData): void {
    if (this.settlementDelayMs_ <= 0) return
    const timers = this.timers_.get(payment.id) ?? []
    for (const { type, at } of achEventSchedule(payment)) {
      const event = buildSandboxEvent(type, payment)
      timers.push(
        unrefTimer(
          setTimeout(() => {
            void this.deliverEvent_(event)
          }, Math.max(0, at - this.now_()))
        )
      )
    }
    this.timers_.set(payment.id, timers)
  }

  protected clearTimers_(paymentId: string): void {
    for (const timer of this.timers_.get(paymentId) ?? []) clearTimeout(timer)
    this.timers_.delete(paymentId)
  }

  /** POSTs the event, signed at send time, retrying with a short backoff. Never throws. */
  protected async deliverEvent_(event: SandboxEvent): Promise<boolean> {
    const body = JSON.stringify(event)
    let lastError = ""
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
      const headers: Record<string, string> = { "content-type": "application/json" }
      if (this.options_.webhookSecret) {
        headers[SANDBOX_SIGNATURE_HEADER] = signSandboxPayload(
          body,
          this.options_.webhookSecret,
          Math.floor(this.now_() / 1000)
        )
      }
      try {
        const response = await fetch(this.webhookUrl_, { method: "POST", headers, body })
        if (response.ok) return true
        lastError = `HTTP ${response.status}`
      } catch (error) {
        lastError = (error as Error)?.message ?? String(error)
      }
      if (attempt < DELIVERY_ATTEMPTS) {
        await new Promise((resolve) => unrefTimer(setTimeout(resolve, 1000 * 2 ** (attempt - 1))))
      }
    }
    this.logger_.warn(
      `billing-sandbox: could not deliver ${event.type} ${event.id} to ${this.webhookUrl_} (${lastError}); ` +
        `getPaymentStatus still reports the outcome.`
    )
    return false
  }

  // -------------------------------------------------------------------------
  // Account holders and saved methods
  // -------------------------------------------------------------------------

  async createAccountHolder({ context }: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    await this.latency_()
    const existing = context?.account_holder?.data?.id
    if (typeof existing === "string" && existing) return { id: existing, data: { id: existing } }
    const id = `cus_sandbox_${this.random_()}`
    return { id, data: { id, object: "customer", payment_methods: [] } }
  }

  async retrieveAccountHolder({ id }: RetrieveAccountHolderInput): Promise<RetrieveAccountHolderOutput> {
    await this.latency_()
    return { id, data: { id, object: "customer" } }
  }

  /**
   * Records the account holder's saved methods: the caller passes the holder
   * with the `payment_methods` it wants stored, and gets back (for Medusa to
   * store as the holder's data) that list re-derived from the tokens. Without
   * a `payment_methods` list there is nothing to update.
   */
  async updateAccountHolder({ context }: UpdateAccountHolderInput): Promise<UpdateAccountHolderOutput> {
    await this.latency_()
    const holder = context?.account_holder?.data
    if (typeof holder?.id !== "string" || !holder.id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Updating a sandbox account holder needs its data.")
    }
    const data = holderDataWithMethods(holder)
    return data ? { data } : {}
  }

  async deleteAccountHolder({ context }: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    await this.latency_()
    const id = context?.account_holder?.data?.id
    if (typeof id === "string") this.savedMethods_.delete(id)
    return {}
  }

  async savePaymentMethod({ context, data }: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    await this.latency_()
    const holder = context?.account_holder?.data?.id
    if (typeof holder !== "string" || !holder) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Saving a sandbox payment method needs an account holder.")
    }
    const method = run(() => {
      const tokenized = tokenizePaymentMethod(
        {
          payment_method_type: data?.payment_method_type,
          payment_method_data: data?.payment_method_data,
          // the method a payment confirmed later was made with (its token): kept as it is
          saved_method_id: data?.saved_method_id,
        },
        () => this.random_()
      )
      assertSavable(tokenized)
      return tokenized
    })
    this.savedMethods_.set(holder, [...(this.savedMethods_.get(holder) ?? []), method])
    return { id: method.id, data: { ...method, ...savedMethodOf(method.id)! } }
  }

  async listPaymentMethods({ context }: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    await this.latency_()
    const holder = context?.account_holder?.data
    if (typeof holder?.id !== "string") return []
    return this.methodsOf_(holder).map((method) => ({ id: method.id, data: { ...method } }))
  }

  /** The saved methods of an account holder (its data as Medusa stored it). */
  protected methodsOf_(holder: Record<string, unknown>) {
    return availableMethods(holder, this.savedMethods_.get(holder.id as string) ?? [], this.deletedMethods_)
  }

  /** Like Stripe, a saved method only pays for the customer it is attached to. */
  protected assertHoldersMethod_(holder: Record<string, unknown> | undefined, savedMethodId: string): void {
    if (typeof holder?.id !== "string" || !holder.id) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Paying with a saved sandbox payment method needs the customer's account holder."
      )
    }
    if (!this.methodsOf_(holder).some((method) => method.id === savedMethodId)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The saved payment method is not one of this customer's saved payment methods."
      )
    }
  }

  async deletePaymentMethod({ data }: DeletePaymentMethodInput): Promise<DeletePaymentMethodOutput> {
    await this.latency_()
    const id = data?.id
    run(() => describePaymentMethodId(id))
    this.deletedMethods_.add(id)
    for (const [holder, methods] of this.savedMethods_) {
      this.savedMethods_.set(
        holder,
        methods.filter((method) => method.id !== id)
      )
    }
    return {}
  }
}

export default SandboxPaymentProviderService
export { SandboxPaymentProviderService }
