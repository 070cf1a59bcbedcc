import { describe, expect, it } from "vitest";
import type { Language } from "@/lib/i18n/languages";
import { renderEmail, renderSms, scrubProps } from "@/lib/messages/templates";
import { smsSegments } from "@/lib/messages/sms-texts";

const languages: Language[] = ["fi", "sv", "en"];
const common = (language: Language) => ({
  language,
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  supportPhone: "+358 9 123 4567",
  recipientName: "Maija Meikäläinen",
});

/** Nothing that looks like a message key or an unfilled placeholder may reach a person. */
function expectNoRawKeys(s: string) {
  expect(s).not.toMatch(/emails\.|sms\.|\{[a-z]+\}|MISSING_MESSAGE/i);
}

const expiry = {
  fi: {
    days7: "Linkki on voimassa 7 päivää.",
    hour1: "Linkki on voimassa tunnin.",
    code10: "Koodi on voimassa 10 minuuttia.",
  },
  sv: { days7: "Länken gäller i 7 dagar.", hour1: "Länken gäller i en timme.", code10: "Koden gäller i 10 minuter." },
  en: {
    days7: "The link is valid for 7 days.",
    hour1: "The link is valid for one hour.",
    code10: "The code is valid for 10 minutes.",
  },
};

describe.each(languages)("e-mail templates in %s", (language) => {
  it("ActivationEmail has the username, the link and the expiry that was passed", async () => {
    const url = "https://tunnus.example/activate/abc123";
    const m = await renderEmail("ActivationEmail", {
      ...common(language),
      username: "maija@123",
      activationUrl: url,
      expiresInMinutes: 7 * 1440,
    });
    for (const part of [m.html, m.text]) {
      expect(part).toContain("maija@123");
      expect(part).toContain(url);
      expect(part).toContain(expiry[language].days7);
      expect(part).toContain("tuki@demo-oy.example");
      expectNoRawKeys(part);
    }
    expect(m.subject).toContain("Demo Oy");
    expect(m.html).toContain(`lang="${language}"`);
    // A different validity changes the text: it comes from the prop, not a literal.
    const short = await renderEmail("ActivationEmail", {
      ...common(language),
      username: "maija@123",
      activationUrl: url,
      expiresInMinutes: 60,
    });
    expect(short.text).toContain(expiry[language].hour1);
  });

  it("VerificationCodeEmail and ResetCodeEmail carry the code and its expiry", async () => {
    for (const template of ["VerificationCodeEmail", "ResetCodeEmail"] as const) {
      const m = await renderEmail(template, { ...common(language), code: "482913", expiresInMinutes: 10 });
      expect(m.text).toContain("482913");
      expect(m.html).toContain("482913");
      expect(m.text).toContain(expiry[language].code10);
      expectNoRawKeys(m.text + m.subject);
    }
  });

  it("ResetLinkEmail names each account with its own link", async () => {
    const accounts = [
      { identifier: "10001", url: "https://tunnus.example/reset-password/t1" },
      { identifier: "maija@123", url: "https://tunnus.example/reset-password/t2" },
    ];
    const m = await renderEmail("ResetLinkEmail", { ...common(language), accounts, expiresInMinutes: 60 });
    for (const a of accounts) {
      expect(m.text).toContain(a.identifier);
      expect(m.text).toContain(a.url);
    }
    expect(m.text).toContain(expiry[language].hour1);
    expectNoRawKeys(m.text + m.subject);
  });

  it("UsernameReminderEmail lists every username", async () => {
    const m = await renderEmail("UsernameReminderEmail", {
      ...common(language),
      accounts: [
        { identifier: "maija@123", organizationName: "Demo Oy" },
        { identifier: "10001", organizationName: "Demo-liitto ry" },
      ],
      loginUrl: "https://tunnus.example/login",
    });
    expect(m.text).toContain("maija@123 (Demo Oy)");
    expect(m.text).toContain("10001 (Demo-liitto ry)");
    expectNoRawKeys(m.text + m.subject);
  });

  it("PasswordChangedEmail says when, in Finnish time", async () => {
    const m = await renderEmail("PasswordChangedEmail", {
      ...common(language),
      username: "maija@123",
      changedAt: "2026-11-22T10:15:00Z",
    });
    // 10:15 UTC is 12:15 in Helsinki in November, written as each language writes times.
    expect(m.text).toContain({ fi: "12.15", sv: "12:15", en: "12:15" }[language]);
    expect(m.text).toContain("2026");
    expectNoRawKeys(m.text + m.subject);
  });

  it("CodeRecoveryPausedEmail names the account and the way back in: the order link when that page serves it, else the administrator", async () => {
    const orderUrl = "https://tunnus.example/order-password";
    const withLink = await renderEmail("CodeRecoveryPausedEmail", {
      ...common(language),
      username: "maija@123",
      count: 20,
      orderUrl,
    });
    for (const part of [withLink.html, withLink.text]) {
      expect(part).toContain("maija@123");
      expect(part).toContain("20");
      expect(part).toContain(orderUrl);
      expectNoRawKeys(part);
    }
    expectNoRawKeys(withLink.subject);
    const adminOnly = await renderEmail("CodeRecoveryPausedEmail", {
      ...common(language),
      username: "maija@123",
      count: 20,
      orderUrl: null,
    });
    expect(adminOnly.text).not.toContain("/order-password");
    expect(adminOnly.text).toContain({ fi: "pääkäyttäjää", sv: "huvudanvändare", en: "administrator" }[language]);
    expectNoRawKeys(adminOnly.text);
  });

  it("SMS texts carry their content and fit one segment", () => {
    const org = { language, organizationName: "Demo-liitto ry" };
    const texts = [
      renderSms("VerificationCodeSms", { ...org, code: "482913", expiresInMinutes: 10 }),
      renderSms("ResetCodeSms", { ...org, code: "731204", expiresInMinutes: 10 }),
      renderSms("UsernameReminderSms", { ...org, identifiers: ["maija@123", "10001"] }),
    ];
    expect(texts[0]).toContain("482913");
    expect(texts[0]).toContain("10 min");
    expect(texts[1]).toContain("731204");
    expect(texts[2]).toContain("maija@123, 10001");
    for (const text of texts) {
      expectNoRawKeys(text);
      expect(smsSegments(text)).toBe(1);
    }
  });
});

describe("scrubbing", () => {
  it("removes links and codes and keeps the rest", () => {
    expect(
      scrubProps("ActivationEmail", { username: "maija@123", activationUrl: "https://x/activate/secret" }),
    ).toEqual({
      username: "maija@123",
      activationUrl: "[removed after sending]",
    });
    const scrubbed = scrubProps("ResetLinkEmail", {
      accounts: [{ identifier: "10001", url: "https://x/reset-password/secret" }],
    });
    expect(JSON.stringify(scrubbed)).not.toContain("secret");
    expect(JSON.stringify(scrubProps("ResetCodeSms", { code: "123456" }))).not.toContain("123456");
  });
});

describe("smsSegments", () => {
  it("counts GSM-7 and UCS-2 texts", () => {
    expect(smsSegments("ä".repeat(160))).toBe(1);
    expect(smsSegments("a".repeat(161))).toBe(2);
    expect(smsSegments("€".repeat(70))).toBe(1);
    expect(smsSegments("😀 hello")).toBe(1);
  });
});
