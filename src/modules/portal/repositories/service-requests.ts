/**
 * The service_request table's locking SQL. The service composes it inside its
 * transactions; nothing here opens one.
 */
import { MedusaError } from "@medusajs/framework/utils"
import type { ServiceRequestStatus } from "../models/service-request"
import type { SqlManager } from "./pay-links"

/** What a reply or a close reads and writes. */
export type ServiceRequestStateRow = {
  status: ServiceRequestStatus
  admin_reply: string | null
  replied_at: Date | null
  closed_at: Date | null
}

const date = (value: unknown) => (value == null ? null : value instanceof Date ? value : new Date(value as string))

/**
 * Locks one request (`FOR UPDATE`) until the transaction ends and reads its
 * state; 404 (with the message Medusa's own retrieve gives) when there is none.
 */
export async function lockServiceRequestState(manager: SqlManager, id: string): Promise<ServiceRequestStateRow> {
  const [row] = await manager.execute(
    `SELECT status, admin_reply, replied_at, closed_at
       FROM service_request WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
    [id]
  )
  if (!row) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `ServiceRequest with id: ${id} was not found`)
  }
  return {
    status: row.status,
    admin_reply: row.admin_reply ?? null,
    replied_at: date(row.replied_at),
    closed_at: date(row.closed_at),
  }
}
