import type { InputHTMLAttributes } from "react";
import { controlBorder, describedBy, Field } from "./field";

type Props = InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** The frame's class: the space below it in a form ("mb-5"), or its place in a grid. */
  fieldClassName?: string;
};

/** A labelled input whose hint and error are read out with it (aria-describedby). */
export function TextField({ id, label, hint, error, className, fieldClassName = "mb-5", ...input }: Props) {
  return (
    <Field id={id} label={label} hint={hint} error={error} className={fieldClassName}>
      <input
        id={id}
        name={id}
        {...describedBy(id, hint, error)}
        className={`block w-full rounded border-2 bg-white px-3 py-2 text-base ${controlBorder(error)} ${className ?? ""}`}
        {...input}
      />
    </Field>
  );
}
