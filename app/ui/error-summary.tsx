"use client";

import { Alert } from "./alert";
import { useEffect, useRef } from "react";

export type FieldErrors = Partial<Record<string, string>>;

/**
 * The errors of the last submit, announced and focused, each linking to its field. Without
 * JavaScript it still renders at the top of the form the server sent back.
 */
export function ErrorSummary({
  title,
  errors,
  formError,
}: {
  title: string;
  errors?: FieldErrors;
  formError?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  const any = Boolean(formError) || entries.length > 0;
  useEffect(() => {
    if (any) ref.current?.focus();
  }, [any, errors, formError]);
  if (!any) return null;
  return (
    <Alert variant="error" as="div" ref={ref} tabIndex={-1}>
      {formError ? (
        <p className="font-semibold text-red-900">{formError}</p>
      ) : (
        <>
          <h2 className="mb-2 font-semibold text-red-900">{title}</h2>
          <ul className="list-disc pl-5">
            {entries.map(([field, message]) => (
              <li key={field}>
                <a href={`#${field}`} className="text-red-900">
                  {message}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Alert>
  );
}
