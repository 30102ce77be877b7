import { Input, Label, Select } from "@medusajs/ui"

const ALL = "all"

/**
 * A labelled filter select of a list page: "All …" plus the options;
 * `onChange(null)` when the filter is cleared. The label names the control
 * for assistive technology (the visible label and aria-label agree).
 */
export function FilterSelect({
  id,
  label,
  allLabel,
  options,
  value,
  onChange,
  className = "w-[160px]",
}: {
  id: string
  label: string
  allLabel: string
  options: Record<string, string>
  value: string | null | undefined
  onChange: (value: string | null) => void
  className?: string
}) {
  return (
    <div className="flex flex-col gap-y-1">
      <Label size="xsmall" htmlFor={id} className="text-ui-fg-subtle">
        {label}
      </Label>
      <Select size="small" value={value || ALL} onValueChange={(v) => onChange(v === ALL ? null : v)}>
        <Select.Trigger id={id} className={className} aria-label={label}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value={ALL}>{allLabel}</Select.Item>
          {Object.entries(options).map(([option, text]) => (
            <Select.Item key={option} value={option}>
              {text}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </div>
  )
}

/** A labelled date filter (YYYY-MM-DD); `onChange(null)` when it is emptied. */
export function FilterDate({
  id,
  label,
  value,
  min,
  max,
  onChange,
}: {
  id: string
  label: string
  value: string | null | undefined
  min?: string | null
  max?: string | null
  onChange: (value: string | null) => void
}) {
  return (
    <div className="flex flex-col gap-y-1">
      <Label size="xsmall" htmlFor={id} className="text-ui-fg-subtle">
        {label}
      </Label>
      <Input
        id={id}
        size="small"
        type="date"
        value={value ?? ""}
        min={min || undefined}
        max={max || undefined}
        onChange={(e) => onChange(e.target.value || null)}
      />
    </div>
  )
}
