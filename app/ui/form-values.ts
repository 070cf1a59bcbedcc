/** A form field as text: anything else (a file, a missing field) is the empty string. */
export const field = (formData: FormData, name: string): string => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};
