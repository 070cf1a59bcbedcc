import { eq, like } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectPostgres, type Db } from "@/lib/db/client";
import { organizations, rateLimits } from "@/lib/db/schema";
import { postForm } from "@/scripts/form-client";
import { must } from "../helpers/fixtures";
import { codeIn, createActiveMember, latestMessage, linkIn, tabTo, uniqueUsername } from "./helpers/accounts";
import { baseURL, expectNoAxeViolations, launchChromium, newContext } from "./helpers/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

const submit = async (page: Page, name: string) => {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name, exact: true }).click(),
  ]);
  await page.waitForLoadState("load");
};

/** Follows a link and waits for its page (with JavaScript the click is a client-side navigation). */
async function follow(page: Page, name: string, path: string) {
  await page.getByRole("link", { name }).click();
  await page.waitForURL((u) => u.pathname === path);
  await page.locator("h1").waitFor();
}

async function signInWith(page: Page, identifier: string, password: string) {
  await follow(page, "Kirjaudu sisään", "/login");
  await page.locator("#identifier").fill(identifier);
  await page.locator("#password").fill(password);
  await page.locator("form:has(#identifier) button[type=submit]").click();
  await page.waitForURL((u) => u.pathname === "/account");
}

describe.each([true, false])("recovery in Finnish, JavaScript %s", (javaScriptEnabled) => {
  const axe = (page: Page) => (javaScriptEnabled ? expectNoAxeViolations(page) : Promise.resolve());

  it("Unohtunut salasana: a code by e-mail (or SMS), then the new password", async () => {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    const phone = javaScriptEnabled ? "0407778888" : "0407779999";
    const member = await createActiveMember({ phone });
    const [who, email, channel, to] = [
      member.identifier,
      member.email,
      javaScriptEnabled ? "Tekstiviesti" : "Sähköposti",
      javaScriptEnabled ? `+358${phone.slice(1)}` : member.email,
    ];
    await page.goto("/login");
    await follow(page, "Unohtuiko salasana?", "/forgot-password");
    expect(await page.locator("h1").textContent()).toBe("Unohtunut salasana");
    expect(await page.locator("main").textContent()).toContain(
      "Anna käyttäjätunnuksesi ja valitse vastaanotatko uusimiskoodin sähköpostilla vai tekstiviestillä.",
    );
    expect(await page.locator("main").textContent()).toContain(
      "Jos et saa sähköpostia, tarkista ettei se ole mennyt roskapostiin.",
    );
    expect(await page.locator("#identifier-hint").textContent()).toContain("käyttäjätunnus@lisenssinumero");
    await axe(page);
    await page.locator("#identifier").fill(who);
    await page.getByLabel(channel).check();
    await submit(page, "Lähetä");
    await page.getByText("Jos tiedot vastaavat tiliä").waitFor();
    await axe(page);
    const code = codeIn(
      (await latestMessage(baseURL(), to, javaScriptEnabled ? "ResetCodeSms" : "ResetCodeEmail")).text,
    );
    const password = `kevään ensimmäinen leskenlehti ${javaScriptEnabled ? 1 : 2}`;
    await page.locator("#code").fill(code);
    await page.locator("#password").fill(password);
    await page.locator("#repeat").fill(`${password} väärin`);
    await submit(page, "Vaihda salasana");
    expect(await page.locator("#repeat-error").textContent()).toBe("Salasanat eivät täsmää.");
    await axe(page);
    await page.locator("#code").fill(code);
    await page.locator("#password").fill(password);
    await page.locator("#repeat").fill(password);
    await page.getByRole("button", { name: "Vaihda salasana" }).click();
    await page.waitForURL((u) => u.pathname === "/password-changed");
    expect(await page.locator("h1").textContent()).toBe("Salasana on vaihdettu");
    await axe(page);
    await signInWith(page, who, password);
    expect((await latestMessage(baseURL(), email, "PasswordChangedEmail")).status).toBe("sent");
    await context.close();
  });

  it("Tilaa uusi salasana: the link sets the first password of 10002, or a new one", async () => {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    // With JavaScript: the demo's first-password member; without: a fresh member of Demo-liitto ry
    // (the demo's 10001 stays as other tests expect it). The form is the default organisation's
    // (Demo-liitto ry, opted in to plain answers): it speaks and sends for its own accounts only.
    const member = javaScriptEnabled ? null : await createActiveMember({ licence: "200" });
    const [who, email] = member ? [member.identifier, member.email] : ["10002", "uusi.jasen@example.com"];
    await page.goto("/login");
    await follow(page, "Tilaa uusi salasana tästä", "/order-password");
    expect(await page.locator("h1").textContent()).toBe("Tilaa uusi salasana");
    await page.locator("#email").fill(email);
    await submit(page, "Tilaa uusi salasana");
    expect(await page.getByRole("status").textContent()).toBe(
      "Ohjeet salasanan vaihtamiseksi on lähetetty antamaasi sähköpostiosoitteeseen.",
    );
    await axe(page);
    const message = await latestMessage(baseURL(), email, "ResetLinkEmail");
    expect(message.text).toContain(who);
    const link = linkIn(message.text);
    expect((await fetch(link)).status).toBe(200); // a mail scanner's GET spends nothing
    await page.goto(link);
    expect(await page.locator("h1").textContent()).toBe("Palauta salasana");
    expect(await page.locator("main").textContent()).toContain(who);
    await axe(page);
    const password = `syysmyrskyn jälkeinen tyyneys ${javaScriptEnabled ? 1 : 2}`;
    if (javaScriptEnabled) {
      await page.locator("#password").fill(password);
      await page.getByLabel("Näytä salasana").check();
      expect(await page.locator("#password").getAttribute("type")).toBe("text");
      expect(await page.locator("#password").inputValue()).toBe(password);
      await page.getByLabel("Näytä salasana").uncheck();
      expect(await page.locator("#password").getAttribute("type")).toBe("password");
    } else {
      expect(await page.getByLabel("Näytä salasana").count()).toBe(0);
      await page.locator("#password").fill(password);
    }
    await page.getByRole("button", { name: "Vaihda salasana" }).click();
    await page.waitForURL((u) => u.pathname === "/password-changed");
    await signInWith(page, who, password);
    // The used link is dead.
    await page.goto(link);
    expect(await page.locator("h1").textContent()).toBe("Linkki ei ole voimassa");
    await axe(page);
    await context.close();
  });

  it("Unohtunut käyttäjätunnus: the username goes to the address, never onto the screen", async () => {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/login");
    await follow(page, "Unohtuiko käyttäjätunnus?", "/forgot-username");
    expect(await page.locator("h1").textContent()).toBe("Unohtunut käyttäjätunnus");
    expect(await page.locator("main").textContent()).toContain(
      "Anna käyttäjätiliisi liitetty sähköpostiosoite tai puhelinnumero",
    );
    await page.locator("#contact").fill(javaScriptEnabled ? "admin@example.com" : "040 123 4567");
    await submit(page, "Lähetä");
    expect(await page.getByRole("status").textContent()).toBe(
      "Jos tiedot vastaavat tiliä, lähetimme käyttäjätunnuksesi antamaasi osoitteeseen tai numeroon.",
    );
    expect(await page.locator("main").textContent()).not.toContain(javaScriptEnabled ? "admin@123" : "maija@123");
    await axe(page);
    const sent = await latestMessage(
      baseURL(),
      javaScriptEnabled ? "admin@example.com" : "+358401234567",
      javaScriptEnabled ? "UsernameReminderEmail" : "UsernameReminderSms",
    );
    expect(sent.text).toContain(javaScriptEnabled ? "admin@123" : "maija@123");
    await context.close();
  });
});

