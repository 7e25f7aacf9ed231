/**
 * Export step of `smelt synth`: kept samples → train/validation files in the chat, alpaca and
 * sharegpt formats, trainer configs (LLaMA-Factory, axolotl) and a dataset card.
 */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../../io/atomic.js";
import { renderCard } from "./card.js";
import { dataFile, toJsonl } from "./formats.js";
import { splitSamples } from "./split.js";
import { axolotlConfig, datasetInfo, datasetSlug } from "./trainers.js";
import {
  EXPORT_FORMATS,
  type ExportInfo,
  type ExportOptions,
  type ExportResult,
  type SplitOptions,
  type SynthSample,
} from "./types.js";

export { assistantText, renderDesign, userTurn } from "./render.js";
export { moduleOf, splitKeys, splitSamples } from "./split.js";
export type * from "./types.js";

/** Files of an earlier export that this one did not rewrite (another format set, no validation). */
const OUR_FILE = /^((train|validation)\.(messages|alpaca|sharegpt)\.jsonl|axolotl\.yaml)$/;

export async function exportSamples(
  samples: readonly SynthSample[],
  info: ExportInfo,
  options: ExportOptions,
): Promise<ExportResult> {
  const formats = [...new Set(options.formats?.length ? options.formats : EXPORT_FORMATS)];
  const splitOpts: SplitOptions = {
    by: options.split?.by ?? "file",
    validation: options.split?.validation ?? 0.1,
    seed: options.split?.seed ?? info.seed,
  };
  if (!(splitOpts.validation >= 0 && splitOpts.validation < 1))
    throw new Error(`split.validation must be in [0, 1): ${splitOpts.validation}`);
  const include_reasoning = options.include_reasoning ?? false;
  const include_citations = options.include_citations ?? true;
  const render = {
    include_reasoning,
    include_citations,
    system_prompt: options.system_prompt,
    context: options.repo_context
      ? `Repository: ${info.repo}${info.revision ? ` (revision ${info.revision.slice(0, 12)})` : ""}`
      : undefined,
  };

  const { train, validation, stats } = splitSamples(samples, splitOpts, info.modules);
  const exportDir = path.join(options.outDir, "export");
  const written: string[] = [];
  const write = async (rel: string, data: string) => {
    await writeFileAtomic(path.join(options.outDir, rel), data);
    written.push(rel);
  };

  for (const f of formats) {
    await write(`export/${dataFile("train", f)}`, toJsonl(train, f, render));
    if (validation.length) await write(`export/${dataFile("validation", f)}`, toJsonl(validation, f, render));
  }
  const slug = datasetSlug(info.repo);
  const registry = datasetInfo(slug, formats, validation.length > 0, Boolean(options.system_prompt));
  await writeJsonAtomic(path.join(exportDir, "dataset_info.json"), registry);
  written.push("export/dataset_info.json");
  // axolotl reads the messages files only.
  if (formats.includes("messages")) await write("export/axolotl.yaml", axolotlConfig(slug, validation.length > 0));
  await write(
    "README.md",
    renderCard({
      info,
      formats,
      train,
      validation,
      split: stats,
      split_seed: splitOpts.seed,
      validation_fraction: splitOpts.validation,
      slug,
      include_reasoning,
      include_citations,
      system_prompt: options.system_prompt,
    }),
  );

  // Stale data files would contradict the card and dataset_info.json; only export/ is touched.
  for (const name of await readdir(exportDir)) {
    if (OUR_FILE.test(name) && !written.includes(`export/${name}`)) await rm(path.join(exportDir, name));
  }
  return { files: written, split: stats };
}
