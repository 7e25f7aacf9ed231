/** Grouping many small files into shards of about `shardBytes`, shared by `folder` and `git`. */

/** Upper bound on files per shard: keeps shard units (stored in the run state) small. */
export const MAX_FILES_PER_SHARD = 2000;

export interface Sized {
  path: string;
  size: number;
}

/** Code-unit order, not locale order: planning must not depend on the machine's locale. */
export function byPath(a: Sized, b: Sized): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * Split entries (sorted by path here, so planning is deterministic) into consecutive groups
 * of about `shardBytes` bytes and at most MAX_FILES_PER_SHARD files. A file larger than
 * `shardBytes` gets a group of its own rather than being split.
 */
export function groupBySize<T extends Sized>(entries: T[], shardBytes: number): T[][] {
  const sorted = [...entries].sort(byPath);
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const e of sorted) {
    if (current.length > 0 && (bytes + e.size > shardBytes || current.length >= MAX_FILES_PER_SHARD)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += e.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
