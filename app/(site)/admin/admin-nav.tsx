"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  ["/admin", "users"],
  ["/admin/users/new", "create"],
  ["/admin/import", "import"],
  ["/admin/services", "services"],
  ["/admin/audit", "audit"],
] as const;

/** The section's links; the current one is marked for screen readers (aria-current) and by eye. */
export function AdminNav({ labels }: { labels: Record<(typeof LINKS)[number][1], string> }) {
  // With a pages/ directory (the OpenID Provider's API route) Next types the path as possibly null.
  const path = usePathname() ?? "";
  const current = (href: string) =>
    href === "/admin"
      ? path === "/admin" || (path.startsWith("/admin/users/") && !path.endsWith("/new"))
      : path.startsWith(href);
  return (
    <ul className="flex flex-wrap gap-x-5 gap-y-2">
      {LINKS.map(([href, key]) => (
        <li key={href}>
          <Link
            href={href}
            aria-current={current(href) ? "page" : undefined}
            className="aria-[current=page]:font-bold aria-[current=page]:no-underline"
          >
            {labels[key]}
          </Link>
        </li>
      ))}
    </ul>
  );
}
