/** A polite confirmation ("you have signed out"), announced by screen readers. */
export function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" className="mb-6 rounded border-2 border-green-800 bg-green-50 p-4 font-semibold text-green-900">
      {children}
    </p>
  );
}
