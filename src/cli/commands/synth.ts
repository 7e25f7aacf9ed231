/** `smelt synth map|qa|design`: repository-grounded SFT data (see docs/synth.md). */
import { existsSync } from "node:fs";
import path from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { UserError } from "../../core/errors.js";
import { registeredSecrets, scrubSecrets, stderrLogger } from "../../exec/log.js";
import { progressMode } from "../../exec/progress.js";
import { writeFileAtomic } from "../../io/atomic.js";
import { analyzeRepository } from "../../synth/analyze.js";
import { EXPORT_FORMATS, type ExportFormat } from "../../synth/export/types.js";
import { domainMapJson } from "../../synth/map/save.js";
import type { DomainMap } from "../../synth/map/types.js";
import { type ModelFlags, resolveModel } from "../../synth/model/load.js";
import type { CostEstimate } from "../../synth/model/types.js";
import type { SynthManifest } from "../../synth/output.js";
import { type SynthTask, synthesize } from "../../synth/run.js";
import { positiveInt } from "../options.js";
import { renderTable } from "../table.js";

const keywords = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function fraction(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n < 1))
    throw new InvalidArgumentError(`--validation takes a fraction in [0, 1), e.g. 0.1 (got "${v}")`);
  return n;
}

function threshold(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n <= 1))
    throw new InvalidArgumentError(`--dedup-threshold takes a number in (0, 1], e.g. 0.85 (got "${v}")`);
  return n;
}

function formats(v: string): ExportFormat[] {
  const xs = keywords(v);
  for (const x of xs)
    if (!(EXPORT_FORMATS as readonly string[]).includes(x))
      throw new InvalidArgumentError(`--formats: unknown format "${x}" (known: ${EXPORT_FORMATS.join(", ")})`);
  return xs as ExportFormat[];
}

function repoOption(cmd: Command): Command {
  return cmd
    .requiredOption("--repo <path>", "repository root to read")
    .option(
      "--focus <keywords>",
      "narrow to domains named by these comma-separated keywords, e.g. order,stock",
      keywords,
    )
    .option("--include <globs>", "only index files matching these comma-separated globs", keywords)
    .option("--exclude <globs>", "leave out files matching these comma-separated globs", keywords);
}

export function mapSummary(map: DomainMap): string {
  const out: string[] = [];
  const section = (title: string, header: string[], rows: string[][]) => {
    if (rows.length > 0) out.push(`${title}\n${renderTable(header, rows)}\n`);
  };
  section(
    "Modules",
    ["module", "kind", "path", "files"],
    map.modules.map((m) => [m.name, m.kind, m.path, String(m.files)]),
  );
  section(
    "Entities",
    ["entity", "table", "fields", "where"],
    map.entities.map((e) => [e.name, e.table ?? "", String(e.fields.length), `${e.path}:${e.start_line}`]),
  );
  section(
    "Tables",
    ["table", "columns", "where"],
    map.tables.map((t) => [t.name, String(t.columns.length), `${t.path}:${t.start_line}`]),
  );
  section(
    "Flows",
    ["entry", "steps", "persistence"],
    map.flows.map((f) => [
      f.entry.kind === "http"
        ? `${f.entry.method ?? ""} ${f.entry.route ?? ""}`.trim()
        : `scheduled ${f.entry.detail ?? ""}`,
      f.steps.map((s) => s.qualified).join(" → "),
      f.reaches_persistence ? "yes" : "no",
    ]),
  );
  section(
    "Configuration",
    ["key", "value", "where"],
    map.config.map((c) => [c.key, c.value, `${c.path}:${c.line}`]),
  );
  out.push(
    `${map.modules.length} modules, ${map.layers.length} files with layers, ${map.entities.length} entities, ${map.tables.length} tables, ${map.operations.length} service operations, ${map.config.length} config keys, ${map.calls.length} calls, ${map.flows.length} flows${map.focus ? ` (focus: ${map.focus.join(", ")})` : ""}`,
  );
  return `${out.join("\n")}\n`;
}

