import type { SelectHTMLAttributes } from "react";
import { controlBorder, describedBy, Field } from "./field";

type Props = SelectHTMLAttributes<HTMLSelectElement> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** The frame's class: the space below it in a form ("mb-5"), or its place in a grid. */
  fieldClassName?: string;
  /** As wide as its frame (the default), or as wide as its longest option. */
  fullWidth?: boolean;
};

/** A labelled <select>, its hint and error read out with it, like TextField. */
export function SelectField({
  id,
  label,
  hint,
  error,
  className,
  fieldClassName = "mb-5",
  fullWidth = true,
  children,
  ...select
}: Props) {
  const width = fullWidth ? "w-full " : "";
  return (
    <Field id={id} label={label} hint={hint} error={error} className={fieldClassName}>
      <select
        id={id}
        name={id}
        {...describedBy(id, hint, error)}
        className={`block ${width}rounded border-2 bg-white px-3 py-2 text-base ${controlBorder(error)} ${className ?? ""}`}
        {...select}
      >
        {children}
      </select>
    </Field>
  );
}
