import {
  type DictionaryMatch,
  type L33tMatch,
  type Matcher,
  type MatcherBaseClass,
  type MatchOptions,
  Options,
  type UserInputsOptions,
  ZxcvbnFactory,
  type ZxcvbnResult,
} from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import * as fi from "@zxcvbn-ts/language-fi";

/**
 * The estimator sees at most this many characters (the length rules still apply to the whole).
 * A prefix this long that is strong makes the whole strong; what follows cannot weaken it.
 * zxcvbn-ts's scoring (the search for the cheapest sequence of matches) grows with the cube of
 * the length on strings that match something everywhere ("||||…", "1111…"): at 100 characters it
 * alone costs 50–100 ms of CPU here, at 64 about a quarter of that (`npm run bench:password`).
 */
export const ESTIMATOR_WINDOW = 64;

/**
 * The most steps the l33t search may take for one password. Ordinary passwords need a few
 * hundred; only a string built to be ambiguous ("|<7!|<7!…") reaches it, and then the search
 * stops rather than the server.
 */
const L33T_STEP_BUDGET = 20_000;

type Entry = { rank: number; dictionaryName: string };

/**
 * Every word of the dictionaries in one map (the best rank per word) and one sorted array for
 * prefix questions. zxcvbn-ts's own dictionary matcher asks each of 25 dictionaries about every
 * substring up to the longest word (29 characters), and its l33t matcher does that again for up to
 * 100 rewritten copies of the password: a second or more of CPU for a 100-character keyboard
 * pattern. Here a substring is extended only while some word still starts with it.
 */
class Lexicon {
  private readonly sorted: string[];

  private constructor(private readonly entries: Map<string, Entry>) {
    this.sorted = [...entries.keys()].sort();
  }

  /** Ranked lists as zxcvbn-ts takes them: a word's rank is its place in its list. */
  static fromLists(lists: Record<string, readonly (string | number)[]>): Lexicon {
    const entries = new Map<string, Entry>();
    for (const [dictionaryName, list] of Object.entries(lists)) {
      list.forEach((value, index) => {
        const word = String(value).toLowerCase();
        const known = entries.get(word);
        // The scorer keeps the cheapest match of a span: the best rank is all it would use.
        if (!known || known.rank > index + 1) entries.set(word, { rank: index + 1, dictionaryName });
      });
    }
    return new Lexicon(entries);
  }

  /** zxcvbn-ts's own ranking of a check's user inputs. */
  static fromRanked(ranked: Record<string, number>, dictionaryName: string): Lexicon {
    return new Lexicon(new Map(Object.entries(ranked).map(([word, rank]) => [word, { rank, dictionaryName }])));
  }

  get(word: string): Entry | undefined {
    return this.entries.get(word);
  }

  /** Whether some word starts with `prefix`: one binary search. */
  hasPrefix(prefix: string): boolean {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sorted.length && this.sorted[lo]!.startsWith(prefix);
  }
}

const wordSequenceNames = new Set([
  "cardinalNumbers-en",
  "ordinalNumbers-en",
  "daysOfWeek-en",
  "months-en",
  "seasons-en",
  "timePeriods-en",
  "rainbowColors-en",
  "directions-en",
  "intermediateDirections-en",
  "sizeProgression-en",
  "militaryAlphabet-en",
  "planets-en",
  "zodiacSigns-en",
  "chineseZodiac-en",
]);

const allDictionaries: Record<string, readonly (string | number)[]> = {
  ...common.dictionary,
  ...en.dictionary,
  ...fi.dictionary,
};

let globalLexicon: Lexicon | undefined;
const lexicon = () => (globalLexicon ??= Lexicon.fromLists(allDictionaries));

/** The dictionaries a match may come from: the global ones and, per check, the person's own words. */
function lexiconsFor(userInputs: UserInputsOptions | undefined): Lexicon[] {
  const ranked = userInputs?.rankedDictionary ?? {};
  return Object.keys(ranked).length > 0 ? [lexicon(), Lexicon.fromRanked(ranked, "userInputs")] : [lexicon()];
}

