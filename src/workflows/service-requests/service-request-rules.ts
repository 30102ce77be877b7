/**
 * Pure rules for service notes and requests: the preferred date, and what a
 * reply or a close does to a request. No I/O, `now` passed in.
 */
import type { ServiceRequestStatus } from "../../modules/portal/models/service-request"

const DAY_MS = 24 * 60 * 60 * 1000
/** The westernmost time zone (UTC−12): its calendar date is the earliest "today" anywhere. */
const EARLIEST_OFFSET_MS = 12 * 60 * 60 * 1000

/** `YYYY-MM-DD` → that day at 00:00 UTC, or null when it is not a real calendar date. */
export function parseCalendarDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date
}

/** A stored preferred date as the customer gave it (`YYYY-MM-DD`). */
export function formatCalendarDate(date: Date | string | null | undefined): string | null {
  if (!date) return null
  const d = date instanceof Date ? date : new Date(date)
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10)
}

/**
 * A preferred date is in the past when it is before today everywhere on
 * earth: the customer's own "today" may still be yesterday in UTC, and the
 * server does not know the customer's time zone.
 */
export function isPreferredDateInPast(date: Date, now: Date): boolean {
  const earliestToday = Math.floor((now.getTime() - EARLIEST_OFFSET_MS) / DAY_MS) * DAY_MS
  return date.getTime() < earliestToday
}

export type ServiceRequestState = {
  status: ServiceRequestStatus
  admin_reply: string | null
  replied_at: Date | null
  closed_at: Date | null
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null)

/** Whether two states are the same (dates by their instant). */
export function isSameServiceRequestState(a: ServiceRequestState, b: ServiceRequestState): boolean {
  return (
    a.status === b.status &&
    a.admin_reply === b.admin_reply &&
    sameTime(a.replied_at, b.replied_at) &&
    sameTime(a.closed_at, b.closed_at)
  )
}

/**
 * A reply sets the answer and the status. Without an explicit status an open
 * or in-progress request becomes `in_progress`, and a closed one stays closed
 * (a last word after closing); `in_progress` reopens a closed request.
 */
export function applyReply(
  current: ServiceRequestState,
  reply: { message: string; status?: "in_progress" | "closed" },
  now: Date
): ServiceRequestState {
  const status = reply.status ?? (current.status === "closed" ? "closed" : "in_progress")
  return {
    status,
    admin_reply: reply.message,
    replied_at: now,
    closed_at: status === "closed" ? current.closed_at ?? now : null,
  }
}

/** Closing is idempotent: an already closed request keeps its `closed_at`. */
export function applyClose(current: ServiceRequestState, now: Date): ServiceRequestState {
  return { ...current, status: "closed", closed_at: current.status === "closed" ? current.closed_at ?? now : now }
}

/**
 * The undo of a change that wrote `written` over `previous`, applied to the
 * state as it is now: the reply (text and time) and the status (with
 * `closed_at`) each go back only while they are still what the change wrote,
 * so a later reply or close stays. Null when there is nothing to put back.
 */
export function undoChange(
  current: ServiceRequestState,
  previous: ServiceRequestState,
  written: ServiceRequestState
): ServiceRequestState | null {
  const replyIsOurs = current.admin_reply === written.admin_reply && sameTime(current.replied_at, written.replied_at)
  const statusIsOurs = current.status === written.status && sameTime(current.closed_at, written.closed_at)
  const next: ServiceRequestState = {
    status: statusIsOurs ? previous.status : current.status,
    closed_at: statusIsOurs ? previous.closed_at : current.closed_at,
    admin_reply: replyIsOurs ? previous.admin_reply : current.admin_reply,
    replied_at: replyIsOurs ? previous.replied_at : current.replied_at,
  }
  return isSameServiceRequestState(next, current) ? null : next
}
