/**
 * The messages between the admin's settings page and the sample portal in
 * its iframe (same origin only: the portal's CSP lets only its own origin
 * frame `/sample`). The iframe asks once it is listening; the admin answers
 * with the form as it is, saved or not, and again on every change.
 */
export const SAMPLE_READY = "billing-portal:sample-ready"
export const SAMPLE_SETTINGS = "billing-portal:sample-settings"

export type SampleReadyMessage = { type: typeof SAMPLE_READY }
/** `settings`: the admin's PortalSettings form (partial is fine: defaults fill the rest) */
export type SampleSettingsMessage = { type: typeof SAMPLE_SETTINGS; settings: unknown }

export function isSampleSettingsMessage(data: unknown): data is SampleSettingsMessage {
  return !!data && typeof data === "object" && (data as { type?: unknown }).type === SAMPLE_SETTINGS
}