function renderEstimate(e: CostEstimate, model: string, currency: string): string {
  const cost = e.cost === undefined ? "unknown (set price in the models file)" : `${e.cost.toFixed(4)} ${currency}`;
  return `dry run (${model}): ${e.calls} calls (${e.cached} answered by the cache), ~${e.prompt_tokens} prompt tokens, ≤ ${e.completion_tokens} completion tokens, estimated cost ${cost}\n`;
}

interface GenerateFlags extends ModelFlags {
  repo: string;
  focus?: string[];
  include?: string[];
  exclude?: string[];
  count: number;
  seed: number;
  out: string;
  dryRun?: boolean;
  force?: boolean;
  split: "file" | "module";
  validation: number;
  formats?: ExportFormat[];
  reasoning?: boolean;
  citations: boolean;
  dedupThreshold: number;
  progress: boolean;
  quiet?: boolean;
}

function generateCommand(parent: Command, task: SynthTask, description: string, defaultCount: number): void {
  const cmd = parent.command(task).description(description);
  repoOption(cmd)
    .addOption(new Option("--model <name>", "offline, openai, local, or a name in --models").default("offline"))
    // biome-ignore lint/suspicious/noTemplateCurlyInString: documents the ${ENV} syntax
    .option("--models <file>", "YAML of named model settings (secrets as ${ENV} references), see docs/synth.md")
    .option("--base-url <url>", "OpenAI-compatible endpoint for --model openai (or OPENAI_BASE_URL)")
    .option("--model-name <name>", "model for --model openai (or SMELT_OPENAI_MODEL)")
    .option("--api-key-env <name>", "environment variable holding the API key", "OPENAI_API_KEY")
    .option("--gguf <file>", "GGUF model file for --model local (or SMELT_GGUF)")
    .option("-n, --count <n>", "samples to plan", positiveInt("--count"), defaultCount)
    .option("--seed <n>", "seed of every choice: same seed, same samples", (v) => Number.parseInt(v, 10), 1)
    .requiredOption("-o, --out <dir>", "output folder (created; reused only if an earlier smelt synth wrote it)")
    .option("--dry-run", "print the model calls, tokens and cost it would take, and write nothing")
    .option("--force", "write into an --out folder that holds other files")
    .addOption(
      new Option("--split <by>", "keep samples citing the same file/module on one side")
        .choices(["file", "module"])
        .default("file"),
    )
    .option("--validation <fraction>", "share of samples for the validation split", fraction, 0.1)
    .option("--formats <list>", `export formats (${EXPORT_FORMATS.join(", ")})`, formats)
    .option("--reasoning", "start assistant turns with the reasoning steps")
    .option("--no-citations", "leave `Sources: path:lines` out of assistant turns")
    .option(
      "--dedup-threshold <j>",
      "near-duplicate questions above this word-bigram Jaccard are dropped",
      threshold,
      0.85,
    )
    .option("--no-progress", "no progress on stderr")
    .option("-q, --quiet", "only errors on stderr")
    .addHelpText(
      "after",
      `
Writes to --out: raw.jsonl (as generated), samples.jsonl (kept), rejected.jsonl (with reasons), map.json, rules.jsonl,
export/ (train/validation in chat messages, Alpaca and ShareGPT; LLaMA-Factory dataset_info.json;
axolotl.yaml), README.md (dataset card) and manifest.json (counts per kind and rejection reason).

Examples:
  smelt synth ${task} --repo examples/services/shopfloor --out out/${task}
  smelt synth ${task} --repo . --focus order,stock --count 200 --out out/${task}
  smelt synth ${task} --repo . --model openai --base-url http://127.0.0.1:8000/v1 --model-name qwen --out out/${task} --dry-run
  smelt synth ${task} --repo . --model local --gguf ../shared/models/stories260K.gguf --count 5 --out out/${task}-local`,
    )
    .action(async (f: GenerateFlags) => {
      const model = await resolveModel(f);
      const log = stderrLogger(registeredSecrets(), f.quiet);
      const res = await synthesize({
        repo: f.repo,
        task,
        out: path.resolve(f.out),
        count: f.count,
        seed: f.seed,
        focus: f.focus,
        include: f.include,
        exclude: f.exclude,
        model,
        dryRun: f.dryRun,
        force: f.force,
        dedupThreshold: f.dedupThreshold,
        export: {
          formats: f.formats,
          split: { by: f.split, validation: f.validation },
          include_reasoning: f.reasoning ?? false,
          include_citations: f.citations,
        },
        log,
        progress: f.progress && !f.quiet ? progressMode() : "off",
      });
      if (f.dryRun) {
        if (model.provider === "offline") {
          process.stdout.write("dry run: the offline generator makes no model calls and costs nothing\n");
          return;
        }
        const name = res.model;
        const currency = model.provider === "openai" ? (model.price?.currency ?? "USD") : "";
        process.stdout.write(
          renderEstimate(
            res.estimate ?? { calls: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0 },
            name,
            currency,
          ),
        );
        return;
      }
      const m = res.manifest as unknown as SynthManifest;
      if (m.counts.planned === 0) {
        const a = m.analysis;
        const rules = Object.values(a.rules).reduce((x, y) => x + y, 0);
        process.stderr.write(
          `warning: nothing to ask about in ${f.repo}: ${a.files} file(s) indexed, ${a.chunks} symbols, ${rules} business rules, ${a.flows} flows, ${a.entities} entities, ${a.config_keys} config keys — point --repo at source code in Java, Python, TypeScript/JavaScript or Go\n`,
        );
      }
      const kinds = Object.entries(m.counts.kept_by_kind)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      const reasons = Object.entries(m.counts.rejected_by_reason)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      process.stdout.write(
        scrubSecrets(
          `${m.counts.planned} planned → ${m.counts.kept} kept (${kinds || "none"}), ${m.counts.rejected} rejected${reasons ? ` (${reasons})` : ""}\n` +
            (m.split ? `split: ${m.split.train} train / ${m.split.validation} validation\n` : "") +
            `wrote ${f.out}\n`,
          registeredSecrets(),
        ),
      );
    });
}

