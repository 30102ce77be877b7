import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { EmailTemplateId, PortalSettings } from "../../../domain/portal-settings"
import { settingsKeys } from "../query-keys"
import { errorMessage, sdk } from "../sdk"

export type SettingsResponse = { settings: PortalSettings; hosted_portal: { path: string } | null }

/** `GET /admin/billing/settings`: the complete portal settings and where the plugin serves its portal. */
export function useSettings() {
  return useQuery({
    queryKey: settingsKeys.detail("portal"),
    queryFn: () => sdk.client.fetch<SettingsResponse>("/admin/billing/settings"),
  })
}

/** `POST /admin/billing/settings` (a partial update); the answer replaces the cached settings. */
export function useUpdateSettings() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      sdk.client.fetch<{ settings: PortalSettings }>("/admin/billing/settings", { method: "POST", body }),
    onSuccess: ({ settings }) => {
      client.setQueryData<SettingsResponse>(settingsKeys.detail("portal"), (old) =>
        old ? { ...old, settings } : old
      )
      client.invalidateQueries({ queryKey: settingsKeys.all })
      toast.success("Billing portal settings saved")
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
}

/** `POST /admin/billing/settings/test-email`: a sample of one template, with the saved settings. */
export function useSendTestEmail() {
  return useMutation({
    mutationFn: (body: { template: EmailTemplateId; to: string }) =>
      sdk.client.fetch<unknown>("/admin/billing/settings/test-email", { method: "POST", body }),
    onSuccess: (_data, { to }) => toast.success(`Test email sent to ${to}`),
    onError: (e) => toast.error(errorMessage(e)),
  })
}

/**
 * `POST /admin/uploads` (Medusa's File Module, whatever provider the store
 * configured): uploads the portal's header image and answers its public URL.
 */
export function useUploadHeaderImage() {
  return useMutation({
    mutationFn: async (file: File) => {
      const { files } = await sdk.admin.upload.create({ files: [file] })
      const url = files[0]?.url
      if (!url) throw new Error("The upload answered no address for the image")
      return url
    },
  })
}
