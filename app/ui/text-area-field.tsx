import type { TextareaHTMLAttributes } from "react";
import { controlBorder, describedBy, Field } from "./field";

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** The frame's class: the space below it in a form ("mb-5"), or its place in a grid. */
  fieldClassName?: string;
};

/** A labelled <textarea> (a list, one entry per line), its hint and error read out with it, like TextField. */
export function TextAreaField({ id, label, hint, error, className, fieldClassName = "mb-5", ...textarea }: Props) {
  return (
    <Field id={id} label={label} hint={hint} error={error} className={fieldClassName}>
      <textarea
        id={id}
        name={id}
        {...describedBy(id, hint, error)}
        className={`block w-full rounded border-2 bg-white px-3 py-2 font-mono text-base ${controlBorder(error)} ${className ?? ""}`}
        {...textarea}
      />
    </Field>
  );
}