export function registerSynth(program: Command): void {
  const synth = program
    .command("synth")
    .description(
      "Repository-grounded SFT data: a domain map, QA and design samples with evidence, exports for trainers.",
    );
  repoOption(
    synth
      .command("map")
      .description("Index a repository and show its domain map (modules, entities, tables, flows, config)."),
  )
    .option("-o, --out <file>", "also write the map as JSON to this file")
    .option("--force", "overwrite the --out file")
    .option("--json", "print the map as JSON instead of tables")
    .action(
      async (f: {
        repo: string;
        focus?: string[];
        include?: string[];
        exclude?: string[];
        out?: string;
        force?: boolean;
        json?: boolean;
      }) => {
        if (f.out && existsSync(f.out) && !f.force)
          throw new UserError(`--out ${f.out} exists — choose another file or add --force to overwrite it`);
        const a = await analyzeRepository(f.repo, { focus: f.focus, include: f.include, exclude: f.exclude });
        if (f.out) await writeFileAtomic(f.out, domainMapJson(a.map));
        process.stdout.write(f.json ? domainMapJson(a.map) : mapSummary(a.map));
        if (!f.json) {
          const byKind: Record<string, number> = {};
          for (const r of a.rules) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
          process.stdout.write(
            `${a.index.files.length} files indexed (${a.index.chunks.length} symbols, ${a.index.skipped.length} skipped), ${a.rules.length} business rules (${Object.entries(
              byKind,
            )
              .map(([k, v]) => `${k} ${v}`)
              .join(", ")})\n`,
          );
        }
      },
    );
  generateCommand(
    synth,
    "qa",
    "Generate question/answer samples about the repository's rules, flows, entities and config, each with evidence.",
    60,
  );
  generateCommand(
    synth,
    "design",
    "Generate design samples: a new requirement and a proposal that reuses existing components, with evidence.",
    20,
  );
}
