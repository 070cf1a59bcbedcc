import { useActionState } from "react";
import type { ContactAction, ContactFormState, ContactState } from "./contact-state";

/** Either kind of contact action, as useActionState takes it: the state it is given is the one it answered. */
type Answering = (
  state: ContactState | ContactFormState,
  formData: FormData,
) => Promise<ContactState | ContactFormState>;

/** A contact form's `useActionState`: what its action answered, as a ContactState (`field` as below). */
export function useContactAction(action: ContactAction, field: "value" | "code") {
  const [answer, formAction] = useActionState(action as Answering, {});
  return [asContactState(answer, field), formAction] as const;
}

/**
 * What a contact form shows, whichever shape its action answered in (the account page's
 * ContactState, activation's ContactFormState for now): the old shape's one message goes on
 * `field`, or on the current password. Client-safe: contact-state.ts itself reads the server's
 * settings.
 */
export function asContactState(state: ContactState | ContactFormState, field: "value" | "code"): ContactState {
  if (!("error" in state || "value" in state || "errorOn" in state)) return state as ContactState;
  const old = state as ContactFormState;
  return {
    ...(old.error && { errors: { [old.errorOn === "password" ? "currentPassword" : field]: old.error } }),
    ...(old.params && { params: old.params }),
    ...(old.countries && { countries: old.countries }),
    ...(old.value !== undefined && { values: { value: old.value } }),
  };
}
