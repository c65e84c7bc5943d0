/**
 * spatie/laravel-permission style wildcard permissions.
 *
 * Stored names such as `posts.edit,delete.*` are compiled once into a trie so
 * that each check walks at most one trie path per stored node instead of
 * re-parsing every stored name on every request.
 */

const PART_DELIMITER = '.';
const ALTERNATIVE_DELIMITER = ',';
const WILDCARD = '*';

class TrieNode {
  /** A stored permission ends here, which grants everything below it. */
  ended = false;
  readonly children = new Map<string, TrieNode>();

  child(key: string): TrieNode {
    let next = this.children.get(key);
    if (!next) {
      next = new TrieNode();
      this.children.set(key, next);
    }
    return next;
  }
}

/**
 * Splits a stored name into parts of alternatives. Empty parts and empty
 * alternatives come from typos (`posts..edit`, `edit,,delete`); they are
 * dropped rather than thrown on so one bad row cannot break every check.
 */
export function parseStoredPermission(name: string): string[][] {
  return name
    .split(PART_DELIMITER)
    .map((part) => part.split(ALTERNATIVE_DELIMITER).filter((alt) => alt !== ''))
    .filter((alternatives) => alternatives.length > 0);
}

export class PermissionIndex {
  private readonly root = new TrieNode();

  constructor(storedNames: Iterable<string>) {
    for (const name of storedNames) {
      this.insert(parseStoredPermission(name));
    }
  }

  /** `*` and `,` inside `required` are literals: only `.` has meaning there. */
  allows(required: string): boolean {
    return matches(this.root, required.split(PART_DELIMITER), 0);
  }

  private insert(parts: string[][]): void {
    // A name with no usable parts would end at the root and grant everything.
    if (parts.length === 0) return;
    let frontier = [this.root];
    for (const alternatives of parts) {
      frontier = frontier.flatMap((node) => alternatives.map((alt) => node.child(alt)));
    }
    for (const node of frontier) node.ended = true;
  }
}

function matches(node: TrieNode, required: string[], index: number): boolean {
  if (node.ended) return true;
  if (index >= required.length) return false;
  const exact = node.children.get(required[index]);
  if (exact && matches(exact, required, index + 1)) return true;
  const wildcard = node.children.get(WILDCARD);
  // When the required part is itself `*`, `exact` already was this node.
  if (!wildcard || wildcard === exact) return false;
  return matches(wildcard, required, index + 1);
}

const MAX_CONCRETE = 256;

/**
 * The plain names a stored name stands for, alternatives multiplied out (`posts.create,edit` →
 * `posts.create`, `posts.edit`); `*` parts stay literal. Null past MAX_CONCRETE names, so a
 * crafted name cannot make a check explode.
 */
export function concretePermissions(name: string): string[] | null {
  let names = [''];
  for (const alternatives of parseStoredPermission(name)) {
    if (names.length * alternatives.length > MAX_CONCRETE) return null;
    names = names.flatMap((prefix) => alternatives.map((alt) => (prefix === '' ? alt : `${prefix}.${alt}`)));
  }
  return names.filter((concrete) => concrete !== '');
}

/** One-off check; build a PermissionIndex instead when checking repeatedly. */
export function hasPermission(stored: Iterable<string>, required: string): boolean {
  return new PermissionIndex(stored).allows(required);
}
