/**
 * `npm run admin -- <command> [options]`: the operator's CLI, over the same functions as the
 * administration pages. Works against DATABASE_URL, or in development against the embedded
 * database (shared with `npm run dev` while it runs).
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { and, eq, or, sql } from "drizzle-orm";
import { connectConfigured, type Db } from "@/lib/db/client";
import { organizations, users } from "@/lib/db/schema";
import { appOrigin } from "@/lib/env";
import { type CreateUserErrors, createUser, resendActivation } from "@/lib/flows/admin-users";
import { deliverAllDue } from "@/lib/messages/outbox";
import { configuredTransports } from "@/lib/messages/transports";

type Command = { usage: string; summary: string; options: NonNullable<ParseArgsConfig["options"]>; run: (db: Db, o: Record<string, string | boolean | undefined>) => Promise<number> };

const problemText: Record<string, string> = {
  unknownOrganization: "no organisation has this licence number",
  empty: "is required",
  tooLong: "is too long",
  invalid: "is not valid",
  duplicate: "is already taken in this organisation",
};

function printErrors(errors: CreateUserErrors) {
  const flag: Record<string, string> = { licence: "--licence", identifier: "--username", displayName: "--name", email: "--email", phone: "--phone", language: "--lang" };
  for (const [field, code] of Object.entries(errors)) console.error(`  ${flag[field] ?? field}: ${problemText[code!] ?? code}`);
}

/** Sends what the command queued, as the web app does after its response; failures wait for the cron job. */
async function deliver(db: Db) {
  const report = await deliverAllDue(db, { transports: configuredTransports(db), budgetMs: 20_000 });
  if (report.retried + report.failed > 0) console.error("Sending failed for now; the outbox will retry it.");
}

const commands: Record<string, Command> = {
  "user:create": {
    usage: "user:create --licence 123 --username NAME --email ADDRESS [--phone NUMBER] [--name \"Full Name\"] [--lang fi|sv|en] [--admin]",
    summary: "Create an invited account and e-mail its activation link (7 days).",
    options: {
      licence: { type: "string" },
      username: { type: "string" },
      email: { type: "string" },
      phone: { type: "string" },
      name: { type: "string" },
      lang: { type: "string" },
      admin: { type: "boolean" },
    },
    async run(db, o) {
      const result = await createUser(
        db,
        {
          licence: String(o.licence ?? ""),
          identifier: String(o.username ?? ""),
          email: String(o.email ?? ""),
          phone: o.phone as string | undefined,
          displayName: o.name as string | undefined,
          language: o.lang as string | undefined,
          role: o.admin ? "admin" : "member",
        },
        { now: new Date(), actor: { userId: null, userAgent: "admin-cli" }, appOrigin: appOrigin() },
      );
      if (!result.ok) {
        console.error("The account was not created:");
        printErrors(result.errors);
        return 1;
      }
      await deliver(db);
      console.log(`Created ${result.identifier} (invited${o.admin ? ", administrator" : ""}); the activation e-mail went to ${String(o.email).trim().toLowerCase()}.`);
      return 0;
    },
  },
  "user:resend-activation": {
    usage: "user:resend-activation --licence 123 --username NAME",
    summary: "Send a new activation link to an account not yet activated; the old link stops working.",
    options: { licence: { type: "string" }, username: { type: "string" } },
    async run(db, o) {
      const name = String(o.username ?? "").trim();
      const [row] = await db
        .select({ userId: users.id, organizationId: users.organizationId })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.organizationId))
        .where(and(eq(organizations.licence, String(o.licence ?? "")), or(sql`lower(${users.username}) = ${name.toLowerCase()}`, eq(users.membershipNumber, name))))
        .limit(1);
      if (!row) {
        console.error("No such account in that organisation.");
        return 1;
      }
      const result = await resendActivation(db, row, { now: new Date(), actor: { userId: null, userAgent: "admin-cli" }, appOrigin: appOrigin() });
      if (!result.ok) {
        console.error({ notFound: "No such account.", notInvited: "The account is already activated.", noEmail: "The account has no e-mail address." }[result.reason]);
        return 1;
      }
      await deliver(db);
      console.log("A new activation link was sent; the old one no longer works.");
      return 0;
    },
  },
};

function help(): string {
  const lines = ["Usage: npm run admin -- <command> [options]", "", "Commands:"];
  for (const c of Object.values(commands)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push("", "Without DATABASE_URL the embedded development database is used (shared with npm run dev).");
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(help());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean", short: "h" } }, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage: npm run admin -- ${command.usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(`Usage: npm run admin -- ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  const handle = await connectConfigured();
  try {
    return await command.run(handle.db, parsed.values as Record<string, string | boolean | undefined>);
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
