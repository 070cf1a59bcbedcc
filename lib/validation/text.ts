/**
 * The character checks of typed and received text. The sets differ on purpose where the callers'
 * rules differ (each names who uses it); none normalises or trims: callers do that first.
 */

/** Unicode's control characters (Cc): C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Control characters, and the invisible ones that change how the text around them reads:
 * zero-width characters and direction marks (U+200B–U+200F), the line and paragraph separators
 * and direction embeddings and overrides (U+2028–U+202E).
 */
const CONTROL_OR_LAYOUT = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e]/;

/** Those, and also the word joiner and invisible operators (U+2060–U+2064) and the byte order mark (U+FEFF). */
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;

/** C0 controls but the white space of a text file (tab, line feed, vertical tab, form feed, carriage return). */
const BINARY_CONTROL = /[\u0000-\u0008\u000e-\u001f]/;

/** Every control character (Cc), for removing. */
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;
/** C0 controls and DEL, not C1. */
const ASCII_CONTROL_ALL = /[\u0000-\u001f\u007f]/g;

/** A password, an e-mail address, a phone number, an organisation's name. */
export const hasControlCharacters = (text: string): boolean => CONTROL.test(text);

/** A display name. */
export const hasControlOrLayoutCharacters = (text: string): boolean => CONTROL_OR_LAYOUT.test(text);

/** The sign-in identifier as typed. */
export const hasControlOrInvisibleCharacters = (text: string): boolean => CONTROL_OR_INVISIBLE.test(text);

/** An uploaded register: a binary file (a spreadsheet saved as .xlsx, an image) has these, a CSV file none. */
export const hasBinaryControlCharacters = (text: string): boolean => BINARY_CONTROL.test(text);

/** Without any control character: a label an outside provider sent. */
export const withoutControlCharacters = (text: string): string => text.replace(CONTROL_ALL, "");

/** Without C0 controls and DEL: the administrators' search fields, an uploaded file's name. */
export const withoutAsciiControls = (text: string): string => text.replace(ASCII_CONTROL_ALL, "");
