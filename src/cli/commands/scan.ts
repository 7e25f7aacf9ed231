import { existsSync } from "node:fs";
import { type Command, InvalidArgumentError, Option } from "commander";
import { UserError } from "../../core/errors.js";
import { defaultWorkers } from "../../exec/pool.js";
import { writeFileAtomic } from "../../io/atomic.js";
import { PII_TYPES, type PiiType } from "../../ops/safety/pii/index.js";
import { loadAllowlist, loadBaseline } from "../../scan/config.js";
import { renderJson } from "../../scan/json.js";
import { DEFAULT_MAX_FILE_BYTES, runScan } from "../../scan/run.js";
import { renderSarif } from "../../scan/sarif.js";
import { renderSummary, renderText } from "../../scan/text.js";
import type { DetectConfig } from "../../scan/types.js";
import { positiveInt } from "../options.js";

/**
 * The scan found something (after baseline and allowlist): the report is out, and the CLI
 * exits with code 1 without printing anything more, as secret scanners do in CI.
 */
export class FindingsFound extends Error {
  override readonly name = "FindingsFound";
}

interface ScanFlags {
  pii?: boolean;
  piiTypes?: PiiType[];
  phoneRegions?: string[];
  history?: boolean;
  rev?: string;
  field: string;
  maxFileBytes: number;
  format: "text" | "json" | "sarif";
  output?: string;
  force?: boolean;
  baseline?: string;
  allowlist?: string;
  workers: number;
  progress: boolean;
}

function list(flag: string, check: (item: string) => string | undefined) {
  return (value: string): string[] => {
    const items = value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) throw new InvalidArgumentError(`${flag} takes a comma-separated list`);
    for (const item of items) {
      const problem = check(item);
      if (problem) throw new InvalidArgumentError(problem);
    }
    return items;
  };
}

const piiTypes = list("--pii-types", (t) =>
  (PII_TYPES as readonly string[]).includes(t) ? undefined : `unknown PII type "${t}" (known: ${PII_TYPES.join(", ")})`,
);
const phoneRegions = list("--phone-regions", (r) =>
  /^[A-Z]{2}$/.test(r) ? undefined : `"${r}" is not an ISO 3166 region code such as US, GB, FR`,
);

export function registerScan(program: Command): void {
  program
    .command("scan")
    .description(
      "Scan folders, files, git repositories (optionally their history), JSONL and Parquet files for secrets (and PII with --pii).",
    )
    .argument("<paths...>", "folders, files, git repositories, .jsonl(.gz/.zst) or .parquet files")
    .option(
      "--pii",
      "also look for personal data (emails, public IPs, phone numbers, card numbers, IBANs, national ids)",
    )
    .option("--pii-types <list>", "PII types to look for, e.g. email,ipv4,phone (implies --pii)", piiTypes)
    .option(
      "--phone-regions <list>",
      "regions for phone numbers written without +country (implies --pii), e.g. US,GB",
      phoneRegions,
    )
    .addOption(
      new Option("--history", "scan every blob reachable from any ref of the git repository, once each").conflicts(
        "rev",
      ),
    )
    .option("--rev <rev>", "scan this revision (branch, tag, commit) of the git repository instead of the working tree")
    .option("--field <name>", "field holding the text of JSONL and Parquet records", "text")
    .option(
      "--max-file-bytes <n>",
      `skip (and count) files larger than this`,
      positiveInt("--max-file-bytes"),
      DEFAULT_MAX_FILE_BYTES,
    )
    .addOption(new Option("--format <format>", "report format").choices(["text", "json", "sarif"]).default("text"))
    .option("-o, --output <file>", "write the report to this file instead of stdout")
    .option("--force", "overwrite the --output file if it exists")
    .option("--baseline <file>", "an earlier `--format json` report: its findings are not reported again")
    .option("--allowlist <file>", "YAML file { paths, regexes, values, fingerprints } of what is not sensitive")
    .option("-w, --workers <n>", "worker threads for scans over 128 MB", positiveInt("--workers"), defaultWorkers())
    .option("--no-progress", "no progress on stderr (a bar on a terminal, a plain line every 10 s elsewhere)")
    .addHelpText(
      "after",
      `
Exit code: 0 no findings, 1 findings (after --baseline and --allowlist), 2 usage error.
Values found are never printed or written: only a masked preview and a fingerprint.

Examples:
  smelt scan .                                     # working tree, .gitignore honoured
  smelt scan . --history                           # every committed blob of every ref
  smelt scan repo --rev v1.2.0
  smelt scan data.jsonl.zst corpus.parquet --field content --pii
  smelt scan . --format sarif --output smelt.sarif # for GitHub code scanning
  smelt scan . --format json --output .smelt-baseline.json   # accept what is there now...
  smelt scan . --baseline .smelt-baseline.json     # ...and fail only on new findings`,
    )
    .action(async (paths: string[], flags: ScanFlags) => {
      if (flags.output && existsSync(flags.output) && !flags.force) {
        throw new UserError(`--output ${flags.output} exists — choose another file or add --force to overwrite it`);
      }
      const pii = flags.pii || flags.piiTypes !== undefined || flags.phoneRegions !== undefined;
      const detect: DetectConfig = { secrets: true, pii: false };
      if (pii) {
        detect.pii = {};
        if (flags.piiTypes) detect.pii.types = flags.piiTypes;
        if (flags.phoneRegions) detect.pii.phoneRegions = flags.phoneRegions;
      }
      if (flags.allowlist) detect.allowlist = await loadAllowlist(flags.allowlist);
      const baseline = flags.baseline ? await loadBaseline(flags.baseline) : undefined;
      const result = await runScan(paths, {
        history: flags.history,
        rev: flags.rev,
        field: flags.field,
        maxFileBytes: flags.maxFileBytes,
        detect,
        baseline,
        workers: flags.workers,
        progress: flags.progress,
        onWarning: (msg) => process.stderr.write(`warning: ${msg}\n`),
      });
      const report =
        flags.format === "json"
          ? renderJson(result)
          : flags.format === "sarif"
            ? renderSarif(result, { pii })
            : renderText(result);
      if (flags.output) {
        await writeFileAtomic(flags.output, report);
        process.stdout.write(`${renderSummary(result.stats)}report: ${flags.output}\n`);
      } else {
        process.stdout.write(report);
        // A machine-readable report owns stdout; the person reading the log still gets the summary.
        if (flags.format !== "text") process.stderr.write(renderSummary(result.stats));
      }
      if (result.findings.length > 0) throw new FindingsFound(`${result.findings.length} finding(s)`);
    });
}
