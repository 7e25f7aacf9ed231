/**
 * `smelt inspect` on a `smelt synth` output folder: what was asked of which repository, how many
 * samples were kept per kind, why the others were rejected, the split, and a few samples with
 * their evidence.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { renderTable } from "../cli/table.js";
import { type SynthManifest, TOOL } from "./output.js";

/** The synth manifest of `dir`, or undefined when the folder is something else. */
export async function readSynthManifest(dir: string): Promise<SynthManifest | undefined> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as SynthManifest;
    return m.tool === TOOL ? m : undefined;
  } catch {
    return undefined;
  }
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export async function renderSynthInspection(dir: string, m: SynthManifest, samples: number): Promise<string> {
  const c = m.counts;
  const out = [
    `${dir}  (smelt synth ${m.task}, ${m.repo.root}${m.repo.revision ? ` @ ${m.repo.revision.slice(0, 12)}` : ""}, model ${m.model.name}, seed ${m.seed}, finished ${m.finished_at})`,
    "",
    `samples: ${c.planned} planned -> ${c.kept} kept, ${c.rejected} rejected (${m.timings_s.total.toFixed(1)} s)` +
      (m.split ? `; split by ${m.split.by}: ${m.split.train} train / ${m.split.validation} validation` : ""),
  ];
  if (m.model.stats)
    out.push(`model:   ${m.model.stats.calls} calls, ${m.model.stats.cache_hits} answered by the cache`);
  out.push(
    "",
    renderTable(
      ["kind", "kept"],
      Object.entries(c.kept_by_kind).map(([k, v]) => [k, String(v)]),
    ),
  );
  if (Object.keys(c.rejected_by_reason).length > 0) {
    out.push(
      "",
      "rejection reasons (rejected.jsonl has every sample with its reasons):",
      renderTable(
        ["reason", "samples"],
        Object.entries(c.rejected_by_reason)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, String(v)]),
      ),
    );
  }
  const kept = (await readFile(path.join(dir, "samples.jsonl"), "utf8").catch(() => ""))
    .split("\n")
    .filter((l) => l !== "")
    .slice(0, samples)
    .map(
      (l) =>
        JSON.parse(l) as {
          question?: string;
          requirement?: string;
          evidence: { path: string; start_line: number; end_line: number }[];
        },
    );
  if (kept.length > 0) {
    out.push("", "samples:");
    for (const s of kept) {
      out.push(`  - ${clip(s.question ?? s.requirement ?? "", 110)}`);
      out.push(`    evidence: ${s.evidence.map((e) => `${e.path}:${e.start_line}-${e.end_line}`).join(", ")}`);
    }
  }
  return `${out.join("\n")}\n`;
}
