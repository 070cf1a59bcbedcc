/**
 * An organisation's licence number, the part after `@` in an identifier: ASCII letters, digits
 * and `-`, not starting with `-`, at most 32 characters.
 */
const LICENCE = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

export const isLicence = (value: string): boolean => LICENCE.test(value);
