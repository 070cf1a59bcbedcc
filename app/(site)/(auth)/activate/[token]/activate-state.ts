/** Field → message key (from the root of the message files), with values for the message. */
export type ActivateFormState = {
  errors?: { password?: string; repeat?: string; form?: string };
  params?: Record<string, number>;
};
