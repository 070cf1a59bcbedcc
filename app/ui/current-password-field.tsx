import { PASSWORD_MAX } from "@/lib/validation/limits";
import { TextField } from "./text-field";

type Props = {
  id: string;
  /** The form field's name when it is not the id ("currentPassword" where a page has several). */
  name?: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
};

/** The password a person has now: to sign in, or to confirm a change. Password managers fill it in. */
export function CurrentPasswordField(props: Props) {
  return <TextField type="password" autoComplete="current-password" maxLength={PASSWORD_MAX} {...props} />;
}
