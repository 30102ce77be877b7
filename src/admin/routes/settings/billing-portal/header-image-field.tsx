import { Button, Input, Label, Text } from "@medusajs/ui"
import { useId, useRef, useState } from "react"
import { HEADER_IMAGE_TYPES, headerImageProblem } from "../../../lib/header-image"
import { useUploadHeaderImage } from "../../../lib/hooks/settings"
import { errorMessage } from "../../../lib/sdk"

/**
 * The portal's header image (DESIGN sec. 9): uploaded through Medusa's File
 * Module (`POST /admin/uploads`) or given as a URL, with a preview. An upload
 * fills the URL; like every setting here it reaches the portal on Save.
 */
export function HeaderImageField({ value, onChange }: { value: string | null; onChange: (url: string | null) => void }) {
  const id = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const upload = useUploadHeaderImage()
  // the upload answers later: by then the form may hold other edits, so the answer goes through the latest onChange
  const latestOnChange = useRef(onChange)
  latestOnChange.current = onChange
  const [problem, setProblem] = useState<string | null>(null)
  const [previewFailed, setPreviewFailed] = useState<string | null>(null)

  const choose = (file: File | undefined) => {
    setProblem(null)
    if (!file) return
    const refused = headerImageProblem(file)
    if (refused) {
      setProblem(refused)
      return
    }
    upload.mutate(file, {
      onSuccess: (url) => latestOnChange.current(url),
      onError: (error) => setProblem(`The upload failed: ${errorMessage(error)}`),
    })
  }

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
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(e) => {
              setProblem(null)
              onChange(e.target.value || null)
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
        <Button type="button" variant="secondary" size="small" isLoading={upload.isPending} onClick={() => fileInput.current?.click()}>
          Upload image
        </Button>
        {value && (
          <Button type="button" variant="transparent" size="small" onClick={() => onChange(null)}>
            Remove
          </Button>
        )}
      </div>
      {problem && (
        <Text id={`${id}-problem`} size="small" className="text-ui-fg-error" role="alert">
          {problem}
        </Text>
      )}
      {upload.isPending && (
        <Text size="small" className="text-ui-fg-subtle" role="status">
          Uploading…
        </Text>
      )}
      {value && previewFailed !== value && (
        <img
          src={value}
          alt="Header image preview"
          className="border-ui-border-base mt-1 max-h-24 w-fit max-w-full rounded-md border object-contain"
          onError={() => setPreviewFailed(value)}
        />
      )}
      {value && previewFailed === value && (
        <Text size="small" className="text-ui-fg-error">
          This address did not load as an image here; the portal would show no header image.
        </Text>
      )}
      <Text size="small" className="text-ui-fg-subtle">
        PNG, JPEG, WebP or GIF up to 2 MB, shown across the top of the portal. Saved with the other settings.
      </Text>
    </div>
  )
}
