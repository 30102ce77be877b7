import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query"
import { sdk, TOKEN_STORAGE_KEY } from "../lib/sdk"
import { sessionKeys } from "./query-keys"

export type SignInInput = { email: string; password: string }

/** Why the customer is on the sign-in page, if they were signed out; shown once. */
export type SignOutNotice = "signed_out" | "expired" | "account_gone" | "access_off"

/** The token the SDK keeps in sessionStorage, read synchronously; undefined when it cannot be read here. */
function storedTokenNow(): string | null | undefined {
  try {
    return window.sessionStorage.getItem(TOKEN_STORAGE_KEY) || null
  } catch {
    return undefined
  }
}

/** The stored bearer token (sessionStorage, through the SDK), or null when signed out. */
export function useSessionToken() {
  return useQuery({
    queryKey: sessionKeys.token(),
    queryFn: async () => (await sdk.client.getToken()) || null,
    // read at once when it can be, so the first render is already the signed-in frame
    // (the one the server painted before the scripts ran), not a bare spinner
    initialData: storedTokenNow,
    staleTime: Infinity,
    gcTime: Infinity,
  })
}

export function useSignOutNotice() {
  return useQuery({
    queryKey: sessionKeys.notice(),
    queryFn: () => null as SignOutNotice | null,
    staleTime: Infinity,
    gcTime: Infinity,
  })
}

/**
 * Forgets the token and every customer's data; `notice` tells the sign-in
 * page why. The token goes first, so the signed-in pages leave before
 * their data does (instead of fetching it again without a token).
 */
export async function endSession(queryClient: QueryClient, notice: SignOutNotice) {
  await sdk.client.clearToken()
  queryClient.setQueryData(sessionKeys.notice(), notice)
  queryClient.setQueryData(sessionKeys.token(), null)
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKeys.all[0] })
}

/** Whether a token is held (what the signed-in pages need). */
export function hasSession(queryClient: QueryClient): boolean {
  return !!queryClient.getQueryData(sessionKeys.token())
}

/**
 * POST /auth/customer/emailpass through `sdk.auth.login`; the SDK keeps the
 * JWT in sessionStorage. A third-party or multi-step login (redirect, MFA) is
 * not something a portal customer has, so it is refused in words.
 */
export function useSignIn() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async ({ email, password }: SignInInput) => {
      const result = await sdk.auth.login("customer", "emailpass", { email, password })
      if (typeof result !== "string") {
        await sdk.client.clearToken()
        throw new Error("This account needs a sign-in step the portal does not offer. Please contact us.")
      }
      return result
    },
    onSuccess: (token) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKeys.all[0] })
      queryClient.setQueryData(sessionKeys.notice(), null)
      queryClient.setQueryData(sessionKeys.token(), token)
    },
  })
}

export function useSignOut() {
  const queryClient = useQueryClient()
  return useMutation({
    // a JWT sign-out only forgets the token (there is no server session to end)
    mutationFn: () => sdk.auth.logout(),
    onSettled: () => endSession(queryClient, "signed_out"),
  })
}
