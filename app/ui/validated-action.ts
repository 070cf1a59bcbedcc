import type { z } from "zod";
import { field } from "./form-values";
import type { FormState } from "./form-state";

type FieldSchema = z.ZodObject<Record<string, z.ZodType<unknown, string>>>;

/** The schema's fields as text: a file or a missing field is the empty string. */
const fieldsOf = (schema: FieldSchema, formData: FormData): Record<string, string> =>
  Object.fromEntries(Object.keys(schema.shape).map((name) => [name, field(formData, name)]));

/**
 * The fields of a form posted to a plain action (one without a state to answer with: "sign out
 * this device", "remove the link"), as text and through a zod schema. Such a form has no field to
 * show a message on, so its schema says what a value it does not take becomes (`.catch(null)`,
 * a cut): one it refuses outright is a mistake in the schema, and throws.
 */
export function parseForm<Schema extends FieldSchema>(schema: Schema, formData: FormData): z.output<Schema> {
  return schema.parse(fieldsOf(schema, formData));
}

/**
 * A server action for `useActionState` whose fields are checked by a zod schema before `action`
 * runs. Every field of the schema arrives as text (a file or a missing field is the empty string,
 * so a hostile request cannot hand a flow anything else). A refused submit answers with each
 * field's first message key and, for the fields named in `echo` (field → longest value put back),
 * what was typed; `action` is not called.
 *
 * The model is the Next.js SaaS starter's `validatedAction(schema, fn)`; ours keeps every message
 * on its field, which the accessible error summary needs.
 */
export function validatedAction<Schema extends FieldSchema, State extends FormState>(
  schema: Schema,
  action: (data: z.output<Schema>, prev: State, formData: FormData) => Promise<State>,
  options: { echo?: Partial<Record<keyof z.output<Schema> & string, number>> } = {},
): (prev: State, formData: FormData) => Promise<State> {
  return async (prev, formData) => {
    const raw = fieldsOf(schema, formData);
    const parsed = schema.safeParse(raw);
    if (parsed.success) return action(parsed.data, prev, formData);
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const name = typeof issue.path[0] === "string" ? issue.path[0] : "form";
      errors[name] ??= issue.message;
    }
    const values: Record<string, string> = {};
    for (const [name, maxLength] of Object.entries(options.echo ?? {}) as [string, number][]) {
      const typed = raw[name] ?? "";
      if (typed.length <= maxLength) values[name] = typed;
    }
    return { errors, values } as State;
  };
}
