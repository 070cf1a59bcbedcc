import { useTranslations } from "next-intl";
import { PasswordField } from "./password-field";

type Props = {
  /** The organisation's shortest password, which the hint states; no hint until it is known. */
  minLength?: number;
  label: string;
  error?: string;
  /** The "show password" checkbox's words; without them the field has none. */
  showLabel?: string;
  /** The second field that must match; left out where the page asks once (the reset link). */
  repeat?: { label: string; error?: string };
};

/**
 * A new password (`#password`) and its repeat (`#repeat`), as the resets, activation and the account
 * page ask for it: password managers offer to generate and store it (autocomplete="new-password").
 */
export function NewPasswordFields({ minLength, label, error, showLabel, repeat }: Props) {
  const t = useTranslations("passwordPolicy");
  return (
    <>
      <PasswordField
        id="password"
        label={label}
        hint={minLength === undefined ? undefined : t("hint", { min: minLength })}
        error={error}
        showLabel={showLabel}
        autoComplete="new-password"
      />
      {repeat && <PasswordField id="repeat" label={repeat.label} error={repeat.error} autoComplete="new-password" />}
    </>
  );
}
