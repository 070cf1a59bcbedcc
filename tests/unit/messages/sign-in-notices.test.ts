import { describe, expect, it } from "vitest";
import type { Language } from "@/lib/i18n/languages";
import { renderEmail, scrubProps } from "@/lib/messages/templates";

/** The two notices of failed sign-ins: what happened, what to do if it was you, and if it was not. */
const languages: Language[] = ["fi", "sv", "en"];
const props = (language: Language) => ({
  language,
  organizationName: "Demo Oy",
  supportEmail: "tuki@demo-oy.example",
  recipientName: "Maija Meikäläinen",
  username: "maija@123",
  attemptedAt: "2026-11-22T10:15:00Z",
  forgotPasswordUrl: "https://tunnus.example/forgot-password",
  orderPasswordUrl: "https://tunnus.example/order-password",
});
const words = {
  fi: { paused: "tauolla", locked: "lukittu", notYou: "Jos et yrittänyt itse", safe: "turvassa" },
  sv: { paused: "pausad", locked: "låst", notYou: "Om det inte var du", safe: "säkert" },
  en: { paused: "paused", locked: "locked", notYou: "If it was not you", safe: "safe" },
};
const expectNoRawKeys = (s: string) => expect(s).not.toMatch(/emails\.|\{[a-z]+\}|MISSING_MESSAGE/i);

describe.each(languages)("sign-in notices in %s", (language) => {
  it("SignInPausedEmail: the account, when, the pause, both ways to a new password, and the advice if it was someone else", async () => {
    const m = await renderEmail("SignInPausedEmail", { ...props(language), maxFailures: 100 });
    for (const part of [m.html, m.text]) {
      expect(part).toContain("maija@123");
      expect(part).toContain("https://tunnus.example/forgot-password");
      expect(part).toContain("https://tunnus.example/order-password");
      expect(part).toContain(words[language].paused);
      expect(part).toContain(words[language].notYou);
      expect(part).toContain(words[language].safe);
      expect(part).toContain("100");
      expect(part).toContain("tuki@demo-oy.example");
      expectNoRawKeys(part);
    }
    expect(m.text).toContain({ fi: "12.15", sv: "12:15", en: "12:15" }[language]);
    expect(m.html).toContain(`lang="${language}"`);
    expectNoRawKeys(m.subject);
  });

  it("SignInLockedEmail: locked after how many failures, and a new password opens it", async () => {
    const m = await renderEmail("SignInLockedEmail", { ...props(language), failures: 100 });
    for (const part of [m.html, m.text]) {
      expect(part).toContain("maija@123");
      expect(part).toContain("100");
      expect(part).toContain(words[language].locked);
      expect(part).toContain("https://tunnus.example/forgot-password");
      expect(part).toContain("https://tunnus.example/order-password");
      expect(part).toContain(words[language].notYou);
      expectNoRawKeys(part);
    }
    expect(m.subject).toContain(words[language].locked);
  });
});

it("the notices carry no secret, so nothing is scrubbed from them", () => {
  const p = { ...props("fi"), failures: 100 };
  expect(scrubProps("SignInLockedEmail", p)).toEqual(p);
  expect(scrubProps("SignInPausedEmail", { ...props("fi"), maxFailures: 100 })).toEqual({
    ...props("fi"),
    maxFailures: 100,
  });
});
