import { toast } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { serviceRequestKeys } from "../query-keys"
import { errorMessage, sdk } from "../sdk"
import { withoutEmpty } from "./portal-users"

export type ServiceRequestStatus = "open" | "in_progress" | "closed"

export type ServiceRequest = {
  id: string
  kind: "note" | "request"
  subject: string
  message: string
  preferred_date: string | null
  invoice_id: string | null
  invoice_number: string | null
  status: ServiceRequestStatus
  admin_reply: string | null
  replied_at: string | null
  closed_at: string | null
  created_at: string
  customer_id: string
  customer: { id: string; email: string | null; name: string } | null
}

export type ServiceRequestsQuery = {
  q?: string
  kind?: "note" | "request"
  status?: ServiceRequestStatus
  customer_id?: string
  limit?: number
  offset?: number
}

/** `GET /admin/billing/service-requests`: newest first, with the customer's name and email. */
export function useServiceRequests(query: ServiceRequestsQuery) {
  return useQuery({
    queryKey: serviceRequestKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ service_requests: ServiceRequest[]; count: number; offset: number; limit: number }>(
        "/admin/billing/service-requests",
        { query: withoutEmpty(query) }
      ),
    placeholderData: keepPreviousData,
  })
}

/** `GET /admin/billing/service-requests/:id` (disabled without an id). */
export function useServiceRequest(id: string | null | undefined) {
  return useQuery({
    queryKey: serviceRequestKeys.detail(id ?? ""),
    queryFn: () =>
      sdk.client.fetch<{ service_request: ServiceRequest }>(`/admin/billing/service-requests/${id}`),
    enabled: !!id,
  })
}

function useServiceRequestWrite<B>(path: (id: string) => string, done: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: B }) =>
      sdk.client.fetch<{ service_request: ServiceRequest }>(path(id), { method: "POST", body: body as object }),
    onSuccess: ({ service_request }) => {
      client.setQueryData(serviceRequestKeys.detail(service_request.id), { service_request })
      client.invalidateQueries({ queryKey: serviceRequestKeys.lists() })
      toast.success(done)
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
}

/** `POST /admin/billing/service-requests/:id/reply`: emails the reply, sets the status. */
export const useReplyServiceRequest = () =>
  useServiceRequestWrite<{ message: string; status?: "in_progress" | "closed" }>(
    (id) => `/admin/billing/service-requests/${id}/reply`,
    "Reply sent to the customer"
  )

/** `POST /admin/billing/service-requests/:id/close`. */
export const useCloseServiceRequest = () =>
  useServiceRequestWrite<Record<string, never>>((id) => `/admin/billing/service-requests/${id}/close`, "Request closed")
