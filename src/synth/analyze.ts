/**
 * Steps 1–3 of `smelt synth` in one call: index the repository, build its domain map, extract
 * its business rules, and narrow all three to `--focus` keywords when given.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../core/errors.js";
import type { Logger } from "../exec/log.js";
import type { ProgressMode } from "../exec/progress.js";
import {
  type IndexedFile,
  type IndexOptions,
  indexRepository,
  type RepoIndex,
  type TreeVisitor,
} from "./index/index.js";
import { ClassReader, classGrammar } from "./map/classes.js";
import { buildDomainMap, type ConfigEntry, type DomainMap, focus, type MapInputs, readConfig } from "./map/index.js";
import { type Counter, startCounter } from "./progress.js";
import { type BusinessRule, extractRules, fileRules, type RawRule, ruleConfig, ruleGrammar } from "./rules/index.js";

export interface Analysis {
  root: string;
  index: RepoIndex;
  map: DomainMap;
  rules: BusinessRule[];
  /** Seconds per step; classes and code rules are read while indexing (one parse per file), so under `index`. */
  timings: { index: number; map: number; rules: number };
}

export interface AnalyzeOptions extends IndexOptions {
  focus?: string[];
  /** A line after each step (files, symbols, map, rules, with seconds): big repositories take a while. */
  log?: Logger;
  /** Progress of reading the files (with `log`): a bar on a terminal, plain lines elsewhere. */
  progress?: ProgressMode;
}

/** Rules inside the focused part of the map, or naming a focus keyword themselves. */
function focusRules(rules: BusinessRule[], map: DomainMap, keywords: string[]): BusinessRule[] {
  const files = new Set([
    ...map.layers.map((l) => l.path),
    ...map.entities.map((e) => e.path),
    ...map.config.map((c) => c.path),
  ]);
  const kws = keywords.map((k) => k.toLowerCase());
  const hit = (s: string | undefined) => s !== undefined && kws.some((k) => s.toLowerCase().includes(k));
  return rules.filter(
    (r) =>
      hit(r.symbol) ||
      hit(r.domain) ||
      hit(r.config_key) ||
      (r.evidence.length > 0 && r.evidence.every((e) => files.has(e.path)) && files.size > 0),
  );
}

/**
 * Class reading (step 2) and rule extraction (step 3) done on the trees of the index (step 1), so
 * each file is parsed once. Configuration is read first: Java rules bind fields to it.
 */
function onePass(root: string, progress: ProgressMode, log: Logger | undefined) {
  const classes = new ClassReader();
  const code: RawRule[] = [];
  let config: ConfigEntry[] = [];
  let bindable: ConfigEntry[] = [];
  const visitors: TreeVisitor[] = [
    {
      begin: async (files) => {
        config = await readConfig(root, files);
        bindable = ruleConfig(config);
      },
      grammar: classGrammar,
      visit: (file, key, node) => classes.read(file, key, node),
    },
    {
      grammar: ruleGrammar,
      visit: (file, key, node, chunked) => {
        if (chunked) code.push(...fileRules(file.path, key, node, bindable));
      },
    },
  ];
  // Files read on a big repository take a while: a bar (or a line every 10 s) with rate and ETA.
  const read = (f: IndexedFile) => classGrammar(f) ?? ruleGrammar(f);
  let counter: Counter | undefined;
  if (log !== undefined && progress !== "off") {
    visitors.push({
      begin: (files) => {
        counter = startCounter(progress, "synth read", files.filter((f) => read(f) !== undefined).length, log);
      },
      grammar: read,
      visit: () => counter?.tick(),
    });
  }
  const done = () => counter?.finish();
  return { visitors, mapInputs: (): MapInputs => ({ classes: classes.finish(), config }), code, done };
}

export async function analyzeRepository(repo: string, opts: AnalyzeOptions = {}): Promise<Analysis> {
  const root = path.resolve(repo);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new UserError(`--repo ${repo}: ${st ? "is not a folder" : "no such folder"} — point it at a repository root`);
  }
  const t0 = performance.now();
  const secs = (a: number, b: number) => `${((b - a) / 1000).toFixed(1)}s`;
  const pass = onePass(root, opts.progress ?? "off", opts.log);
  const index = await indexRepository(root, opts, pass.visitors);
  pass.done();
  const t1 = performance.now();
  opts.log?.info(
    `[synth] indexed ${index.files.length} files, ${index.chunks.length} symbols, ${index.skipped.length} skipped (${secs(t0, t1)})`,
  );
  let map = await buildDomainMap(index, root, pass.mapInputs());
  const t2 = performance.now();
  opts.log?.info(
    `[synth] domain map: ${map.entities.length} entities, ${map.tables.length} tables, ${map.flows.length} flows, ${map.config.length} config keys (${secs(t1, t2)})`,
  );
  let rules = await extractRules(index, map, root, pass.code);
  const t3 = performance.now();
  opts.log?.info(`[synth] ${rules.length} business rules (${secs(t2, t3)})`);
  const kws = (opts.focus ?? []).map((k) => k.trim()).filter((k) => k !== "");
  if (kws.length > 0) {
    map = focus(map, kws);
    rules = focusRules(rules, map, kws);
  }
  return {
    root,
    index,
    map,
    rules,
    timings: { index: (t1 - t0) / 1000, map: (t2 - t1) / 1000, rules: (t3 - t2) / 1000 },
  };
}
