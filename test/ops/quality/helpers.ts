import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers.js";

export { type Input, ROOT, reason, rows, runOp } from "../helpers.js";

/** Read a file of the repository (node_modules, examples, fixtures) as UTF-8. */
export function repoFile(rel: string): string {
  return readFileSync(join(ROOT, rel), "utf8");
}

export function fixture(name: string): string {
  return readFileSync(join(ROOT, "test", "ops", "quality", "fixtures", name), "utf8");
}

/** Longest line in code points, lines split as Python's splitlines() does for \n / \r\n. */
export function longestLine(text: string): number {
  return Math.max(0, ...text.split(/\r?\n/).map((l) => [...l].length));
}
