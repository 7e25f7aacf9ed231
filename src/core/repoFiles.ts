import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SmeltRecord } from "./record.js";

/** Where an input's files live, so operators can look at a record's repository as a whole. */
export type InputLocator = { type: "folder"; root: string } | { type: "git"; gitDir: string; commit: string };

/**
 * Read access to the root folder of the repository a record belongs to (its LICENSE,
 * package.json, ...), whichever shard those files landed in. Reads are synchronous: operators
 * run in worker threads.
 */
export interface RepoFiles {
  /** Stable name of this repository within the run (input id + repository path). */
  key: string;
  /** Names of the files directly in the repository's root folder. */
  list(): string[];
  /** A root-level file's text (UTF-8), or undefined when missing, unreadable or over 1 MB. */
  read(name: string): string | undefined;
}

const MAX_READ = 1_000_000;

function folderRepo(key: string, dir: string): RepoFiles {
  let names: string[] | undefined;
  return {
    key,
    list() {
      names ??=
        safe(() =>
          readdirSync(dir, { withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => e.name)
            .sort(),
        ) ?? [];
      return names;
    },
    read(name) {
      const p = join(dir, name);
      return safe(() => (statSync(p).size > MAX_READ ? undefined : readFileSync(p, "utf8")));
    },
  };
}

function gitRepo(key: string, gitDir: string, commit: string): RepoFiles {
  let names: string[] | undefined;
  const git = (args: string[]) =>
    execFileSync("git", ["--git-dir", gitDir, ...args], {
      maxBuffer: MAX_READ * 2,
      stdio: ["ignore", "pipe", "ignore"],
    });
  return {
    key,
    list() {
      names ??=
        safe(() =>
          git(["ls-tree", "--name-only", commit])
            .toString("utf8")
            .split("\n")
            .filter((n) => n !== ""),
        ) ?? [];
      return names;
    },
    read(name) {
      return safe(() => {
        const out = git(["show", `${commit}:${name}`]);
        return out.length > MAX_READ ? undefined : out.toString("utf8");
      });
    },
  };
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/**
 * Build the per-shard lookup from record to repository. A record's repository root is its
 * input root joined with `repo` when `path` lies under it (`repos: children` or nested
 * repositories), else the input root itself; a git input's root is the repository at its commit.
 */
export function repoFilesLookup(locators: Record<string, InputLocator>): (r: SmeltRecord) => RepoFiles | undefined {
  const cache = new Map<string, RepoFiles>();
  const cached = (key: string, make: () => RepoFiles): RepoFiles => {
    const hit = cache.get(key);
    if (hit) return hit;
    const files = make();
    cache.set(key, files);
    return files;
  };
  return (r) => {
    const loc = locators[r.source];
    if (!loc) return undefined;
    if (loc.type === "git") {
      const key = `${r.source}:${loc.commit}`;
      return cached(key, () => gitRepo(key, loc.gitDir, loc.commit));
    }
    const sub = r.repo !== undefined && r.path?.startsWith(`${r.repo}/`) ? r.repo : "";
    const key = `${r.source}:${sub}`;
    return cached(key, () => folderRepo(key, sub ? join(loc.root, sub) : loc.root));
  };
}
