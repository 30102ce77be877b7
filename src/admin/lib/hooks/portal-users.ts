import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { customerKeys, portalUserKeys } from "../query-keys"
import { sdk } from "../sdk"

export type PortalStatus = "active" | "invited" | "invitation_expired" | "none" | "disabled"

export type PortalUser = {
  customer_id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  company_name: string | null
  portal_status: PortalStatus
  invited_at: string | null
  invitation_expires_at: string | null
  last_login_at: string | null
  autopay_status: string | null
}

export type PortalUsersQuery = {
  q?: string
  status?: PortalStatus
  without_account?: boolean
  customer_id?: string
  limit?: number
  offset?: number
}

export type PortalUsersResponse = { portal_users: PortalUser[]; count: number; offset: number; limit: number }

/** `GET /admin/billing/portal-users`: customers with their portal and autopay status. */
export function usePortalUsers(query: PortalUsersQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: portalUserKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<PortalUsersResponse>("/admin/billing/portal-users", { query: withoutEmpty(query) }),
    placeholderData: keepPreviousData,
    ...options,
  })
}

/** One customer's portal status (the customer page's widget). */
export function usePortalUser(customerId: string) {
  const list = usePortalUsers({ customer_id: customerId, limit: 1 })
  return { ...list, data: list.data ? (list.data.portal_users[0] ?? null) : undefined }
}

export type PortalUserAction = "invite" | "resend" | "reset-password" | "revoke" | "disable" | "enable"

/**
 * What a bulk action did: the ids it acted on, those it skipped with the
 * reason, and those it tried and failed (invite, resend) with the API's message.
 */
export type PortalUserActionResult = {
  done: string[]
  skipped: { customer_id: string; reason: string }[]
  failed: { customer_id: string; reason: string; message: string }[]
}

/**
 * `POST /admin/billing/portal-users/{invite,resend,reset-password,revoke,disable,enable}`
 * for a list of customers; refreshes the portal users (statuses, invitation
 * dates). Callers toast the outcome: its wording depends on the page.
 */
export function usePortalUserAction(action: PortalUserAction) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (customerIds: string[]): Promise<PortalUserActionResult> => {
      const res = await sdk.client.fetch<Record<string, any>>(`/admin/billing/portal-users/${action}`, {
        method: "POST",
        body: { customer_ids: customerIds },
      })
      const done: unknown[] = res.invited ?? res.sent ?? res.revoked ?? res.disabled ?? res.enabled ?? []
      return {
        done: done.map((d) => (typeof d === "string" ? d : (d as { customer_id: string }).customer_id)),
        skipped: res.skipped ?? [],
        failed: res.failed ?? [],
      }
    },
    onSettled: () => {
      client.invalidateQueries({ queryKey: portalUserKeys.all })
      client.invalidateQueries({ queryKey: customerKeys.all })
    },
  })
}

export const useInvitePortalUsers = () => usePortalUserAction("invite")
export const useResendPortalInvitations = () => usePortalUserAction("resend")
export const useResetPortalPasswords = () => usePortalUserAction("reset-password")
export const useRevokePortalInvitations = () => usePortalUserAction("revoke")

/** A query object without the keys the API should not see (undefined, empty text, false flags). */
export function withoutEmpty(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== "" && v !== false)
  )
}
