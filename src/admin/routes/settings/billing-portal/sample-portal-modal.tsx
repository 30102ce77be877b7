import { Button, FocusModal, Text } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import type { PortalSettings } from "../../../../domain/portal-settings"

// The messages of portal/src/lib/sample/protocol.ts (the admin bundle does not import the portal's code).
const SAMPLE_READY = "billing-portal:sample-ready"
const SAMPLE_SETTINGS = "billing-portal:sample-settings"

/**
 * "View sample portal": the hosted portal's `/sample` page in an iframe,
 * shown with the form's values as they are now, saved or not (sent by
 * postMessage to the portal's origin when the frame asks, and again on each
 * change), over sample data: no customer signs in and nothing is read or
 * marked. `portalPath` is where the plugin serves its portal; null when it
 * serves none, and then the button says why it cannot show one.
 */
export function SamplePortalButton({ settings, portalPath }: { settings: PortalSettings; portalPath: string | null }) {
  const [open, setOpen] = useState(false)
  const frame = useRef<HTMLIFrameElement>(null)
  const [ready, setReady] = useState(false)
  const src = portalPath ? `${portalPath}/sample` : null
  const origin = window.location.origin

  // the frame asks for the settings once it listens; answer only that frame, on this origin
  useEffect(() => {
    if (!open) return
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== origin || event.source !== frame.current?.contentWindow) return
      if ((event.data as { type?: unknown })?.type === SAMPLE_READY) setReady(true)
    }
    window.addEventListener("message", onMessage)
    return () => {
      window.removeEventListener("message", onMessage)
      setReady(false)
    }
  }, [open, origin])

  useEffect(() => {
    if (open && ready) frame.current?.contentWindow?.postMessage({ type: SAMPLE_SETTINGS, settings }, origin)
  }, [open, ready, settings, origin])

  if (!src) {
    return (
      <Button variant="secondary" disabled title="The plugin serves no portal (hostedPortal: false)">
        View sample portal
      </Button>
    )
  }
  return (
    <FocusModal open={open} onOpenChange={setOpen}>
      <FocusModal.Trigger asChild>
        <Button variant="secondary">View sample portal</Button>
      </FocusModal.Trigger>
      <FocusModal.Content>
        <FocusModal.Header>
          {/* beside the close button, not pushed to the far side */}
          <div className="flex min-w-0 flex-1 flex-col">
            <FocusModal.Title asChild>
              <Text weight="plus">Sample portal</Text>
            </FocusModal.Title>
            <FocusModal.Description asChild>
              <Text size="small" className="text-ui-fg-subtle">
                What customers see with the settings on this page, saved or not, over made-up data.
              </Text>
            </FocusModal.Description>
          </div>
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-1 flex-col overflow-hidden p-0">
          <iframe ref={frame} src={src} title="Sample billing portal" className="h-full w-full flex-1 border-0" />
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}
