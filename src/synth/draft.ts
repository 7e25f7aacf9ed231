/**
 * The core of `smelt synth`, shared by the CLI and the recipe operators: analyze the
 * repository, plan samples offline, word them with a model when one is chosen, and validate
 * every draft against the code. Each planned sample ends as one draft: valid (no reasons) or
 * rejected with its reasons and the stage that rejected it.
 */
import path from "node:path";
import type { Logger } from "../exec/log.js";
import type { ProgressMode } from "../exec/progress.js";
import { type Analysis, analyzeRepository } from "./analyze.js";
import { generateDesignOffline, validateDesign } from "./design/index.js";
import type { SynthSample } from "./export/index.js";
import { openModel } from "./model/open.js";
import { requestFor, type Seed, sampleFromReply, seedFromDesign, seedFromQa } from "./model/prompts.js";
import type { ModelSettings } from "./model/settings.js";
import type { CostEstimate, ModelStats } from "./model/types.js";
import { startCounter } from "./progress.js";
import { generateQaOffline, validateSample } from "./qa/index.js";

export type SynthTask = "qa" | "design";

export interface DraftOptions {
  repo: string;
  task: SynthTask;
  count: number;
  seed: number;
  focus?: string[];
  include?: string[];
  exclude?: string[];
  model: ModelSettings;
  /** Where model replies are cached (a rerun answers from here). */
  cacheDir: string;
  /** Only estimate what the model calls would cost. */
  dryRun?: boolean;
  log: Logger;
  progress: ProgressMode;
}

export interface Draft {
  id: string;
  /** The sample as generated (or as parsed from the model), when there is one. */
  sample?: unknown;
  /** Empty when the sample is valid. */
  reasons: string[];
  /** Who rejected it. */
  stage?: "model" | "validate";
  /** The model's raw reply when it did not parse. */
  raw_text?: string;
  /** The model's JSON before cleaning (line-number prefixes in snippets, no ids or metadata). */
  raw?: unknown;
}

export interface Drafts {
  analysis: Analysis;
  drafts: Draft[];
  /** `offline`, or the provider's name (`openai:gpt-4o-mini@host`). */
  model: string;
  stats?: ModelStats;
  estimate?: CostEstimate;
}

export const repoName = (root: string) => path.basename(root);

export const isValid = (d: Draft): d is Draft & { sample: SynthSample } => d.reasons.length === 0;

function plan(a: Analysis, o: DraftOptions): SynthSample[] {
  return o.task === "qa"
    ? generateQaOffline(a.index, a.map, a.rules, { count: o.count, seed: o.seed })
    : generateDesignOffline(a.index, a.map, a.rules, { count: o.count, seed: o.seed });
}

function validate(s: unknown, task: SynthTask, a: Analysis): string[] {
  return task === "qa" ? validateSample(s, a.index, a.root, a.map) : validateDesign(s, a.index, a.root, a.map);
}

/** One request per planned sample; replies that do not parse are rejected at the model stage. */
async function wordWithModel(
  planned: SynthSample[],
  a: Analysis,
  o: DraftOptions,
  settings: Exclude<ModelSettings, { provider: "offline" }>,
): Promise<Omit<Drafts, "analysis">> {
  const seeds: Seed[] = planned.map((s) => ("requirement" in s ? seedFromDesign(s) : seedFromQa(s)));
  const client = await openModel(settings, { cacheDir: o.cacheDir, log: o.log });
  try {
    const requests = seeds.map((s) => requestFor(s, repoName(a.root)));
    if (o.dryRun) return { drafts: [], model: client.name, estimate: await client.estimate(requests) };
    const counter = startCounter(o.progress, `synth ${o.task}`, requests.length, o.log);
    const replies = await Promise.all(
      requests.map(async (r) => {
        const reply = await client.complete(r);
        counter.tick();
        return reply;
      }),
    );
    counter.finish();
    const drafts = replies.map((reply, i): Draft => {
      const seed = seeds[i] as Seed;
      const id = `${seed.task}:${seed.kind}:${seed.source_id}`;
      if (reply.error !== undefined || reply.json === undefined) {
        return { id, stage: "model", reasons: [`model: ${reply.error ?? "no JSON"}`], raw_text: reply.text };
      }
      return { id, sample: sampleFromReply(seed, reply.json), raw: reply.json, reasons: [] };
    });
    return { drafts, model: client.name, stats: client.stats() };
  } finally {
    await client.close();
  }
}

export async function draftSamples(o: DraftOptions): Promise<Drafts> {
  const analysis = await analyzeRepository(o.repo, {
    focus: o.focus,
    include: o.include,
    exclude: o.exclude,
    log: o.progress === "off" ? undefined : o.log,
    progress: o.progress,
  });
  const planned = plan(analysis, o);
  const worded: Omit<Drafts, "analysis"> =
    o.model.provider === "offline"
      ? {
          drafts: planned.map((s) => ({ id: s.id, sample: s, reasons: [] })),
          model: "offline",
          ...(o.dryRun ? { estimate: { calls: 0, cached: 0, prompt_tokens: 0, completion_tokens: 0 } } : {}),
        }
      : await wordWithModel(planned, analysis, o, o.model);
  for (const d of worded.drafts) {
    if (d.stage !== undefined) continue;
    d.reasons = validate(d.sample, o.task, analysis);
    if (d.reasons.length > 0) d.stage = "validate";
  }
  return { analysis, ...worded };
}
