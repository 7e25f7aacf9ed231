/** Helpers shared by the operator tests: run one batch directly, read JSONL output back. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { OperatorDef, RecordOutcome } from "../../src/core/operator.js";
import { type FieldValue, newRecord, type SmeltRecord } from "../../src/core/record.js";
import { ROOT } from "../engine/helpers.js";
import { readJsonlFile } from "../writers/helpers.js";

export { ROOT };

export interface Input {
  text: string;
  path?: string;
  /** Shorthand for meta.lang (null sets it to null explicitly). */
  lang?: string | null;
  meta?: Record<string, FieldValue>;
}

/** Run an operator's batch function directly: validated params, one batch. */
export async function runOp(
  def: OperatorDef,
  params: Record<string, unknown>,
  inputs: Array<Input | string>,
  baseDir = ROOT,
): Promise<{ outcomes: RecordOutcome[]; records: SmeltRecord[] }> {
  const parsed = def.params.parse(params);
  if (!def.create) throw new Error(`${def.name} is not a batch operator`);
  const fn = await def.create(parsed, { id: def.name, seed: 0, shard: 0, baseDir, repoFiles: () => undefined });
  const records = inputs.map((x, i) => {
    const input = typeof x === "string" ? { text: x } : x;
    return newRecord({
      id: `r${i}`,
      text: input.text,
      source: "test",
      ...(input.path === undefined ? {} : { path: input.path }),
      meta: { ...(input.lang === undefined ? {} : { lang: input.lang }), ...input.meta },
    });
  });
  const { outcomes } = await fn(records);
  return { outcomes, records };
}

/** The drop reason of an outcome, or "kept". */
export function reason(o: RecordOutcome | undefined): string {
  if (o === undefined) throw new Error("no outcome");
  return o.keep ? "kept" : o.reason;
}

/** Every JSON-lines row under `<out>/<folder>` (uncompressed output); none when it is absent. */
export function rows(out: string, folder: "data" | "dropped"): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".jsonl")) found.push(...(readJsonlFile(p) as Array<Record<string, unknown>>));
    }
  };
  try {
    walk(join(out, folder));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  return found;
}
