import { Button, Input, Label, Text } from "@medusajs/ui"
import { useEffect, useId, useRef, useState } from "react"
import { HEADER_IMAGE_TYPES, headerImageProblem, headerImageUploadName } from "../../../lib/header-image"
import { useUploadHeaderImage } from "../../../lib/hooks/settings"
import { errorMessage } from "../../../lib/sdk"

/** The address the preview shows: the field's value once it has stayed put for a moment (no request per keystroke). */
function useSettledValue(value: string | null, ms = 400): string | null {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

/**
 * The portal's header image (DESIGN sec. 9): uploaded through Medusa's File
 * Module (`POST /admin/uploads`) or given as a URL, with a preview. An upload
 * fills the URL; like every setting here it reaches the portal on Save.
 * While an upload runs the address cannot be edited or removed, and the page
 * holds its Save (`onBusyChange`), so the upload's answer never lands on top
 * of a newer choice or after a save.
 */
export function HeaderImageField({
  value,
  onChange,
  onBusyChange,
}: {
  value: string | null
  onChange: (url: string | null) => void
  onBusyChange: (busy: boolean) => void
}) {
  const id = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const upload = useUploadHeaderImage()
  // the upload answers later: by then the form may hold other edits, so the answer goes through the latest onChange
  const latestOnChange = useRef(onChange)
  latestOnChange.current = onChange
  const [problem, setProblem] = useState<string | null>(null)
  const [announcement, setAnnouncement] = useState("")
  const preview = useSettledValue(value)
  const [previewFailed, setPreviewFailed] = useState<string | null>(null)
  const busy = upload.isPending

  useEffect(() => onBusyChange(busy), [busy, onBusyChange])

  const choose = (file: File | undefined) => {
    setProblem(null)
    if (!file) return
    const refused = headerImageProblem(file)
    if (refused) {
      setProblem(refused)
      return
    }
    setAnnouncement("Uploading the header image…")
    // sent under a name of ours: the admin's own file name is not published, and the
    // extension (which the file server's content type follows) is the checked type's
    const named = new File([file], headerImageUploadName(file.type), { type: file.type })
    upload.mutate(named, {
      onSuccess: (url) => {
        latestOnChange.current(url)
        setAnnouncement("Header image uploaded. Save to show it in the portal.")
      },
      onError: (error) => {
        setAnnouncement("")
        setProblem(`The upload failed: ${errorMessage(error)}`)
      },
    })
  }

  const problemId = `${id}-problem`
  const shownProblem = problem ?? (preview && previewFailed === preview ? "This address did not load as an image here, so the portal would show no header image." : null)
  return (
    <div className="flex flex-col gap-y-1">
      <Label size="small" htmlFor={`${id}-url`}>
        Header image (uploaded, or an http(s) URL)
      </Label>
      <div className="flex items-center gap-x-2">
        <div className="flex-1">
          <Input
            id={`${id}-url`}
            value={value ?? ""}
            placeholder="https://…"
            disabled={busy}
            aria-invalid={shownProblem ? true : undefined}
            aria-describedby={shownProblem ? problemId : undefined}
            onChange={(e) => {
              setProblem(null)
              setAnnouncement("")
              onChange(e.target.value.trim() || null)
            }}
          />
        </div>
        <input
          ref={fileInput}
          type="file"
          className="hidden"
          aria-label="Header image file"
          accept={Object.keys(HEADER_IMAGE_TYPES).join(",")}
          onChange={(e) => {
            choose(e.target.files?.[0])
            e.target.value = "" // the same file can be chosen again
          }}
        />
        <Button
          type="button"
          variant="secondary"
          size="small"
          isLoading={busy}
          aria-describedby={problem ? problemId : undefined}
          onClick={() => fileInput.current?.click()}
        >
          Upload image
        </Button>
        {value && (
          <Button
            type="button"
            variant="transparent"
            size="small"
            disabled={busy}
            onClick={() => {
              setProblem(null)
              setAnnouncement("Header image removed. Save to take it off the portal.")
              onChange(null)
            }}
          >
            Remove
          </Button>
        )}
      </div>
      {shownProblem && (
        <Text id={problemId} size="small" className="text-ui-fg-error" role="alert">
          {shownProblem}
        </Text>
      )}
      {/* one live region, always present, so its changes are read out */}
      <Text size="small" className="text-ui-fg-subtle" role="status" aria-live="polite">
        {announcement}
      </Text>
      {preview && previewFailed !== preview && (
        <img
          src={preview}
          alt="Header image preview"
          className="border-ui-border-base mt-1 max-h-24 w-fit max-w-full rounded-md border object-contain"
          onError={() => setPreviewFailed(preview)}
        />
      )}
      <Text size="small" className="text-ui-fg-subtle">
        PNG, JPEG, WebP or GIF up to 2 MB, shown across the top of the portal. An address on another site must be
        https (the portal shows images from its own site and https addresses only). Saved with the other settings.
      </Text>
    </div>
  )
}
