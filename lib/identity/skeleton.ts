import unhomoglyph from "unhomoglyph";
import { identifierKey } from "./rules";

/**
 * The UTS #39 skeleton of a username, compared lower-cased: two usernames with the same skeleton
 * look alike (`admin` and `admın`, Latin `cape` and Cyrillic `саре`), so an organisation may have
 * only one of them (a unique index on `users.username_skeleton`).
 *
 * skeleton(X) = NFD(map(NFD(X))), with unhomoglyph's copy of Unicode's confusables.txt as the map.
 * Kept out of `rules.ts` so that sign-in, which never needs it, does not load its table.
 * Never shown to anyone: `m` becomes `rn`.
 */
export function usernameSkeleton(username: string): string {
  return unhomoglyph(identifierKey(username).normalize("NFD")).normalize("NFD").toLowerCase();
}
