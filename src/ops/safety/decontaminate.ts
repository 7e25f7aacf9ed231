import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { UserError } from "../../core/errors.js";
import { defineOperator, drop, keep } from "../../core/operator.js";
import { readField } from "../basic/fields.js";
import { forEachNgram, NgramSet } from "./ngrams.js";

const DEFAULT_FIELDS = ["prompt", "solution", "question", "answer", "canonical_solution", "test", "text"];

const params = z.strictObject({
  benchmarks: z
    .array(z.string().min(1))
    .min(1)
    .describe(
      "Benchmark files (JSON lines, optionally gzipped: .jsonl.gz). Relative paths resolve against the recipe folder.",
    ),
  fields: z
    .array(z.string().min(1))
    .min(1)
    .default(DEFAULT_FIELDS)
    .describe(
      "Benchmark fields to take text from, whichever each row has (a string, or a list of strings). Each field is n-grammed on its own.",
    ),
  ngram: z
    .number()
    .int()
    .min(3)
    .max(64)
    .default(13)
    .describe("Words per n-gram: 13 as in GPT-3's decontamination (Brown et al. 2020, appendix C)."),
  min_matches: z
    .number()
    .int()
    .positive()
    .default(1)
    .describe("A record is contaminated when it shares at least this many distinct n-grams with the benchmarks."),
  mode: z
    .enum(["filter", "tag"])
    .default("filter")
    .describe(
      "filter: drop contaminated records; tag: keep every record and write contaminated, contamination_matches and contaminated_by.",
    ),
  field: z.string().default("text").describe("Record field to check: text (default) or a metadata field."),
});

type Params = z.infer<typeof params>;

interface BenchIndex {
  set: NgramSet;
  /** Display name per benchmark (file name, or the path as written when names clash). */
  names: string[];
}

/** Indexes per benchmark files + fields + n: built once per worker thread. */
const indexes = new Map<string, BenchIndex>();

function fail(id: string, file: string, problem: string): never {
  throw new UserError(`${id}: benchmark ${file}: ${problem}`);
}

function loadIndex(p: Params, baseDir: string, id: string): BenchIndex {
  const files = p.benchmarks.map((b) => {
    const abs = resolve(baseDir, b);
    if (!existsSync(abs)) {
      fail(
        id,
        b,
        `file not found (resolved to ${abs}; relative paths resolve against the recipe folder ${baseDir}) — fix params.benchmarks or create the file`,
      );
    }
    const st = statSync(abs);
    if (!st.isFile()) fail(id, b, `${abs} is not a file — list the JSONL files themselves in params.benchmarks`);
    return { given: b, abs, stamp: `${st.size}:${st.mtimeMs}` };
  });
  const key = JSON.stringify([files, p.fields, p.ngram]);
  const cached = indexes.get(key);
  if (cached) return cached;

  const base = files.map((f) => basename(f.abs));
  const names = files.map((f, i) => (base.filter((b) => b === base[i]).length > 1 ? f.given : (base[i] as string)));
  const set = new NgramSet();
  const wanted = new Set(p.fields);
  files.forEach((f, bench) => {
    let bytes: Buffer = readFileSync(f.abs);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes);
      } catch (err) {
        fail(id, f.given, `not a valid gzip file (${(err as Error).message})`);
      }
    }
    const lines = bytes.toString("utf8").split("\n");
    const seenFields = new Set<string>();
    let ngrams = 0;
    let texts = 0;
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        fail(id, f.given, `line ${i + 1} is not valid JSON — benchmarks must be JSON lines (one object per line)`);
      }
      if (typeof row !== "object" || row === null || Array.isArray(row)) {
        fail(id, f.given, `line ${i + 1} is not a JSON object`);
      }
      for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
        seenFields.add(k);
        if (!wanted.has(k)) continue;
        const values = typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === "string") : [];
        for (const text of values) {
          texts++;
          forEachNgram(text, p.ngram, (h1, h2) => {
            if (set.add(h1, h2, bench)) ngrams++;
          });
        }
      }
    });
    if (ngrams === 0) {
      const has = [...seenFields].slice(0, 20).join(", ") || "none";
      fail(
        id,
        f.given,
        texts === 0
          ? `no row has any of the fields ${p.fields.join(", ")} (its fields: ${has}) — set params.fields`
          : `no text in fields ${p.fields.join(", ")} has ${p.ngram} words or more — lower params.ngram or pick other fields`,
      );
    }
  });
  const index = { set, names };
  indexes.set(key, index);
  return index;
}

