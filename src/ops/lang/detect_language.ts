import { z } from "zod";
import { defineOperator, keep } from "../../core/operator.js";
import type { SmeltRecord } from "../../core/record.js";
import { CORE_FIELDS, readField } from "../basic/fields.js";
import { detectLanguage } from "./detect.js";
import { linguistTables } from "./linguist.js";

const params = z.strictObject({
  field: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "use lower_snake_case field names")
    .refine((f) => !CORE_FIELDS.has(f), { message: "is a core record field; pick another name" })
    .default("lang")
    .describe(
      "Metadata field for the language id; `<field>_type` and `<field>_by` are set beside it (lang, lang_type, lang_by).",
    ),
  overwrite: z
    .boolean()
    .default(false)
    .describe(
      "Replace a language the record already has (e.g. a JSONL column). false keeps it and sets `<field>_by` to `existing`.",
    ),
  path_field: z
    .string()
    .min(1)
    .default("auto")
    .describe(
      "Where the file path comes from. auto: the record's `path`, except for rows of JSONL/CSV/Parquet files (whose `path` is the data file), which use their own `path` column (`orig_path`) if they have one; `path`: always the record's path; any other name: that metadata field (e.g. `file_name`).",
    ),
  default: z
    .string()
    .min(1)
    .default("unknown")
    .describe("Language id for records nothing identifies (no known file name, modeline, shebang or extension)."),
});

/** Files whose records are rows: their `path` names the data file, not the row's file. */
const ROW_FILE = /\.(?:jsonl|ndjson|csv|tsv|parquet)(?:\.(?:gz|zst|bz2|xz))?$/i;

function filePath(r: SmeltRecord, pathField: string): string | undefined {
  if (pathField === "auto") {
    if (r.path === undefined || !ROW_FILE.test(r.path)) return r.path;
    const own = r.meta.orig_path;
    return typeof own === "string" && own !== "" ? own : undefined;
  }
  const v = readField(r, pathField);
  return typeof v === "string" && v !== "" ? v : undefined;
}

export const detectLanguageOp = defineOperator({
  name: "detect_language",
  kind: "score",
  version: "1.0.0",
  summary:
    "Programming/markup/data language of each file from GitHub Linguist's data (name, modeline, shebang, extension).",
  docs: [
    "Decides the language of a file record in this order, the first that answers wins: exact file name (Makefile, Dockerfile, .bashrc, CMakeLists.txt), an Emacs (`-*- mode: ruby -*-`) or Vim (`vim: set ft=python:`) modeline, the shebang interpreter (`#!/usr/bin/env python3`, `#!/bin/sh`; `node` gives javascript unless the extension is a TypeScript one), then the extension.",
    "Names, extensions, file names, interpreters, aliases and types come from GitHub Linguist's languages.yml (the `linguist-languages` package). When Linguist lists several languages for an extension (.h: C / C++ / Objective-C; .m: Objective-C / MATLAB / Mercury; .ts: TypeScript / Qt Linguist XML; .pl: Perl / Prolog; .r, .v, .cs, .sql, .inc, .md ...), content rules in the spirit of Linguist's heuristics.yml decide (`lang_by: heuristic`); when none matches, the common language for that extension is assumed (`lang_by: extension`).",
    "Fields: `lang` = Linguist's name lowercased with spaces as `-` (python, javascript, typescript, tsx, c, c++, c#, objective-c, shell, markdown, json, yaml, go, rust, ...), `lang_type` = programming | data | markup | prose (null when unknown), `lang_by` = filename | modeline | shebang | extension | heuristic | default (| existing when a value was kept).",
    "Records without a file path get the default unless a shebang or modeline decides. Rows read from JSONL/CSV/Parquet files carry the data file as `path`: by default (`path_field: auto`) that is ignored and the row's own `path` column (kept as `orig_path`) is used when it has one, so a JSONL of source files is labelled by each file's name. Never drops a record.",
  ].join("\n\n"),
  params,
  async create(p) {
    const tables = await linguistTables();
    const typeField = `${p.field}_type`;
    const byField = `${p.field}_by`;
    return (records) => {
      for (const r of records) {
        const current = r.meta[p.field];
        if (!p.overwrite && typeof current === "string" && current !== "") {
          r.meta[typeField] = tables.byId.get(current)?.type ?? null;
          r.meta[byField] = "existing";
          continue;
        }
        const d = detectLanguage(tables, filePath(r, p.path_field), r.text);
        r.meta[p.field] = d ? d.info.id : p.default;
        r.meta[typeField] = d ? d.info.type : (tables.byId.get(p.default)?.type ?? null);
        r.meta[byField] = d ? d.by : "default";
      }
      return { outcomes: records.map(() => keep()) };
    };
  },
});
