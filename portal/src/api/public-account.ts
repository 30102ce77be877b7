import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { billing } from "../lib/billing"
import { sdk } from "../lib/sdk"
import { publicKeys, sessionKeys } from "./query-keys"

/** GET /store/billing/invitation (no sign-in; the token in its header): whose invitation it is. A 404 will not change on retry. */
export function useInvitation(token: string | null) {
  return useQuery({
    queryKey: publicKeys.invitation(token ?? ""),
    queryFn: ({ signal }) => billing.getInvitation(token!, { signal }),
    enabled: !!token,
    retry: false,
    staleTime: Infinity,
  })
}

/**
 * POST /store/billing/invitation/accept: creates the login and
 * answers a customer JWT, which then signs the customer in exactly as
 * `useSignIn` does (the SDK keeps it; every earlier customer's data is
 * dropped).
 */
export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (password: string) => {
      const jwt = await billing.acceptInvitation(token, password)
      await sdk.client.setToken(jwt)
      return jwt
    },
    onSuccess: (jwt) => {
      // (the invitation itself stays: asked again it would only answer 404 now)
      const keep = [sessionKeys.all[0], publicKeys.all[0]] as unknown[]
      queryClient.removeQueries({ predicate: (query) => !keep.includes(query.queryKey[0]) })
      queryClient.setQueryData(sessionKeys.notice(), null)
      queryClient.setQueryData(sessionKeys.token(), jwt)
    },
  })
}

/**
 * Medusa's POST /auth/customer/emailpass/reset-password `{ identifier }`: it
 * answers the same whether or not the email has a login (the plugin's
 * subscriber emails the link).
 */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => sdk.auth.resetPassword("customer", "emailpass", { identifier: email }),
  })
}

/** Medusa's POST /auth/customer/emailpass/update with the emailed token as bearer: sets the new password. */
export function useUpdatePassword() {
  return useMutation({
    mutationFn: ({ email, password, token }: { email: string; password: string; token: string }) =>
      sdk.auth.updateProvider("customer", "emailpass", { email, password }, token),
  })
}