describe("answers that do not reveal accounts", () => {
  it("an unknown e-mail on /order-password: the opt-in organisation says Käyttäjää ei löydy and where to ask", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto("/order-password");
    await page.locator("#email").fill("ei.jasen@example.com");
    await submit(page, "Tilaa uusi salasana");
    const alert = page.locator("main [role=alert]");
    expect(await alert.locator("h2").textContent()).toBe("Käyttäjää ei löydy");
    expect(await alert.textContent()).toContain("jasenasiat@demo-liitto.example");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it.each([true, false])(
    "a member of another organisation on /order-password (JavaScript %s): 'not found' is true, no link goes out, and the answer leads to Unohtuiko salasana?",
    async (javaScriptEnabled) => {
      const context = await newContext(browser, { javaScriptEnabled });
      const page = await context.newPage();
      const member = await createActiveMember(); // Demo Oy's
      await page.goto("/order-password");
      await page.locator("#email").fill(member.email);
      await submit(page, "Tilaa uusi salasana");
      const alert = page.locator("main [role=alert]");
      expect(await alert.locator("h2").textContent()).toBe("Käyttäjää ei löydy");
      expect(await alert.textContent()).toContain(
        "Tällä lomakkeella voi tilata salasanan vain organisaation Demo-liitto ry jäsenille.",
      );
      if (javaScriptEnabled) await expectNoAxeViolations(page);
      await alert.getByRole("link", { name: "Unohtuiko salasana?" }).click();
      await page.waitForURL((u) => u.pathname === "/forgot-password");
      await page.locator("#identifier").fill(member.identifier);
      await submit(page, "Lähetä");
      await page.getByText("Jos tiedot vastaavat tiliä").waitFor();
      await latestMessage(baseURL(), member.email, "ResetCodeEmail");
      const mailbox = (await (await fetch(`${baseURL()}/dev/outbox.json`)).json()) as {
        to: string;
        template: string;
      }[];
      expect(mailbox.filter((m) => m.to === member.email && m.template === "ResetLinkEmail")).toEqual([]);
      await context.close();
    },
  );
});

describe.each([true, false])("a second reset code within the minute, JavaScript %s", (javaScriptEnabled) => {
  it("says when a new one can be asked for, keeps what was typed, and reads the same for a known and an unknown name", async () => {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    const member = await createActiveMember({ phone: javaScriptEnabled ? "0407776601" : "0407776602" });
    const shown: string[] = [];
    for (const identifier of [member.identifier, `ei-ketaan-${member.username}@123`]) {
      await page.goto("/forgot-password");
      await page.locator("#identifier").fill(identifier);
      await page.locator("#channel-email").check();
      await submit(page, "Lähetä");
      await page.getByText("Jos tiedot vastaavat tiliä").waitFor();
      // Then by SMS, at once.
      await page.goto("/forgot-password");
      await page.locator("#identifier").fill(identifier);
      await page.locator("#channel-sms").check();
      await submit(page, "Lähetä");
      const alert = page.locator("main form [role=alert]");
      await alert.waitFor();
      const text = must(await alert.textContent(), "the alert's text");
      expect(text).toMatch(/^Voit pyytää uuden koodin \d{1,2} sekunnin kuluttua\.$/);
      shown.push(text.replace(/\d+/, "N"));
      expect(await page.locator("#identifier").inputValue()).toBe(identifier);
      expect(await page.locator("#channel-sms").isChecked()).toBe(true);
      if (javaScriptEnabled) await expectNoAxeViolations(page);
    }
    expect(shown[1]).toBe(shown[0]);
    // Only the e-mailed code went out.
    await latestMessage(baseURL(), member.email, "ResetCodeEmail");
    const mailbox = (await (await fetch(`${baseURL()}/dev/outbox.json`)).json()) as { to: string }[];
    expect(mailbox.filter((m) => m.to === `+358${(javaScriptEnabled ? "0407776601" : "0407776602").slice(1)}`)).toEqual(
      [],
    );
    await context.close();
  });
});

describe("the same bytes for a known and an unknown account (default mode)", () => {
  /** The whole no-JavaScript answer page, minus the one thing that differs per request by design. */
  const answer = async (path: string, fields: Record<string, string>, ip: string) => {
    const r = await postForm(baseURL(), path, fields, { headers: { "x-forwarded-for": ip } });
    expect(r.status).toBe(200);
    const nonce = /nonce="([^"]+)"/.exec(r.text)![1]!;
    return r.text.replaceAll(nonce, "NONCE");
  };
  const withDb = async (work: (db: Db) => Promise<unknown>) => {
    const h = await connectPostgres(inject("databaseURL"), { prepare: false, max: 1 });
    await work(h.db).finally(() => h.close());
  };
  const setDefaultOrgReveals = (reveal: boolean) =>
    withDb((db) =>
      db.update(organizations).set({ revealUnknownAccounts: reveal }).where(eq(organizations.isDefault, true)),
    );
  // The address's 3-per-15-minutes budget is shared by all recovery forms; six asks need a fresh one.
  const forgetLimitsOf = (address: string) =>
    withDb((db) => db.delete(rateLimits).where(like(rateLimits.key, `%${address}`)));

  it("on all three forms: asked before the account exists, then after, the answers do not differ by a byte", async () => {
    const username = uniqueUsername();
    const email = `${username}@example.com`;
    const forms = [
      ["/forgot-password", { identifier: `${username}@123`, channel: "email" }],
      ["/order-password", { email }],
      ["/forgot-username", { contact: email }],
    ] as const;
    await setDefaultOrgReveals(false);
    try {
      const before: string[] = [];
      for (const [path, fields] of forms) before.push(await answer(path, fields, "198.19.0.1"));
      await createActiveMember({ username });
      await forgetLimitsOf(email);
      const after: string[] = [];
      for (const [path, fields] of forms) after.push(await answer(path, fields, "198.19.0.2"));
      for (let i = 0; i < forms.length; i++) {
        const at = [...after[i]!].findIndex((ch, j) => ch !== before[i]![j]);
        // Where they part, if they do, so a failure says what differs.
        expect(at === -1 ? null : after[i]!.slice(Math.max(0, at - 80), at + 80)).toBeNull();
        expect(after[i]).toBe(before[i]);
      }
      expect(before[0]).toContain("Jos tiedot vastaavat tiliä");
      // ...and the known account's messages did go out.
      await latestMessage(baseURL(), email, "ResetCodeEmail");
      await latestMessage(baseURL(), email, "ResetLinkEmail");
      await latestMessage(baseURL(), email, "UsernameReminderEmail");
    } finally {
      await setDefaultOrgReveals(true);
    }
  });
});

