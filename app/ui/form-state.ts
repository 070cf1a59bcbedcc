/**
 * What a form shows after a submit: message keys under their fields (`form` for the whole form),
 * the values those messages name, and what was typed, put back into the fields.
 *
 * Every message is a key from the root of the message files (`login.errors.identifierEmpty`), so a
 * form shows any state without knowing which action made it. A password or a code is never put
 * back, and neither is a value longer than its field takes.
 *
 * A form with more to say (the reset's second step, the contact form's allowed countries) adds its
 * own fields: `FormState<"identifier" | "code"> & { step?: … }`.
 */
export type FormState<Field extends string = string> = {
  errors?: Partial<Record<Field | "form", string>>;
  params?: Record<string, string | number>;
  values?: Partial<Record<Field, string>>;
};

/** The value to put back into a field, or nothing when it is longer than the field takes. */
export function echo(value: string, maxLength: number): string {
  return value.length <= maxLength ? value : "";
}
