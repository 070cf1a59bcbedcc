import { SEARCH_MAX } from "@/lib/validation/limits";
import { Button } from "./button";
import { TextField } from "./text-field";

type Props = {
  /** The page itself: a GET, so it works without JavaScript and the address can be bookmarked. */
  action: string;
  /** The words field, across the whole form. */
  search: { id: string; label: string; hint: string; defaultValue?: string };
  submitLabel: string;
  /** The filters between the words and the button: grid cells, two to a row from the small breakpoint. */
  children: React.ReactNode;
};

/** The administration's search and filter form (the user list, the audit log). */
export function SearchForm({ action, search, submitLabel, children }: Props) {
  return (
    <form method="get" action={action} role="search" className="mb-6 grid gap-4 sm:grid-cols-2">
      <TextField
        id={search.id}
        type="search"
        label={search.label}
        hint={search.hint}
        defaultValue={search.defaultValue}
        maxLength={SEARCH_MAX}
        fieldClassName="sm:col-span-2"
      />
      {children}
      <div className="sm:col-span-2">
        <Button variant="primary">{submitLabel}</Button>
      </div>
    </form>
  );
}