describe("by keyboard alone", () => {
  it("orders a username reminder; resets a password by code; sets one through a link with Näytä salasana", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    // Demo-liitto ry's: the default organisation, whose form "Tilaa uusi salasana" is.
    const member = await createActiveMember({ licence: "200" });
    await page.goto("/forgot-username");
    await tabTo(page, (el) => el.id === "contact");
    await page.keyboard.type(member.email);
    await page.keyboard.press("Enter");
    await page.getByText("Jos tiedot vastaavat tiliä, lähetimme käyttäjätunnuksesi").waitFor();

    await page.goto("/forgot-password");
    await tabTo(page, (el) => el.id === "identifier");
    await page.keyboard.type(member.identifier);
    await tabTo(page, (el) => el.id === "channel-email");
    await page.keyboard.press("ArrowDown"); // radio group: to Tekstiviesti
    expect(await page.locator("#channel-sms").isChecked()).toBe(true);
    await page.keyboard.press("ArrowUp");
    await tabTo(page, (el) => el.text === "Lähetä");
    await page.keyboard.press("Enter");
    await page.getByText("Jos tiedot vastaavat tiliä").waitFor();
    const code = codeIn((await latestMessage(baseURL(), member.email, "ResetCodeEmail")).text);
    await tabTo(page, (el) => el.id === "code");
    await page.keyboard.type(code);
    await tabTo(page, (el) => el.id === "password");
    await page.keyboard.type("hiljaa hyvä tulee kiirehtimättä");
    await tabTo(page, (el) => el.id === "repeat");
    await page.keyboard.type("hiljaa hyvä tulee kiirehtimättä");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/password-changed");
    await page.waitForURL((u) => u.pathname === "/password-changed");

    await page.goto("/order-password");
    await tabTo(page, (el) => el.id === "email");
    await page.keyboard.type(member.email);
    await page.keyboard.press("Enter");
    await page.getByRole("status").waitFor(); // "Ohjeet salasanan vaihtamiseksi on lähetetty…"
    await page.goto(linkIn((await latestMessage(baseURL(), member.email, "ResetLinkEmail")).text));
    await tabTo(page, (el) => el.id === "password");
    await page.keyboard.type("linkistä asetettu salasana");
    await tabTo(page, (el) => el.id === "password-show");
    await page.keyboard.press("Space"); // Näytä salasana
    expect(await page.locator("#password").getAttribute("type")).toBe("text");
    await tabTo(page, (el) => el.text === "Vaihda salasana");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/password-changed");
    await context.close();
  });
});

