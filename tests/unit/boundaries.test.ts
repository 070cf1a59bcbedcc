import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The import direction of docs/architecture.md, as eslint.config.mjs enforces it: each snippet is
 * linted as if it lived at the given path (the file need not exist; what it imports must, since
 * the rule resolves imports to files). The imported modules are ones that stay where they are.
 */
const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

const BOUNDARY_RULES = new Set(["import/no-restricted-paths", "no-restricted-imports"]);

/** The boundary messages for `code` placed at `file` (other rules' findings are not this test's business). */
async function boundaryMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

async function expectRefused(file: string, code: string, message: string) {
  const messages = await boundaryMessages(file, code);
  expect(messages, `${file}: ${code}`).toHaveLength(1);
  expect(messages[0]).toContain(message);
}

async function expectAllowed(file: string, code: string) {
  expect(await boundaryMessages(file, code), `${file}: ${code}`).toEqual([]);
}

describe("app/ never touches SQL", () => {
  const page = "app/(site)/example/page.tsx";
  const refusal = "no SQL in pages, components or actions";

  it("refuses drizzle-orm and its subpaths", async () => {
    await expectRefused(page, `import { eq } from "drizzle-orm";`, refusal);
    await expectRefused(page, `import { pgTable } from "drizzle-orm/pg-core";`, refusal);
  });

  it("refuses the schema, by alias, by relative path and as a type", async () => {
    const schema = "app/ → lib/db/schema is the wrong way";
    await expectRefused(page, `import { users } from "@/lib/db/schema";`, schema);
    await expectRefused(page, `import { users } from "../../../lib/db/schema";`, schema);
    await expectRefused(page, `import type { User } from "@/lib/db/schema";`, schema);
    await expectRefused("app/(site)/example/actions.ts", `export { users } from "@/lib/db/schema";`, schema);
  });

  it("lets a page call a flow and open the database handle", async () => {
    await expectAllowed(
      page,
      `import { getDb } from "@/lib/db/client";\nimport type { AdminScope } from "@/lib/flows/admin/scope";`,
    );
  });
});

describe("emails/ never import the database or the outbox", () => {
  const template = "emails/ExampleEmail.tsx";
  const refusal = "emails/ → lib/db or lib/messages is the wrong way";

  it("refuses lib/db and lib/messages", async () => {
    await expectRefused(template, `import type { Language } from "@/lib/db/schema";`, refusal);
    await expectRefused(template, `import { getDb } from "../lib/db/client";`, refusal);
    await expectRefused(template, `import { enqueue } from "@/lib/messages/outbox";`, refusal);
    await expectRefused(
      "emails/components/Example.tsx",
      `import { enqueue } from "../../lib/messages/outbox";`,
      refusal,
    );
  });

  it("lets a template take the languages from lib/i18n", async () => {
    await expectAllowed(template, `import { locales } from "@/lib/i18n/config";`);
  });
});

describe("lib/flows never import app/, Next, next-auth or the Auth.js wiring", () => {
  const flow = "lib/flows/example/step.ts";

  it("refuses app/", async () => {
    await expectRefused(flow, `import { TextField } from "@/app/ui/text-field";`, "lib/ → app/ is the wrong way");
  });

  it("refuses next and next-auth, whatever the subpath", async () => {
    const refusal = "lib/flows → Next or Auth.js is the wrong way";
    await expectRefused(flow, `import { headers } from "next/headers";`, refusal);
    await expectRefused(flow, `import { after } from "next/server";`, refusal);
    await expectRefused(flow, `import NextAuth from "next-auth";`, refusal);
    await expectRefused(flow, `import { encode } from "next-auth/jwt";`, refusal);
  });

  it("refuses lib/auth, by alias and by relative path", async () => {
    const refusal = "lib/flows → lib/auth or lib/request is the wrong way";
    await expectRefused(flow, `import { auth } from "@/lib/auth";`, refusal);
    await expectRefused(flow, `import { requireUser } from "../../auth/guards";`, refusal);
  });

  it("refuses requestScope()", async () => {
    await expectRefused(
      flow,
      `import { requestScope } from "@/lib/request/scope";`,
      "lib/flows → lib/auth or lib/request is the wrong way",
    );
  });

  it("lets a flow use the database, the outbox and other flows", async () => {
    await expectAllowed(
      flow,
      [
        `import { eq } from "drizzle-orm";`,
        `import { users } from "@/lib/db/schema";`,
        `import { enqueue } from "@/lib/messages/outbox";`,
        `import { userInScope } from "@/lib/flows/admin/scope";`,
      ].join("\n"),
    );
  });
});

describe("the mechanisms below the flows never import lib/flows or lib/auth", () => {
  const refusal = "A mechanism → lib/flows or lib/auth is the wrong way";
  const folders = ["password", "identity", "session", "tokens", "validation", "i18n", "db", "messages"];

  it.each(folders)("lib/%s refuses lib/flows and lib/auth", async (folder) => {
    const file = `lib/${folder}/example.ts`;
    await expectRefused(file, `import { userInScope } from "@/lib/flows/admin/scope";`, refusal);
    await expectRefused(file, `import { requireUser } from "@/lib/auth/guards";`, refusal);
    await expectRefused(file, `import { auth } from "../auth";`, refusal);
  });

  it("lets a mechanism use the database and its own neighbours", async () => {
    await expectAllowed(
      "lib/password/example.ts",
      `import { getDb } from "@/lib/db/client";\nimport { locales } from "@/lib/i18n/config";`,
    );
  });

  it("keeps lib/i18n below the Auth.js wiring; next-intl's per-request hook sits outside lib/", async () => {
    await expectRefused("lib/i18n/example.ts", `import { getCurrentUser } from "@/lib/auth/guards";`, refusal);
    await expectAllowed("i18n/request.ts", `import { getCurrentUser } from "@/lib/auth/guards";`);
  });
});

describe("lib/ never imports app/", () => {
  it.each(["lib/example.ts", "lib/auth/example.ts", "lib/db/example.ts"])("%s refuses app/", async (file) => {
    await expectRefused(file, `import { TextField } from "@/app/ui/text-field";`, "lib/ → app/ is the wrong way");
  });

  it("lets the Auth.js wiring call flows", async () => {
    await expectAllowed("lib/auth/example.ts", `import { userInScope } from "@/lib/flows/admin/scope";`);
  });
});
