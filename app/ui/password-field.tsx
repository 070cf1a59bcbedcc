"use client";

import { useEffect, useState } from "react";
import { PASSWORD_MAX } from "@/lib/validation/limits";
import { TextField } from "./text-field";

type Props = { id: string; label: string; hint?: string; error?: string; showLabel?: string; autoComplete: string };

/**
 * A password input with an optional "Näytä salasana" checkbox. The checkbox needs JavaScript to do
 * anything, so it appears only once the page runs scripts; without them the field works as it is.
 */
export function PasswordField({ id, label, hint, error, showLabel, autoComplete }: Props) {
  const [canToggle, setCanToggle] = useState(false);
  const [visible, setVisible] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- runs once, to learn that scripts run
  useEffect(() => setCanToggle(true), []);
  return (
    <>
      <TextField
        id={id}
        type={visible ? "text" : "password"}
        label={label}
        hint={hint}
        error={error}
        autoComplete={autoComplete}
        maxLength={PASSWORD_MAX}
        required
      />
      {showLabel && canToggle && (
        <div className="-mt-3 mb-5 flex items-center gap-2">
          <input
            id={`${id}-show`}
            type="checkbox"
            checked={visible}
            onChange={(e) => setVisible(e.target.checked)}
            className="h-5 w-5"
          />
          <label htmlFor={`${id}-show`}>{showLabel}</label>
        </div>
      )}
    </>
  );
}