/** Every dictionary word at every position of `lower`, one match per word and dictionary source. */
function dictionaryMatches(password: string, lexicons: Lexicon[]): DictionaryMatch[] {
  const lower = password.toLowerCase();
  const matches: DictionaryMatch[] = [];
  for (let i = 0; i < lower.length; i += 1) {
    for (const source of lexicons) {
      for (let j = i; j < lower.length; j += 1) {
        const word = lower.slice(i, j + 1);
        if (!source.hasPrefix(word)) break;
        const entry = source.get(word);
        if (entry) {
          matches.push({
            pattern: "dictionary",
            i,
            j,
            token: password.slice(i, j + 1),
            matchedWord: word,
            rank: entry.rank,
            dictionaryName: entry.dictionaryName,
            reversed: false,
            l33t: false,
          });
        }
      }
    }
  }
  return matches;
}

type Change = { letter: string; substitution: string };

/** Substitutions by their first character: "|" → ["|", i l], ["|)", d], ["|<", k], … */
function substitutionIndex(table: Record<string, readonly string[]>) {
  const index = new Map<string, { substitution: string; letters: string[] }[]>();
  const byText = new Map<string, string[]>();
  for (const [letter, substitutions] of Object.entries(table)) {
    for (const substitution of substitutions) byText.set(substitution, [...(byText.get(substitution) ?? []), letter]);
  }
  for (const [substitution, letters] of byText) {
    const first = substitution.charAt(0);
    index.set(first, [...(index.get(first) ?? []), { substitution, letters }]);
  }
  return index;
}

/**
 * Dictionary words written with l33t substitutions ("p@ssw0rd"): from each start, the word is
 * grown one character or substitution at a time, and only while some word still starts with it.
 * Finds what zxcvbn-ts's matcher finds (which rewrites the whole password up to 100 ways and looks
 * every rewrite up again), without its cap cutting off the substitutions far from the end.
 */
function l33tMatches(
  password: string,
  lexicons: Lexicon[],
  substitutions: ReturnType<typeof substitutionIndex>,
): L33tMatch[] {
  const lower = password.toLowerCase();
  const matches: L33tMatch[] = [];
  const seen = new Set<string>();
  let budget = L33T_STEP_BUDGET;

  const grow = (source: Lexicon, start: number, pos: number, word: string, changes: Change[]) => {
    if (budget-- <= 0) return;
    if (changes.length > 0 && pos - start > 1) {
      const entry = source.get(word);
      const key = `${start}:${pos}:${word}:${entry?.dictionaryName}`;
      if (entry && !seen.has(key)) {
        seen.add(key);
        const subs = changes.filter(
          (c, k) => changes.findIndex((d) => d.letter === c.letter && d.substitution === c.substitution) === k,
        );
        matches.push({
          pattern: "dictionary",
          i: start,
          j: pos - 1,
          token: password.slice(start, pos),
          matchedWord: word,
          rank: entry.rank,
          dictionaryName: entry.dictionaryName,
          reversed: false,
          l33t: true,
          subs,
          subDisplay: subs.map((s) => `${s.substitution} -> ${s.letter}`).join(", "),
        });
      }
    }
    if (pos >= lower.length) return;
    const literal = word + lower.charAt(pos);
    if (source.hasPrefix(literal)) grow(source, start, pos + 1, literal, changes);
    for (const { substitution, letters } of substitutions.get(lower.charAt(pos)) ?? []) {
      if (!lower.startsWith(substitution, pos)) continue;
      for (const letter of letters) {
        const next = word + letter;
        if (source.hasPrefix(next))
          grow(source, start, pos + substitution.length, next, [...changes, { letter, substitution }]);
      }
    }
  };

  for (let start = 0; start < lower.length; start += 1)
    for (const source of lexicons) grow(source, start, start, "", []);
  return matches;
}

const reverse = (s: string) => [...s].reverse().join("");

function reversedMatches(password: string, lexicons: Lexicon[]): DictionaryMatch[] {
  const reversed = reverse(password);
  const n = reversed.length;
  return dictionaryMatches(reversed, lexicons).map((m) => ({
    ...m,
    token: reverse(m.token),
    reversed: true,
    i: n - 1 - m.j,
    j: n - 1 - m.i,
  }));
}

