import { Alert } from "./alert";

/** A polite confirmation ("you have signed out"), announced by screen readers. */
export function Notice({ children }: { children: React.ReactNode }) {
  return <Alert variant="success">{children}</Alert>;
}
