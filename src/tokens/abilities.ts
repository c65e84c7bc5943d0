/** Grants every ability, including ones that do not exist yet. */
export const ANY_ABILITY = '*';
const WILDCARD_SUFFIX = '.*';

/** For `P.*` returns `P`; for anything else (including a bare `*`) returns null. */
function wildcardPrefix(entry: string): string | null {
  return entry.endsWith(WILDCARD_SUFFIX) ? entry.slice(0, -WILDCARD_SUFFIX.length) : null;
}

/**
 * Whether a token holding `abilities` may perform `ability`. Matching is
 * case-sensitive; `P.*` covers everything below `P.` but not `P` itself.
 */
export function abilityAllows(abilities: readonly string[], ability: string): boolean {
  return abilities.some((entry) => {
    if (entry === ANY_ABILITY || entry === ability) return true;
    const prefix = wildcardPrefix(entry);
    return prefix !== null && ability.startsWith(prefix + '.');
  });
}

/** Whether held wildcard `Q.*` (or `*`) grants at least everything requested wildcard `P.*` would. */
function wildcardCovered(held: readonly string[], requestedPrefix: string): boolean {
  return held.some((entry) => {
    if (entry === ANY_ABILITY) return true;
    const prefix = wildcardPrefix(entry);
    if (prefix === null) return false;
    return requestedPrefix === prefix || requestedPrefix.startsWith(prefix + '.');
  });
}

/**
 * Whether `held` grants everything in `requested`. Used when a token mints another
 * token: wildcards are compared as sets, so `posts.create` alone can never
 * produce a token with `posts.*`, and only `*` can produce `*`.
 */
export function abilitiesCover(held: readonly string[], requested: readonly string[]): boolean {
  return requested.every((ability) => {
    if (ability === ANY_ABILITY) return held.includes(ANY_ABILITY);
    const prefix = wildcardPrefix(ability);
    if (prefix !== null) return wildcardCovered(held, prefix);
    return abilityAllows(held, ability);
  });
}
