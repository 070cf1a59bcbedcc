import type { ButtonHTMLAttributes } from "react";

type Variant = "secondary" | "primary";

const CLASSES: Record<Variant, string> = {
  secondary: "rounded border-2 border-brand-700 bg-white px-3 py-2 font-semibold text-brand-800 hover:bg-slate-100",
  primary: "rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800",
};

/** A button's look, for what acts as one without being a <button> (a link, a <summary>). */
export const buttonClass = (variant: Variant = "secondary") => CLASSES[variant];

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant };

/**
 * A plain submit button: "secondary" (outlined) beside or below a form's content, "primary" for the
 * main step of a page that has no pending state to show. A form's main submit is SubmitButton.
 */
export function Button({ variant = "secondary", type = "submit", className, ...button }: Props) {
  return (
    <button type={type} className={className ? `${CLASSES[variant]} ${className}` : CLASSES[variant]} {...button} />
  );
}
