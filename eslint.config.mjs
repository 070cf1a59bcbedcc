import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Which part may import which: docs/architecture.md, "Parts and arrows". The arrows point one way,
 * app → lib/auth → lib/flows → the mechanisms (lib/db, password, identity, session, tokens,
 * messages, i18n, validation…). Folders are matched after resolving the import, so `@/…` and
 * relative paths are caught alike; packages are matched by name (no-restricted-imports below).
 * tests/unit/boundaries.test.ts proves each zone fires.
 */
const mechanisms = [
  "lib/db",
  "lib/messages",
  "lib/password",
  "lib/identity",
  "lib/session",
  "lib/tokens",
  "lib/validation",
];
const boundaryZones = [
  {
    target: "app",
    from: "lib/db/schema.ts",
    message:
      "app/ → lib/db/schema is the wrong way: pages, components and actions never see tables. " +
      "Put the query in lib/flows (a loader returning a view model) or lib/db, and import its types from there.",
  },
  {
    target: "emails",
    from: ["lib/db", "lib/messages"],
    message:
      "emails/ → lib/db or lib/messages is the wrong way: lib/messages renders the templates, not the reverse. " +
      "Take Language and the translator from @/lib/i18n; everything else comes in as props.",
  },
  {
    target: "lib/flows",
    from: ["lib/auth", "lib/request"],
    message:
      "lib/flows → lib/auth or lib/request is the wrong way: the Auth.js wiring and requestScope() call flows. " +
      "Move the mechanism down to lib/password, lib/identity, lib/session or lib/tokens, or take it through ctx.",
  },
  {
    // next-intl's per-request hook is i18n/request.ts, outside lib/: Next runs it like a page, and it
    // reads the signed-in person's language through lib/auth/guards.
    target: [...mechanisms, "lib/i18n"],
    from: ["lib/flows", "lib/auth"],
    message:
      "A mechanism → lib/flows or lib/auth is the wrong way: flows and the Auth.js wiring call the mechanisms. " +
      "Move what both need down into this folder (or lib/db), or let the flow pass it in.",
  },
  {
    target: "lib",
    from: "app",
    message:
      "lib/ → app/ is the wrong way: app/ calls lib/. " +
      "Move the shared piece (a type, a constant, a function) into lib/ and import it from both sides.",
  },
];

/** Packages by name: the same zones for what does not live in the repository. */
const noDrizzleInApp = {
  files: ["app/**"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: ["drizzle-orm", "drizzle-orm/*"],
            message:
              "app/ → drizzle-orm is the wrong way: no SQL in pages, components or actions. " +
              "Put the query in lib/flows (a loader returning a view model) or lib/db.",
          },
        ],
      },
    ],
  },
};
const noNextInFlows = {
  files: ["lib/flows/**"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: ["next", "next/*", "next-auth", "next-auth/*", "next-intl", "next-intl/*"],
            message:
              "lib/flows → Next or Auth.js is the wrong way: flows run without Next (tests, CLI, cron). " +
              "Take the request through ctx (requestScope() in lib/request/scope.ts) and return a FlowResult; " +
              "the caller redirects, sets cookies and calls after().",
          },
        ],
      },
    ],
  },
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    name: "tunnus/boundaries",
    rules: { "import/no-restricted-paths": ["error", { basePath: root, zones: boundaryZones }] },
  },
  { name: "tunnus/boundaries/app-packages", ...noDrizzleInApp },
  { name: "tunnus/boundaries/flows-packages", ...noNextInFlows },
  globalIgnores([".next/**", "node_modules/**", ".data/**", "drizzle/**", "next-env.d.ts"]),
]);