describe.each([
  {
    locale: "sv-FI",
    titles: ["Glömt lösenord", "Beställ ett nytt lösenord", "Glömt användarnamn", "Länken gäller inte"],
  },
  {
    locale: "en-GB",
    titles: ["Forgotten password", "Order a new password", "Forgotten username", "The link is not valid"],
  },
])("recovery pages in $locale", ({ locale, titles }) => {
  it("have no axe violation, with errors and answers", async () => {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    await page.goto("/forgot-password");
    expect(await page.locator("h1").textContent()).toBe(titles[0]);
    await page.locator("form button[type=submit]").last().click();
    await page.locator("#identifier-error").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/order-password");
    expect(await page.locator("h1").textContent()).toBe(titles[1]);
    await page.locator("#email").fill("nobody-at-all@example.com");
    await page.locator("form button[type=submit]").last().click();
    await page.locator("main [role=alert] h2").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/forgot-username");
    expect(await page.locator("h1").textContent()).toBe(titles[2]);
    await page.locator("#contact").fill("bad");
    await page.locator("form button[type=submit]").last().click();
    await page.locator("#contact-error").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/reset-password/not-a-real-link");
    expect(await page.locator("h1").textContent()).toBe(titles[3]);
    await expectNoAxeViolations(page);
    // The second step of the code flow, and a live link with a refused password (a member of the
    // default organisation, whose form /order-password is).
    const member = await createActiveMember({ licence: "200" });
    await page.goto("/forgot-password");
    await page.locator("#identifier").fill(member.identifier);
    await page.locator("#channel-email").check();
    await page.locator("form button[type=submit]").last().click();
    await page.locator("#code").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/order-password");
    await page.locator("#email").fill(member.email);
    await page.locator("form button[type=submit]").last().click();
    await page.getByRole("status").waitFor();
    await page.goto(linkIn((await latestMessage(baseURL(), member.email, "ResetLinkEmail")).text));
    await page.locator("#password").fill("lyhyt");
    await page.locator("form button[type=submit]").last().click();
    await page.locator("#password-error").waitFor();
    await expectNoAxeViolations(page);
    await page.goto("/password-changed");
    await expectNoAxeViolations(page);
    await context.close();
  });
});
