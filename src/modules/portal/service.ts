import { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import { mergeSettings, PortalSettings as PortalSettingsShape, resolvePortalSettings } from "../../domain/portal-settings"
import { PayLink, PortalAccessBlock, PortalInvitation, PortalSettings, ServiceRequest } from "./models"
import * as payLinksRepo from "./repositories/pay-links"
import type { PayLinkRow, SqlManager } from "./repositories/pay-links"
import { lockServiceRequestState, ServiceRequestStateRow } from "./repositories/service-requests"
import { hashSecretToken, isWellFormedSecretToken, newSecretToken } from "./tokens"

export type { PayLinkRow, ServiceRequestStateRow }

/**
 * What a state change makes of the locked request's state: the next state,
 * or null when nothing changes.
 */
export type ServiceRequestStateDecision = (current: ServiceRequestStateRow) => ServiceRequestStateRow | null
export type ServiceRequestStateChange = {
  service_request: any
  previous: ServiceRequestStateRow
  next: ServiceRequestStateRow | null
}

export type NewPayLink = {
  customer_id: string
  currency_code: string
  invoice_ids: string[]
  expires_at: Date
}
/** The plaintext token goes to the caller only (for the email); it is never stored. */
export type CreatedPayLink = { pay_link: PayLinkRow; token: string; revoked_ids: string[] }
/** What undoes a `createPayLink`. */
export type PayLinkCreationUndo = { created_id: string; revoked_ids: string[]; revoked_at: Date }

const SETTINGS_KEY = "default"

// Invitation tokens are the portal's secret tokens (./tokens), under the names
// the invitation code has always used.
export {
  hashSecretToken as hashInvitationToken,
  isWellFormedSecretToken as isWellFormedInvitationToken,
  newSecretToken as newInvitationToken,
}

export type InvitationRow = {
  id: string
  customer_id: string
  email: string
  expires_at: Date
  accepted_at: Date | null
  revoked_at: Date | null
  invited_by: string | null
  sent_at: Date | null
  created_at: Date
}

export type NewInvitation = { customer_id: string; email: string; invited_by?: string | null }
export type CreatedInvitation = { invitation: InvitationRow; token: string; revoked_ids: string[] }

/** What turning portal access off did: the blocks it made and the invitations it revoked. */
export type PortalAccessOffResult = { blocks: { id: string; customer_id: string }[]; revoked_invitation_ids: string[] }

/** The latest invitation's state, as the portal-users list shows it. */
export type InvitationState = "open" | "expired"

const INVITATION_COLUMNS =
  "id, customer_id, email, expires_at, accepted_at, revoked_at, invited_by, sent_at, created_at"

const customerLockKey = (customerId: string) => `billing-portal-invitation:${customerId}`

/** The invitation a token opens while it is still usable: params token hash, now. */
const USABLE_BY_TOKEN = "token_hash = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ? AND deleted_at IS NULL"

class PortalModuleService extends MedusaService({
  PortalSettings,
  PortalInvitation,
  ServiceRequest,
  PayLink,
  PortalAccessBlock,
}) {
  /** The complete portal settings: the stored document over the defaults. */
  @InjectManager()
  async getSettings(@MedusaContext() sharedContext: Context = {}): Promise<PortalSettingsShape> {
    // Read on most store requests (gates, the account, payments): one plain
    // indexed query, without the ORM's entity building.
    const manager = (sharedContext.transactionManager ?? sharedContext.manager) as any
    const [row] = await manager.execute(
      "SELECT settings FROM portal_settings WHERE key = ? AND deleted_at IS NULL LIMIT 1",
      [SETTINGS_KEY]
    )
    return resolvePortalSettings(typeof row?.settings === "string" ? JSON.parse(row.settings) : row?.settings)
  }

  /**
   * Applies a (validated) partial settings document and returns the complete
   * result. Objects merge key by key; arrays and scalars replace.
   */
  @InjectManager()
  async updateSettings(
    patch: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PortalSettingsShape> {
    return await this.updateSettings_(patch, sharedContext)
  }

  @InjectTransactionManager()
  protected async updateSettings_(
    patch: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PortalSettingsShape> {
    const manager = sharedContext.transactionManager as any
    // Serialises concurrent saves (and the first insert) of the single row.
    await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", ["billing-portal-settings"])
    const [row] = await this.listPortalSettings({ key: SETTINGS_KEY }, { take: 1 }, sharedContext)
    const next = mergeSettings(resolvePortalSettings(row?.settings), patch)
    await this.writeSettingsDocument_(manager, row?.id ?? null, next, sharedContext)
    return next
  }

  /**
   * Puts back a stored document exactly (the undo of a settings save), or
   * removes the row when there was none before.
   */
  @InjectTransactionManager()
  async restoreSettingsDocument(
    document: Record<string, unknown> | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager as any
    await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", ["billing-portal-settings"])
    const [row] = await this.listPortalSettings({ key: SETTINGS_KEY }, { take: 1 }, sharedContext)
    if (document === null) {
      if (row) await this.deletePortalSettings([row.id], sharedContext)
      return
    }
    await this.writeSettingsDocument_(manager, row?.id ?? null, document, sharedContext)
  }

  // The whole document replaces the stored one: the ORM's update merges JSON
  // objects, so a removed template override would otherwise come back.
  private async writeSettingsDocument_(manager: any, rowId: string | null, document: unknown, sharedContext: Context) {
    if (rowId) {
      await manager.execute(
        "UPDATE portal_settings SET settings = ?::jsonb, updated_at = now() WHERE id = ?",
        [JSON.stringify(document), rowId]
      )
    } else {
      await this.createPortalSettings({ key: SETTINGS_KEY, settings: document as any }, sharedContext)
    }
  }

  /**
   * Changes a request's state under a row lock (`SELECT … FOR UPDATE`): the
   * decision sees the state as it is once every earlier change has committed,
   * so concurrent replies and closes end as they would one after the other.
   * Answers the request as it is afterwards, its state before, and the state
   * written (null when the decision changed nothing). 404 for an unknown id.
   */
  @InjectManager()
  async changeServiceRequestState(
    id: string,
    decide: ServiceRequestStateDecision,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ServiceRequestStateChange> {
    return await this.changeServiceRequestState_(id, decide, sharedContext)
  }

  @InjectTransactionManager()
  protected async changeServiceRequestState_(
    id: string,
    decide: ServiceRequestStateDecision,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ServiceRequestStateChange> {
    const manager = sharedContext.transactionManager as SqlManager
    const previous = await lockServiceRequestState(manager, id)
    const next = decide(previous)
    const service_request = next
      ? await this.updateServiceRequests({ id, ...next }, sharedContext)
      : await this.retrieveServiceRequest(id, {}, sharedContext)
    return { service_request, previous, next }
  }

  /**
   * Creates one invitation per entry and revokes each customer's older open
   * invitations, all in one transaction. Each customer's revoke-then-insert
   * runs under a per-customer advisory lock (taken in id order), so two
   * concurrent invites for one customer leave exactly one usable invitation.
   * Returns the plaintext tokens to the caller only; they are never stored.
   * A customer whose portal access is off (checked under the lock) gets none
   * and is left out of the answer.
   */
  @InjectManager()
  async createInvitations(
    data: NewInvitation[],
    options: { now: Date; ttl_ms: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CreatedInvitation[]> {
    return await this.createInvitations_(data, options, sharedContext)
  }

  @InjectTransactionManager()
  protected async createInvitations_(
    data: NewInvitation[],
    { now, ttl_ms }: { now: Date; ttl_ms: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CreatedInvitation[]> {
    const manager = sharedContext.transactionManager as any
    const ordered = [...data].sort((a, b) => (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0))
    const out: CreatedInvitation[] = []
    for (const entry of ordered) {
      await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [customerLockKey(entry.customer_id)])
      // the admin turned this customer's access off since the invite was checked (under the same lock): no invitation
      const [blocked] = await manager.execute(
        "SELECT id FROM portal_access_block WHERE customer_id = ? AND deleted_at IS NULL LIMIT 1",
        [entry.customer_id]
      )
      if (blocked) continue
      const revoked: { id: string }[] = await manager.execute(
        `UPDATE portal_invitation SET revoked_at = ?, updated_at = ?
          WHERE customer_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND deleted_at IS NULL
          RETURNING id`,
        [now, now, entry.customer_id]
      )
      const token = newSecretToken()
      const created = await this.createPortalInvitations(
        {
          customer_id: entry.customer_id,
          email: entry.email,
          token_hash: hashSecretToken(token),
          expires_at: new Date(now.getTime() + ttl_ms),
          invited_by: entry.invited_by ?? null,
        },
        sharedContext
      )
      out.push({ invitation: pickInvitation(created), token, revoked_ids: revoked.map((r) => r.id) })
    }
    return out
  }

  /**
   * Compensation of `createInvitations`: removes the invitations it created
   * and reopens the ones it revoked (unless a newer open one exists by then).
   */
  @InjectManager()
  async undoCreateInvitations(
    undo: { created_ids: string[]; revoked_ids: string[]; revoked_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.undoCreateInvitations_(undo, sharedContext)
  }

  @InjectTransactionManager()
  protected async undoCreateInvitations_(
    { created_ids, revoked_ids, revoked_at }: { created_ids: string[]; revoked_ids: string[]; revoked_at: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager as any
    if (created_ids.length) {
      await manager.execute(`DELETE FROM portal_invitation WHERE id IN (${created_ids.map(() => "?").join(",")})`, created_ids)
    }
    if (revoked_ids.length) {
      await manager.execute(
        `UPDATE portal_invitation p SET revoked_at = NULL
          WHERE p.id IN (${revoked_ids.map(() => "?").join(",")}) AND p.revoked_at = ?
            AND NOT EXISTS (SELECT 1 FROM portal_invitation o WHERE o.customer_id = p.customer_id AND o.id <> p.id
                            AND o.accepted_at IS NULL AND o.revoked_at IS NULL AND o.deleted_at IS NULL)`,
        [...revoked_ids, revoked_at]
      )
    }
  }

  /** Revokes the customers' open invitations (under their locks); returns what it revoked. */
  @InjectManager()
  async revokeOpenInvitations(
    customerIds: string[],
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; customer_id: string }[]> {
    return await this.revokeOpenInvitations_(customerIds, now, sharedContext)
  }

  @InjectTransactionManager()
  protected async revokeOpenInvitations_(
    customerIds: string[],
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; customer_id: string }[]> {
    const manager = sharedContext.transactionManager as any
    const out: { id: string; customer_id: string }[] = []
    for (const customerId of [...new Set(customerIds)].sort()) {
      await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [customerLockKey(customerId)])
      const rows = await manager.execute(
        `UPDATE portal_invitation SET revoked_at = ?, updated_at = ?
          WHERE customer_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND deleted_at IS NULL
          RETURNING id, customer_id`,
        [now, now, customerId]
      )
      out.push(...rows)
    }
    return out
  }

  /** Compensation of a revoke: reopens exactly the invitations that revoke closed. */
  @InjectManager()
  async unrevokeInvitations(ids: string[], revokedAt: Date, @MedusaContext() sharedContext: Context = {}) {
    if (!ids.length) return
    const manager = (sharedContext.manager ?? sharedContext.transactionManager) as any
    await manager.execute(
      `UPDATE portal_invitation SET revoked_at = NULL WHERE id IN (${ids.map(() => "?").join(",")}) AND revoked_at = ?`,
      [...ids, revokedAt]
    )
  }

  /** The invitation a token opens, if it is still usable at `now` (not accepted, revoked or expired). */
  @InjectManager()
  async findUsableInvitation(
    tokenHash: string,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<InvitationRow | null> {
    const manager = sharedContext.manager as any
    const [row] = await manager.execute(
      `SELECT ${INVITATION_COLUMNS} FROM portal_invitation
        WHERE ${USABLE_BY_TOKEN}`,
      [tokenHash, now]
    )
    return row ? pickInvitation(row) : null
  }

  /**
   * Marks the invitation accepted in one conditional UPDATE: of any number of
   * concurrent attempts with one token, exactly one gets the row back.
   */
  @InjectManager()
  async claimInvitation(
    tokenHash: string,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<InvitationRow | null> {
    const manager = sharedContext.manager as any
    const [row] = await manager.execute(
      `UPDATE portal_invitation SET accepted_at = ?, updated_at = ?
        WHERE ${USABLE_BY_TOKEN}
        RETURNING ${INVITATION_COLUMNS}`,
      [now, now, tokenHash, now]
    )
    return row ? pickInvitation(row) : null
  }

  /** Compensation of `claimInvitation`: the invitation is usable again (if it was this claim). */
  @InjectManager()
  async releaseInvitation(id: string, acceptedAt: Date, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as any
    await manager.execute(`UPDATE portal_invitation SET accepted_at = NULL WHERE id = ? AND accepted_at = ?`, [
      id,
      acceptedAt,
    ])
  }

  @InjectManager()
  async markInvitationsSent(ids: string[], now: Date, @MedusaContext() sharedContext: Context = {}) {
    if (!ids.length) return
    const manager = sharedContext.manager as any
    await manager.execute(
      `UPDATE portal_invitation SET sent_at = ? WHERE id IN (${ids.map(() => "?").join(",")})`,
      [now, ...ids]
    )
  }

  /**
   * Creates a pay link (DESIGN sec. 15) and revokes the customer's older
   * links for any of its invoices, in one transaction under a per-customer
   * advisory lock: of concurrent sends of one invoice, exactly one link stays
   * usable. Answers the plaintext token to the caller only.
   */
  @InjectManager()
  async createPayLink(
    data: NewPayLink,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CreatedPayLink> {
    return await this.createPayLink_(data, now, sharedContext)
  }

  @InjectTransactionManager()
  protected async createPayLink_(
    data: NewPayLink,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CreatedPayLink> {
    const manager = sharedContext.transactionManager as SqlManager
    const invoiceIds = [...new Set(data.invoice_ids)]
    await payLinksRepo.lockCustomerPayLinks(manager, data.customer_id)
    const revoked = await payLinksRepo.revokeLinksForInvoices(manager, data.customer_id, invoiceIds, now)
    const token = newSecretToken()
    const payLink = await payLinksRepo.insertPayLink(manager, {
      id: generateEntityId(undefined, "plink"),
      customer_id: data.customer_id,
      currency_code: data.currency_code.toLowerCase(),
      invoice_ids: invoiceIds,
      token_hash: hashSecretToken(token),
      expires_at: data.expires_at,
      now,
    })
    return { pay_link: payLink, token, revoked_ids: revoked }
  }

  /**
   * `createPayLink` in place of one link ("email me a new link"): only while
   * that link is still open, checked under the same per-customer lock. The
   * new link revokes it, so of concurrent requests for one expired link
   * exactly one makes a new link; the others answer null and make nothing.
   */
  @InjectManager()
  async replacePayLink(
    replacedId: string,
    data: NewPayLink,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CreatedPayLink | null> {
    return await this.replacePayLink_(replacedId, data, now, sharedContext)
  }

  @InjectTransactionManager()
  protected async replacePayLink_(
    replacedId: string,
    data: NewPayLink,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<CreatedPayLink | null> {
    const manager = sharedContext.transactionManager as SqlManager
    await payLinksRepo.lockCustomerPayLinks(manager, data.customer_id)
    if (!(await payLinksRepo.isOpenLink(manager, data.customer_id, replacedId))) return null
    return await this.createPayLink_(data, now, sharedContext)
  }

  /**
   * Compensation of `createPayLink`: the link it made is deleted (its token
   * stops working) and the links it revoked are usable again, unless a newer
   * link for their invoices exists by then.
   */
  @InjectManager()
  async undoCreatePayLink(undo: PayLinkCreationUndo, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await this.undoCreatePayLink_(undo, sharedContext)
  }

  @InjectTransactionManager()
  protected async undoCreatePayLink_(
    { created_id, revoked_ids, revoked_at }: PayLinkCreationUndo,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager as SqlManager
    const customerId =
      (await payLinksRepo.deletePayLink(manager, created_id)) ??
      (revoked_ids.length ? await payLinksRepo.selectPayLinkCustomer(manager, revoked_ids[0]) : null)
    // The same lock as createPayLink_: a rotation running meanwhile either
    // committed first (its new link then keeps the old ones revoked) or waits
    // and revokes what this reopens, so an invoice never has two usable links.
    if (customerId) await payLinksRepo.lockCustomerPayLinks(manager, customerId)
    await payLinksRepo.unrevokeLinks(manager, revoked_ids, new Date(revoked_at))
  }

  /** The link a token's hash names, whatever its state (the domain decides whether it can be used). */
  @InjectManager()
  async findPayLinkByTokenHash(tokenHash: string, @MedusaContext() sharedContext: Context = {}): Promise<PayLinkRow | null> {
    return await payLinksRepo.selectByTokenHash(sharedContext.manager as SqlManager, tokenHash)
  }

  /** The link the customer's emails currently offer for an invoice (expired or not), or null. */
  @InjectManager()
  async findOpenPayLinkForInvoice(
    customerId: string,
    invoiceId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PayLinkRow | null> {
    return await payLinksRepo.selectOpenLinkForInvoice(sharedContext.manager as SqlManager, customerId, invoiceId)
  }

  /** Notes a payment attempt through a link; answers the previous `last_used_at` (for the undo). */
  @InjectManager()
  async markPayLinkUsed(
    id: string,
    at: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ found: boolean; previous: Date | null }> {
    return await payLinksRepo.updateLastUsed(sharedContext.manager as SqlManager, id, at)
  }

  /** Compensation of `markPayLinkUsed`: the previous value, unless another use has happened since. */
  @InjectManager()
  async restorePayLinkLastUsed(id: string, previous: Date | null, at: Date, @MedusaContext() sharedContext: Context = {}) {
    await payLinksRepo.restoreLastUsed(sharedContext.manager as SqlManager, id, previous, at)
  }

  /** When the newest link paying any of these invoices of the customer was made (null: none). */
  @InjectManager()
  async newestPayLinkCreatedAt(
    customerId: string,
    invoiceIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Date | null> {
    return await payLinksRepo.selectNewestCreatedAt(sharedContext.manager as SqlManager, customerId, invoiceIds)
  }

  /**
   * Turns the customers' portal access off: one block each (a customer whose
   * access is off already keeps theirs), and their open invitations revoked,
   * under the invitation lock of each customer (an invitation created at the
   * same time is either revoked here or, created after, refused by
   * `createInvitations`, which reads the block under the same lock). What it did.
   */
  @InjectManager()
  async turnPortalAccessOff(
    customerIds: string[],
    blockedBy: string | null,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PortalAccessOffResult> {
    return await this.turnPortalAccessOff_(customerIds, blockedBy, now, sharedContext)
  }

  @InjectTransactionManager()
  protected async turnPortalAccessOff_(
    customerIds: string[],
    blockedBy: string | null,
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PortalAccessOffResult> {
    const manager = sharedContext.transactionManager as any
    const out: PortalAccessOffResult = { blocks: [], revoked_invitation_ids: [] }
    for (const customerId of [...new Set(customerIds)].sort()) {
      await manager.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [customerLockKey(customerId)])
      const [block] = await manager.execute(
        `INSERT INTO portal_access_block (id, customer_id, blocked_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (customer_id) WHERE deleted_at IS NULL DO NOTHING RETURNING id, customer_id`,
        [generateEntityId(undefined, "pablk"), customerId, blockedBy, now, now]
      )
      if (!block) continue
      out.blocks.push(block)
      const revoked = await manager.execute(
        `UPDATE portal_invitation SET revoked_at = ?, updated_at = ?
          WHERE customer_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND deleted_at IS NULL
          RETURNING id`,
        [now, now, customerId]
      )
      out.revoked_invitation_ids.push(...revoked.map((r: { id: string }) => r.id))
    }
    return out
  }

  /** Turns portal access on again: deletes the customers' blocks; the customer ids it turned on. */
  @InjectManager()
  async turnPortalAccessOn(customerIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    if (!customerIds.length) return []
    const manager = sharedContext.manager as any
    const rows: { customer_id: string }[] = await manager.execute(
      `DELETE FROM portal_access_block WHERE customer_id IN (${customerIds.map(() => "?").join(",")}) AND deleted_at IS NULL
       RETURNING customer_id`,
      customerIds
    )
    return rows.map((r) => r.customer_id)
  }

  /** Undoes a `turnPortalAccessOff` (its compensation): the blocks it made go, the invitations it revoked reopen. */
  @InjectManager()
  async undoTurnPortalAccessOff(undo: PortalAccessOffResult & { now: Date }, @MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as any
    if (undo.blocks.length) {
      await manager.execute(
        `DELETE FROM portal_access_block WHERE id IN (${undo.blocks.map(() => "?").join(",")})`,
        undo.blocks.map((b) => b.id)
      )
    }
    await this.unrevokeInvitations(undo.revoked_invitation_ids, undo.now, sharedContext)
  }

  /**
   * Which of the given customers have their portal access off (one indexed
   * query); without ids, every such customer (the portal-users filter).
   */
  @InjectManager()
  async listCustomerIdsWithAccessOff(customerIds?: string[], @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    if (customerIds && !customerIds.length) return []
    const manager = sharedContext.manager as any
    const rows: { customer_id: string }[] = await manager.execute(
      `SELECT customer_id FROM portal_access_block WHERE deleted_at IS NULL${
        customerIds ? ` AND customer_id IN (${customerIds.map(() => "?").join(",")})` : ""
      }`,
      customerIds ?? []
    )
    return rows.map((r) => r.customer_id)
  }

  /** Each given customer's most recent invitation (one query). */
  @InjectManager()
  async listLatestInvitations(
    customerIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<InvitationRow[]> {
    if (!customerIds.length) return []
    const manager = sharedContext.manager as any
    const rows = await manager.execute(
      `SELECT DISTINCT ON (customer_id) ${INVITATION_COLUMNS} FROM portal_invitation
        WHERE customer_id IN (${customerIds.map(() => "?").join(",")}) AND deleted_at IS NULL
        ORDER BY customer_id, created_at DESC, id DESC`,
      customerIds
    )
    return rows.map(pickInvitation)
  }

  /**
   * Customers whose most recent invitation is still waiting to be accepted,
   * with the address it was sent to: `open` (not expired at `now`) or
   * `expired`. Without `state`, both.
   */
  @InjectManager()
  async listPendingInvitations(
    now: Date,
    state?: InvitationState,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ customer_id: string; email: string }[]> {
    const manager = sharedContext.manager as any
    const stateFilter = state === "open" ? "AND expires_at > ?" : state === "expired" ? "AND expires_at <= ?" : ""
    const rows: { customer_id: string; email: string }[] = await manager.execute(
      `SELECT customer_id, email FROM (
         SELECT DISTINCT ON (customer_id) customer_id, email, accepted_at, revoked_at, expires_at FROM portal_invitation
          WHERE deleted_at IS NULL ORDER BY customer_id, created_at DESC, id DESC) latest
        WHERE accepted_at IS NULL AND revoked_at IS NULL ${stateFilter}`,
      state ? [now] : []
    )
    return rows.map((r) => ({ customer_id: r.customer_id, email: r.email }))
  }
}

function pickInvitation(row: any): InvitationRow {
  const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(v as string))
  return {
    id: row.id,
    customer_id: row.customer_id,
    email: row.email,
    expires_at: date(row.expires_at)!,
    accepted_at: date(row.accepted_at),
    revoked_at: date(row.revoked_at),
    invited_by: row.invited_by ?? null,
    sent_at: date(row.sent_at),
    created_at: date(row.created_at)!,
  }
}

export default PortalModuleService
