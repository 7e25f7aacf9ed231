import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../../src/core/manifest.js";
import { runRecipe } from "../../src/exec/runner.js";
import { loadRecipe } from "../../src/recipe/load.js";
import { parquetGlob, query, ROOT, tempDir } from "./helpers.js";

/** The bundled quickstart, run through the library API on 2 workers. */
describe("quickstart recipe end to end", () => {
  let out: string;
  let manifest: Manifest;

  beforeAll(async () => {
    const { recipe } = await loadRecipe(join(ROOT, "recipes", "quickstart.yaml"));
    out = join(tempDir(), "out");
    recipe.output.path = out;
    ({ manifest } = await runRecipe(recipe, { workers: 2, progress: "off" }));
  });

  it("accounts for every input record, at every level", () => {
    const c = manifest.counts;
    expect(c.input).toBe(c.output + c.dropped + c.errored);
    expect(manifest.accounting).toEqual({ ok: true, problems: [] });
    for (const st of manifest.stages) {
      expect(st.counts.in + st.counts.generated).toBe(st.counts.out + st.counts.dropped + st.counts.errored);
      for (const op of st.operators) expect(op.in + op.generated).toBe(op.out + op.dropped + op.errored);
    }
    // Stage boundaries chain: what stage 1 keeps is what stage 2 gets.
    expect(manifest.stages[1]?.counts.in).toBe(manifest.stages[0]?.counts.out);
    // examples/repos holds 62 files once the gitignored build/ folder is skipped (the binary
    // PNG and the Latin-1 file included: they are accounted for, not skipped silently), and
    // examples/docs 60 + 20 JSONL lines (3 of them broken).
    expect(c.input).toBe(62 + 60 + 20);
  });

  it("writes hive-partitioned Parquet whose rows match the manifest", async () => {
    const dirs = readdirSync(join(out, "data")).sort();
    expect(dirs).toContain("lang=python");
    expect(dirs).toContain("lang=rust");
    // Partitioned by language, then license: each repository's license, NOASSERTION for articles.
    expect(readdirSync(join(out, "data", "lang=rust"))).toEqual(["license=BSD-3-Clause"]);
    expect(readdirSync(join(out, "data", "lang=en"))).toEqual(["license=NOASSERTION"]);
    expect(dirs.every((d) => d.startsWith("lang="))).toBe(true);
    const [[rows]] = (await query(`SELECT count(*) FROM read_parquet(${parquetGlob(join(out, "data"))})`)) as [
      [bigint],
    ];
    expect(Number(rows)).toBe(manifest.counts.output);
    expect(manifest.outputs.data.rows).toBe(manifest.counts.output);
    // The partition value lives in the path only (hive convention), and comes back as a column.
    const langs = await query(
      `SELECT lang, count(*) FROM read_parquet(${parquetGlob(join(out, "data"))}, hive_partitioning = true) GROUP BY 1`,
    );
    expect(langs.length).toBe(dirs.length);
    const files = manifest.outputs.data.files;
    for (const f of files) expect(f).toMatch(/^data\/lang=[^/]+\/license=[^/]+\/part-\d+\.parquet$/);
  });

  it("writes Parquet an independent reader can decode (ZSTD, plain types)", async () => {
    const file = join(out, manifest.outputs.data.files[0] as string);
    const buf = await asyncBufferFromFile(file);
    const meta = await parquetMetadataAsync(buf);
    const codecs = new Set(meta.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)));
    expect(codecs).toEqual(new Set(["ZSTD"]));
    const rows = (await parquetReadObjects({ file: buf, compressors })) as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(typeof r.id).toBe("string");
      expect(typeof r.text).toBe("string");
      expect(Array.isArray(r.tags)).toBe(true);
      expect(r).not.toHaveProperty("lang");
      expect(r).not.toHaveProperty("license");
    }
  });

  it("records why each record was dropped or errored", async () => {
    const dropped = await query(
      `SELECT path, dropped_by, drop_reason, dup_of FROM read_parquet(${parquetGlob(join(out, "dropped"))}) ORDER BY path`,
    );
    const byPath = new Map(dropped.map((r) => [String(r[0]), r]));
    expect(byPath.get("inkwell/docs/logo.png")?.[1]).toBe("read:repos");
    expect(byPath.get("inkwell/tests/__init__.py")?.[2]).toBe("min_chars 0 < 40");
    expect(byPath.get("tallyho/src/stopwords.generated.ts")?.[1]).toBe("code_quality");
    expect(byPath.get("tallyho/dist/tallyho.min.js")?.[2]).toMatch(/^max_line_length \d+ > 1000$/);
    // Exactly one of the two byte-identical release.sh copies survives, and the other points at it.
    const release = dropped.filter((r) => String(r[0]).endsWith("scripts/release.sh"));
    expect(release).toHaveLength(1);
    expect(release[0]?.[1]).toBe("exact_dup");
    expect(String(release[0]?.[3])).toMatch(/^[0-9a-f]{16}$/);
    // CRLF + trailing-space copy of CONTRIBUTING.md is caught by whitespace normalization.
    expect(dropped.filter((r) => String(r[0]).endsWith("CONTRIBUTING.md"))).toHaveLength(1);
    // Article duplicates (art-0023, art-0041, art-0034 in the corpus notes) are dropped too.
    const [[articleDups]] = (await query(
      `SELECT count(*) FROM read_parquet(${parquetGlob(join(out, "dropped"))}) WHERE source = 'articles' AND dropped_by = 'exact_dup'`,
    )) as [[bigint]];
    expect(Number(articleDups)).toBe(3);
    // The renamed copy of the link checker (word 5-gram Jaccard ~0.85) is a near-duplicate.
    const near = dropped.filter((r) => r[1] === "near_dup").map((r) => String(r[0]));
    expect(near).toHaveLength(1);
    expect(["inkwell/scripts/check_links.py", "ferrous/scripts/find_dead_links.py"]).toContain(near[0]);
    // The gitignored build/ output never enters the run at all.
    expect(byPath.has("inkwell/build/html/index.html")).toBe(false);

    const errored = await query(
      `SELECT path, errored_by, error FROM read_parquet(${parquetGlob(join(out, "errored"))})`,
    );
    const reasons = errored.map((r) => `${r[1]} ${r[0]}: ${r[2]}`).join("\n");
    expect(reasons).toMatch(/read:repos orbit\/testdata\/latin1\.txt: invalid UTF-8/);
    expect(errored.filter((r) => r[1] === "read:articles").length).toBe(3);
    expect(errored.length).toBe(manifest.counts.errored);
  });

  it("writes a dataset card that Hugging Face datasets can resolve", () => {
    const card = readFileSync(join(out, "README.md"), "utf8");
    expect(card).toMatch(/^---\nconfigs:|^---\npretty_name: quickstart\nconfigs:/);
    expect(card).toContain("path: data/**/*.parquet");
    expect(card).toContain(`**${manifest.counts.output}** records kept`);
    expect(card).toContain("| dedup | `exact_dup` | exact_dedup 1.0.0 |");
    // the card says whether and how secrets and personal data were handled
    expect(card).toContain("## Secrets and personal data");
    expect(card).toContain(
      "- `redact` (redact 1.0.0): secrets and personal data — every finding replaced by a typed placeholder.",
    );
  });

  it("keeps the natural language the articles already had", async () => {
    const langs = await query(
      `SELECT DISTINCT lang FROM read_parquet(${parquetGlob(join(out, "data"))}, hive_partitioning = true) WHERE source = 'articles' ORDER BY 1`,
    );
    expect(langs.map((r) => r[0])).toEqual(["de", "en", "es", "fr"]);
  });

  it("writes a manifest with versions, params, hash and per-stage manifests", () => {
    expect(manifest.recipe.config_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.smelt_version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    const ops = manifest.stages.flatMap((s) => s.operators.map((o) => o.id));
    expect(ops).toEqual([
      "read:repos",
      "read:articles",
      "redact",
      "lang",
      "license",
      "too_short",
      "code_quality",
      "exact_dup",
      "near_dup",
    ]);
    // code_quality only looked at the repositories' files (where: { source: repos }).
    const quality = manifest.stages[0]?.operators.find((o) => o.id === "code_quality");
    expect(quality?.skipped).toBe(74);
    const tooShort = manifest.stages[0]?.operators.find((o) => o.id === "too_short");
    expect(tooShort).toMatchObject({ op: "length_filter", kind: "filter", version: "1.0.0" });
    expect(tooShort?.params).toMatchObject({ min_chars: 40 });
    const stageFiles = readdirSync(join(out, "manifests")).sort();
    expect(stageFiles).toEqual(["stage-1-clean.json", "stage-2-dedup.json"]);
    expect(relative(out, join(out, "manifest.json"))).toBe("manifest.json");
  });
});
