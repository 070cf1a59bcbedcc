/** What a field's control says about its hint and error, for a screen reader to read them with it. */
export function describedBy(id: string, hint?: string, error?: string) {
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined,
  } as const;
}

/** The border of a control: dark red while it has an error. */
export const controlBorder = (error?: string) => (error ? "border-red-800" : "border-slate-600");

/** A field's frame: the label, the hint and the error above the control, each with the id describedBy names. */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={className || undefined}>
      <label htmlFor={id} className="mb-1 block font-semibold">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="mb-1 text-sm text-slate-700">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mb-1 font-semibold text-red-800">
          {error}
        </p>
      )}
      {children}
    </div>
  );
}
