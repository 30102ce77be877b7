import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query"
import { billing } from "../lib/billing"
import { billingKeys } from "./query-keys"
import type { CreateServiceRequestBody, ServiceRequestKind } from "./types"

const PAGE = 20

/** GET /store/billing/service-requests?kind=…: the customer's threads of one kind, newest first, a page at a time. */
export function useServiceRequests(kind: ServiceRequestKind) {
  return useInfiniteQuery({
    queryKey: billingKeys.serviceRequestList(kind),
    queryFn: ({ pageParam, signal }) => billing.listServiceRequests({ kind, offset: pageParam, limit: PAGE }, { signal }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.offset + last.service_requests.length < last.count ? last.offset + last.limit : undefined),
  })
}

/** POST /store/billing/service-requests; the list of that kind is fetched again. */
export function useCreateServiceRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateServiceRequestBody) => billing.createServiceRequest(body),
    onSuccess: (created) => {
      queryClient.setQueryData(billingKeys.serviceRequest(created.id), created)
      return queryClient.invalidateQueries({ queryKey: billingKeys.serviceRequestList(created.kind) })
    },
  })
}
