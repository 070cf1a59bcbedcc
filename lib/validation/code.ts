/** Six ASCII digits: the form of every one-time code Tunnus sends (e-mail, SMS, reset). */
const SIX_DIGITS = /^\d{6}$/;

export const isSixDigitCode = (value: string): boolean => SIX_DIGITS.test(value);