export const decontaminate = defineOperator({
  name: "decontaminate",
  kind: "filter",
  version: "1.0.0",
  summary: "Drop (or tag) records that share word 13-grams with benchmark files (GPT-3-style decontamination).",
  docs: [
    "Builds the set of word n-grams (13 by default) of the given fields of every row of the benchmark files, once per worker, and looks up every n-gram of each record. A record that shares at least `min_matches` distinct n-grams is contaminated: mode filter drops it (`benchmark_overlap 3 13-grams shared with humaneval.jsonl`, with `contamination_matches` and `contaminated_by` in the dropped record's extra fields); mode tag keeps it and writes `contaminated` (true/false), `contamination_matches` (number) and `contaminated_by` (benchmark file names) on every record.",
    "Normalization follows GPT-3 (Brown et al. 2020, appendix C): lower case, punctuation stripped, whitespace ignored, so a copy with other indentation, line breaks or case still matches; Chinese and Japanese characters count as one word each. The default n of 13 is GPT-3's; texts shorter than n words yield no n-gram (a two-word answer can never match). N-grams are stored as 64-bit hashes (two 32-bit halves) in an open-addressing typed-array hash set at most half full: 24 to 48 bytes per distinct benchmark n-gram in each worker, and a false match needs a 64-bit collision.",
    "A missing or unreadable benchmark file, a line that is not a JSON object, or a file with no usable text stops the run with the path and a fix.",
  ].join("\n\n"),
  params,
  check(p, { baseDir }) {
    // Only existence here: the recipe loader reports it at the params with file:line.
    return p.benchmarks.flatMap((b) => {
      const abs = resolve(baseDir, b);
      if (!existsSync(abs))
        return [`benchmark ${b} not found (resolved to ${abs}) — fix params.benchmarks or create the file`];
      return statSync(abs).isFile() ? [] : [`benchmark ${b} is not a file — list the JSONL files themselves`];
    });
  },
  create(p, ctx) {
    const { set, names } = loadIndex(p, ctx.baseDir, ctx.id);
    const tagMode = p.mode === "tag";
    return (records) => ({
      outcomes: records.map((r) => {
        const value = p.field === "text" ? r.text : readField(r, p.field);
        const text =
          value === null || value === undefined ? "" : Array.isArray(value) ? value.join("\n") : String(value);
        // Distinct shared n-grams, by their slot in the set.
        let shared: Set<number> | undefined;
        let by: Set<number> | undefined;
        forEachNgram(text, p.ngram, (h1, h2) => {
          const slot = set.find(h1, h2);
          if (slot < 0) return;
          shared ??= new Set();
          by ??= new Set();
          if (shared.has(slot)) return;
          shared.add(slot);
          for (const b of set.ownersAt(slot)) by.add(b);
        });
        const matches = shared?.size ?? 0;
        const contaminatedBy = by ? [...by].sort((a, b) => a - b).map((b) => names[b] as string) : [];
        const contaminated = matches >= p.min_matches;
        if (tagMode) {
          r.meta.contaminated = contaminated;
          r.meta.contamination_matches = matches;
          r.meta.contaminated_by = contaminatedBy;
          return keep();
        }
        if (!contaminated) return keep();
        const min = p.min_matches > 1 ? ` (>= ${p.min_matches})` : "";
        return drop("benchmark_overlap", `${matches} ${p.ngram}-grams shared with ${contaminatedBy.join(", ")}${min}`, {
          contamination_matches: matches,
          contaminated_by: contaminatedBy,
        });
      }),
    });
  },
});
