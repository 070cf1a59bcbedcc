"use client";

import { useFormStatus } from "react-dom";

export function SubmitButton({ children, pendingLabel }: { children: React.ReactNode; pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      aria-disabled={pending}
      className="w-full rounded bg-brand-700 px-4 py-3 text-base font-semibold text-white hover:bg-brand-800 aria-disabled:opacity-75 sm:w-auto"
      onClick={(e) => {
        if (pending) e.preventDefault(); // one submit at a time, without hiding the button from readers
      }}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
