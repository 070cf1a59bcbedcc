import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organizations, outbox, users } from "@/lib/db/schema";
import { adminCli } from "../helpers/admin-cli";
import { seededTestDbServer } from "../helpers/db";
import { insertFailedMessage } from "../helpers/members";

/** `npm run admin -- …` as the operator runs it: a real process against a real database. */
const h = seededTestDbServer();

const admin = adminCli(() => h.url);

// Each test starts the CLI several times (a tsx process each): slow on a busy 2-core machine.
describe("the operator CLI", { timeout: 120_000 }, () => {
  it("explains itself, and refuses unknown commands and options with a non-zero exit", async () => {
    const help = await admin("help");
    expect(help.code).toBe(0);
    for (const command of [
      "org:create",
      "org:list",
      "user:create",
      "user:list",
      "user:unlock",
      "user:resend-activation",
      "outbox:retry",
    ])
      expect(help.stdout).toContain(command);
    // Every command explains itself with --help (and -h), and exits 0 without touching the database.
    const usages: Record<string, string> = {
      "org:create": "--identifier username|membership_number",
      "org:list": "org:list",
      "user:create": "--email ADDRESS",
      "user:list": "--status invited|active|locked|disabled",
      "user:unlock": "--username NAME",
      "user:resend-activation": "--username NAME",
      "outbox:retry": "(--id MESSAGE_ID --licence 123 | --failed [--licence 123])",
    };
    for (const [command, usage] of Object.entries(usages)) {
      const shown = await admin(command, command === "user:list" ? "-h" : "--help");
      expect(shown.code, command).toBe(0);
      expect(shown.stdout).toContain(`Usage: npm run admin -- ${command}`);
      expect(shown.stdout).toContain(usage);
    }
    const unknown = await admin("org:destroy");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "org:destroy"');
    const badFlag = await admin("org:list", "--everything");
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("Usage: npm run admin -- org:list");
  });

  it("sets up an organisation and its first administrator; lists both", async () => {
    const missing = await admin("org:create", "--licence", "300", "--identifier", "nicknames");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--name: is required");
    expect(missing.stderr).toContain("--identifier: is not valid");
    expect((await admin("org:create", "--licence", "123", "--name", "Toinen Demo")).stderr).toContain(
      "--licence: is already taken",
    );
    expect((await admin("org:create", "--licence", "301", "--name", "X", "--default")).stderr).toContain(
      "already the default",
    );
    expect(
      (await admin("org:create", "--licence", "300", "--name", "Kolmas ry", "--reveal-unknown", "maybe")).code,
    ).toBe(2);

    const created = await admin(
      "org:create",
      "--licence",
      "300",
      "--name",
      "Kolmas ry",
      "--support-email",
      "jasenpalvelu@kolmas.example",
      "--identifier",
      "membership_number",
      "--reveal-unknown",
      "yes",
      "--lang",
      "sv",
    );
    expect(created.code).toBe(0);
    const list = await admin("org:list");
    expect(list.stdout).toMatch(
      /300\s+Kolmas ry\s+\(membership numbers, language sv, reveals unknown accounts; 0 people, 0 active administrators; support jasenpalvelu@kolmas.example\)/,
    );
    expect(list.stdout).toMatch(/123\s+Demo Oy\s+\(usernames, language fi;/);
    expect((await h.db.select().from(organizations).where(eq(organizations.licence, "300")))[0]).toMatchObject({
      defaultLanguage: "sv",
      identifierKind: "membership_number",
      revealUnknownAccounts: true,
    });

    const first = await admin(
      "user:create",
      "--licence",
      "300",
      "--username",
      "30001",
      "--email",
      "puheenjohtaja@kolmas.example",
      "--name",
      "Pia Puheenjohtaja",
      "--admin",
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Created 30001@300 (invited, administrator)");
    const users300 = await admin("user:list", "--licence", "300");
    expect(users300.stdout).toMatch(/30001\s+invited\s+admin\s+Pia Puheenjohtaja/);
    expect(users300.stdout).toContain("1 person; page 1 of 1.");
    expect((await admin("user:list", "--licence", "999")).code).toBe(1);
    expect((await admin("user:list", "--licence", "123", "--status", "sleeping")).code).toBe(2);
  });

  it("org:create takes the organisation's minimum password length, 8 to 256, 15 by default", async () => {
    for (const wrong of ["7", "257", "15.5", "viisitoista"]) {
      const refused = await admin(
        "org:create",
        "--licence",
        "310",
        "--name",
        "Neljäs ry",
        "--min-password-length",
        wrong,
      );
      expect(refused.code, wrong).toBe(1);
      expect(refused.stderr).toContain("--min-password-length: must be a whole number from 8 to 256");
    }
    expect(
      (await admin("org:create", "--licence", "310", "--name", "Neljäs ry", "--min-password-length", "20")).code,
    ).toBe(0);
    expect((await admin("org:create", "--licence", "311", "--name", "Viides ry")).code).toBe(0);
    const minimum = async (licence: string) => (await h.organization(licence)).minPasswordLength;
    expect(await minimum("310")).toBe(20);
    expect(await minimum("311")).toBe(15);
    expect((await admin("org:create", "--help")).stdout).toContain("[--min-password-length 8-256]");
  });

  it("org:create sets how members may recover by themselves (e-mail, SMS or both)", async () => {
    const wrong = await admin("org:create", "--licence", "312", "--name", "Neljäs ry", "--recovery-methods", "fax");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("--recovery-methods: is not valid");
    expect(
      (await admin("org:create", "--licence", "312", "--name", "Neljäs ry", "--recovery-methods", "email")).code,
    ).toBe(0);
    expect(
      (await h.db.select().from(organizations).where(eq(organizations.licence, "312")))[0]?.recoveryMethods,
    ).toEqual(["email"]);
    expect((await admin("org:list")).stdout).toMatch(
      /312\s+Neljäs ry\s+\(usernames, language fi, recovery by e-mail only;/,
    );
  });

  it("refuses look-alike and mixed-script usernames; finds a membership number in any case", async () => {
    const lookalike = await admin(
      "user:create",
      "--licence",
      "123",
      "--username",
      "adm\u0131n",
      "--email",
      "spoof@example.org",
    );
    expect(lookalike.code).toBe(1);
    expect(lookalike.stderr).toContain("--username: looks like an existing username in this organisation");
    const mixed = await admin(
      "user:create",
      "--licence",
      "123",
      "--username",
      "m\u0430ija",
      "--email",
      "spoof@example.org",
    );
    expect(mixed.stderr).toContain("--username: mixes letters of different scripts");
    expect(await h.db.select().from(users).where(eq(users.email, "spoof@example.org"))).toEqual([]);

    expect(
      (await admin("user:create", "--licence", "200", "--username", "CD-42", "--email", "cd42@example.org")).code,
    ).toBe(0);
    const resent = await admin("user:resend-activation", "--licence", "200", "--username", "cd-42");
    expect(resent.stdout).toContain("A new activation link was sent");
  });

  it("unlocks an account and sends failed messages again", async () => {
    await h.db.update(users).set({ status: "locked" }).where(eq(users.email, "erik@example.com"));
    const unlocked = await admin("user:unlock", "--licence", "123", "--username", "ERIK");
    expect(unlocked.code).toBe(0);
    expect((await h.db.select().from(users).where(eq(users.email, "erik@example.com")))[0]?.status).toBe("active");
    expect((await admin("user:unlock", "--licence", "123", "--username", "erik")).code).toBe(1);
    expect((await admin("user:unlock", "--licence", "200", "--username", "erik")).stderr).toContain(
      'No account "erik"',
    );

    const failed = await insertFailedMessage(h.db, {
      recipient: "erik@example.com",
      template: "UsernameReminderEmail",
      language: "sv",
      props: {
        language: "sv",
        organizationName: "Demo Oy",
        recipientName: "Erik",
        supportEmail: null,
        supportPhone: null,
        accounts: [{ identifier: "erik@123", organizationName: "Demo Oy" }],
        loginUrl: "https://tunnus.example/login",
      },
    });
    expect((await admin("outbox:retry", "--id", failed.id, "--licence", "200")).code).toBe(1); // no organisation on the row: not 200's
    expect((await admin("outbox:retry")).code).toBe(2);
    // One message by its id: the failed row is queued again and sent.
    const org123 = await h.organization("123");
    const one = await insertFailedMessage(h.db, {
      ...failed,
      id: undefined,
      organizationId: org123.id,
      attempts: 8,
      lastError: "550 mailbox unavailable",
    });
    expect((await admin("outbox:retry", "--id", one.id, "--licence", "200")).stderr).toContain(
      "No such message in that organisation.",
    );
    const byId = await admin("outbox:retry", "--id", one.id, "--licence", "123");
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain("Queued again and handed to the sender.");
    expect((await h.db.select().from(outbox).where(eq(outbox.id, one.id)))[0]).toMatchObject({
      status: "sent",
      lastError: null,
    });
    expect((await h.db.select().from(outbox).where(eq(outbox.id, failed.id)))[0]?.status).toBe("failed"); // only the one asked for
    expect((await admin("outbox:retry", "--id", one.id, "--licence", "123")).stderr).toContain(
      "That message has not failed, or was already sent again.",
    );
    const retried = await admin("outbox:retry", "--failed");
    expect(retried.stdout).toContain("1 failed message queued again, 0 sent anew with a new link, 0 skipped");
    expect((await h.db.select().from(outbox).where(eq(outbox.id, failed.id)))[0]?.status).toBe("sent");
  });
});
