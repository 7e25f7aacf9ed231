import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { OperatorDef, RecordOutcome } from "../../../src/core/operator.js";
import { type FieldValue, newRecord, type SmeltRecord } from "../../../src/core/record.js";
import { ROOT } from "../../engine/helpers.js";
import { readJsonlFile } from "../../writers/helpers.js";

export { ROOT };

/** Read a file of the repository (node_modules, examples, fixtures) as UTF-8. */
export function repoFile(rel: string): string {
  return readFileSync(join(ROOT, rel), "utf8");
}

export function fixture(name: string): string {
  return readFileSync(join(ROOT, "test", "ops", "quality", "fixtures", name), "utf8");
}

export interface Input {
  text: string;
  path?: string;
  lang?: string | null;
  meta?: Record<string, FieldValue>;
}

/** Run an operator's batch function directly (validated params, one batch). */
export async function runOp(
  def: OperatorDef,
  params: Record<string, unknown>,
  inputs: Input[],
): Promise<{ outcomes: RecordOutcome[]; records: SmeltRecord[] }> {
  const parsed = def.params.parse(params);
  if (!def.create) throw new Error(`${def.name} is not a batch operator`);
  const fn = await def.create(parsed, {
    id: def.name,
    seed: 0,
    shard: 0,
    baseDir: ROOT,
    repoFiles: () => undefined,
  });
  const records = inputs.map((x, i) =>
    newRecord({
      id: `r${i}`,
      text: x.text,
      source: "test",
      ...(x.path === undefined ? {} : { path: x.path }),
      meta: { ...(x.lang === undefined ? {} : { lang: x.lang }), ...x.meta },
    }),
  );
  const { outcomes } = await fn(records);
  return { outcomes, records };
}

/** The drop reason of an outcome, or "kept". */
export function reason(o: RecordOutcome | undefined): string {
  if (o === undefined) throw new Error("no outcome");
  return o.keep ? "kept" : o.reason;
}

/** Every JSON-lines row under `<out>/<folder>` (uncompressed output). */
export function rows(out: string, folder: "data" | "dropped"): Array<Record<string, unknown>> {
  const dir = join(out, folder);
  const found: Array<Record<string, unknown>> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".jsonl")) found.push(...(readJsonlFile(p) as Array<Record<string, unknown>>));
    }
  };
  try {
    walk(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  return found;
}

/** Longest line in code points, lines split as Python's splitlines() does for \n / \r\n. */
export function longestLine(text: string): number {
  return Math.max(0, ...text.split(/\r?\n/).map((l) => [...l].length));
}