function nCk(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i += 1) result = (result * (n - i + 1)) / i;
  return result;
}

function countOf(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) count += 1;
  return count;
}

/** zxcvbn-ts's factor for l33t spellings (matcher/dictionary/variants/scoring/l33t.ts), to compare candidates. */
function l33tVariations(match: DictionaryMatch): number {
  if (!match.l33t) return 1;
  const token = match.token.toLowerCase();
  let variations = 1;
  for (const sub of (match as L33tMatch).subs) {
    const subbed = countOf(token, sub.substitution);
    const unsubbed = countOf(token, sub.letter);
    if (subbed === 0 || unsubbed === 0) variations *= 2;
    else {
      let possibilities = 0;
      for (let i = 1; i <= Math.min(subbed, unsubbed); i += 1) possibilities += nCk(subbed + unsubbed, i);
      variations *= possibilities;
    }
  }
  return variations;
}

/**
 * Of the dictionary matches over one span, zxcvbn-ts's scoring only ever uses the cheapest (its
 * capitalisation factor is the same for all of them); the others only cost it time, a lot of it for
 * a string like "1111…" that spells dozens of words at every position. The person's own words
 * are kept apart: they tell a refusal "built from your details" from "too common".
 */
function cheapestPerSpan(matches: DictionaryMatch[]): DictionaryMatch[] {
  const best = new Map<string, { match: DictionaryMatch; cost: number }>();
  for (const match of matches) {
    const key = `${match.i}:${match.j}:${match.dictionaryName === "userInputs"}`;
    const cost = match.rank * l33tVariations(match) * (match.reversed ? 2 : 1);
    const known = best.get(key);
    if (!known || cost < known.cost) best.set(key, { match, cost });
  }
  return [...best.values()].map((b) => b.match);
}

function allDictionaryMatches(
  password: string,
  userInputs: UserInputsOptions | undefined,
  substitutions: ReturnType<typeof substitutionIndex>,
) {
  const lexicons = lexiconsFor(userInputs);
  return cheapestPerSpan([
    ...dictionaryMatches(password, lexicons),
    ...reversedMatches(password, lexicons),
    ...l33tMatches(password, lexicons, substitutions),
  ]);
}

// The built-in scoring and feedback of the "dictionary" pattern still apply to these matches:
// zxcvbn-ts looks a pattern's scoring up among its own matchers first.
const noFeedback = () => null;
const noScoring = () => 0;
function matcher(find: (match: MatchOptions) => DictionaryMatch[]): Matcher {
  class Matching {
    match(match: MatchOptions) {
      return find(match);
    }
  }
  return {
    Matching: Matching as unknown as new (options: Options) => MatcherBaseClass,
    feedback: noFeedback,
    scoring: noScoring,
  };
}

let zxcvbn: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  if (zxcvbn) return zxcvbn;
  const substitutions = substitutionIndex(new Options().l33tTable);
  zxcvbn = new ZxcvbnFactory(
    {
      graphs: common.adjacencyGraphs,
      // Only the word-sequence lists ("onetwothree") go to zxcvbn-ts itself, for its word-sequence
      // matcher; every list, those too, is matched by the matchers below.
      dictionary: Object.fromEntries(
        Object.entries(allDictionaries).filter(([name]) => wordSequenceNames.has(name)),
      ) as Record<string, (string | number)[]>,
      useLevenshteinDistance: false,
      // Used now only by the word-sequence matcher; the l33t words are found below.
      l33tMaxSubstitutions: 0,
      maxLength: ESTIMATOR_WINDOW,
    },
    {
      // Forward, reversed and l33t words in one pass, so that only the cheapest per span goes on.
      dictionary: matcher((m) => allDictionaryMatches(m.password, m.userInputsOptions, substitutions)),
      dictionaryReverse: matcher(() => []),
      dictionaryL33t: matcher(() => []),
    },
  );
  return zxcvbn;
}

/** zxcvbn-ts on the first ESTIMATOR_WINDOW characters; `userInputs` are the person's own words. */
export function estimatePassword(password: string, userInputs: string[] = []): ZxcvbnResult {
  return estimator().check(password.slice(0, ESTIMATOR_WINDOW), userInputs);
}
