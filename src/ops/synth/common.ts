/**
 * What `synth_qa` and `synth_design` share: their params and the batch function that turns
 * each repository record (from the `repositories` reader) into one record per drafted sample.
 * Records without `repo_root` pass through untouched, so `synth_qa` then `synth_design` (with
 * `keep_repository: true` on the first) both see each repository. Every draft is emitted, valid or not, with its rejection reasons in `synth_reasons`; the
 * `synth_check` filter after it drops the rejected ones with those reasons, and
 * `minhash_dedup` on `prompt` removes near-duplicate questions — so the run manifest accounts
 * for every sample.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { type BatchFn, drop, keep, type OpContext, type RecordOutcome } from "../../core/operator.js";
import { recordId, type SmeltRecord } from "../../core/record.js";
import { silentLogger } from "../../exec/log.js";
import { type Draft, draftSamples, type SynthTask } from "../../synth/draft.js";
import type { SynthSample } from "../../synth/export/index.js";
import { assistantText, userText } from "../../synth/export/render.js";
import { ModelSettingsSchema } from "../../synth/model/settings.js";

export function synthParams(defaultCount: number) {
  return z.strictObject({
    count: z.number().int().positive().default(defaultCount).describe("Samples to plan per repository."),
    seed: z.number().int().optional().describe("Seed of every choice; default the recipe seed."),
    focus: z.array(z.string().min(1)).default([]).describe("Keywords naming the domains to cover (`order`, `stock`)."),
    include: z.array(z.string().min(1)).optional().describe("Globs of files to index (default all)."),
    exclude: z.array(z.string().min(1)).optional().describe("Globs of files to leave out."),
    model: ModelSettingsSchema.default({ provider: "offline" }).describe(
      "offline | openai (base_url, model, api_key from an environment variable...) | local (GGUF path): see docs/synth.md",
    ),
    keep_repository: z
      .boolean()
      .default(false)
      .describe("Pass the repository record on (for a second synth operator after this one) instead of dropping it."),
    cache_dir: z
      .string()
      .optional()
      .describe(
        "Model response cache (a rerun calls nothing), relative to the recipe folder; default $XDG_CACHE_HOME/smelt/model (~/.cache/smelt/model).",
      ),
  });
}

export type SynthParams = z.infer<ReturnType<typeof synthParams>>;

/** Where model replies are kept across runs when the recipe does not say: the user's cache folder. */
function userCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "smelt", "model");
}

const asSample = (d: Draft) => d.sample as SynthSample | undefined;
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** One output record per draft: the turns in `prompt`/`response`, the whole sample as JSON. */
function draftRecord(repo: SmeltRecord, d: Draft, model: string, task: SynthTask): SmeltRecord {
  const s = asSample(d);
  const valid = d.reasons.length === 0 && s !== undefined;
  const prompt = valid ? userText(s) : "";
  const response = valid ? assistantText(s, { include_reasoning: false, include_citations: true }) : "";
  const meta = s?.metadata;
  return {
    id: recordId(repo.id, d.id),
    text: valid ? `${prompt}\n\n${response}` : "",
    source: repo.source,
    ...(repo.path !== undefined ? { path: repo.path } : {}),
    ...(repo.repo !== undefined ? { repo: repo.repo } : {}),
    meta: {
      task,
      sample_id: d.id,
      kind: meta?.kind ?? null,
      difficulty: meta?.difficulty ?? null,
      domain: meta?.domain ?? null,
      prompt,
      response,
      evidence: json(s?.evidence),
      sample: json(d.sample),
      model,
      synth_stage: d.stage ?? null,
      synth_reasons: d.reasons,
      raw_reply: d.raw_text ?? null,
    },
    scores: {},
    tags: [],
  };
}

export function createSynth(task: SynthTask, p: SynthParams, ctx: OpContext): BatchFn {
  return async (records) => {
    const added: SmeltRecord[] = [];
    const outcomes: RecordOutcome[] = [];
    for (const r of records) {
      const root = r.meta.repo_root;
      if (typeof root !== "string") {
        // Not a repository (e.g. a draft of an earlier synth operator): passed on untouched.
        outcomes.push(keep());
        continue;
      }
      const res = await draftSamples({
        repo: root,
        task,
        count: p.count,
        seed: p.seed ?? ctx.seed,
        focus: p.focus,
        include: p.include,
        exclude: p.exclude,
        model: p.model,
        cacheDir: p.cache_dir === undefined ? userCacheDir() : path.resolve(ctx.baseDir, p.cache_dir),
        log: silentLogger,
        progress: "off",
      });
      for (const d of res.drafts) added.push(draftRecord(r, d, res.model, task));
      // The repository record itself is consumed: its samples are the output.
      outcomes.push(
        p.keep_repository ? keep() : drop("synthesized", `${res.drafts.length} ${task} drafts from ${r.repo ?? root}`),
      );
    }
    return { outcomes, added };
  };
}
