import type { HTMLAttributes, Ref } from "react";

type Variant = "error" | "success" | "info" | "warning";

const BOX: Record<Variant, string> = {
  error: "border-red-800 bg-red-50",
  success: "border-green-800 bg-green-50",
  info: "border-brand-700 bg-white",
  warning: "border-amber-800 bg-amber-50 text-amber-950",
};
/** A one-sentence box (a <p>) is bold, in its variant's colour; a box with a heading or a list styles its own content. */
const SENTENCE: Record<Variant, string> = {
  error: "font-semibold text-red-900",
  success: "font-semibold text-green-900",
  info: "font-semibold",
  warning: "font-semibold",
};
/** An error is read out at once, a confirmation politely; an info or warning box is part of the page. */
const ROLE: Record<Variant, string | undefined> = {
  error: "alert",
  success: "status",
  info: undefined,
  warning: undefined,
};

type Props = HTMLAttributes<HTMLElement> & {
  variant: Variant;
  /** "p" (the default) for one sentence; "div" or "section" for a box with a heading, a list or a form. */
  as?: "p" | "div" | "section";
  /** The space around the box; the next thing on the page usually follows it at 1.5rem. */
  className?: string;
  ref?: Ref<HTMLElement>;
};

/** A bordered message box: an error (role="alert"), a confirmation (role="status"), an info or warning panel. */
export function Alert({ variant, as: Tag = "p", className = "mb-6", ref, children, ...rest }: Props) {
  const classes = `${className} rounded border-2 ${BOX[variant]} p-4${Tag === "p" ? ` ${SENTENCE[variant]}` : ""}`;
  return (
    // The ref is typed for any of the three elements; each of them is an HTMLElement.
    <Tag ref={ref as Ref<never>} role={ROLE[variant]} className={classes} {...rest}>
      {children}
    </Tag>
  );
}
