/**
 * `repositories`: one record per repository (not per file), for operators that read a whole
 * repository at once (`synth_qa`, `synth_design`). One shard per repository, so repositories
 * are processed in parallel by the workers. The record's `text` is the repository's name;
 * `repo_root` (absolute) tells the operator where its files are.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { UserError } from "../../core/errors.js";
import { gitHead } from "../../core/gitHead.js";
import { recordId } from "../../core/record.js";
import { fingerprint, inputBase, statInputPath, toPosix } from "./common.js";
import type { InputShard, ReaderDef } from "./types.js";

const params = inputBase("repositories").extend({
  path: z.string().min(1).describe("A repository folder, or a folder of repositories (with `layout: children`)."),
  layout: z
    .enum(["self", "children"])
    .default("self")
    .describe("`self`: the folder is one repository; `children`: each subfolder is a repository."),
});

type Spec = z.infer<typeof params>;

interface RepoUnit {
  root: string;
  /** Relative to the input path ("." for `self`). */
  rel: string;
  name: string;
}

/** Sizes and mtimes of the files under `dir` (no .git): what changes when the code changes. */
function treeStats(dir: string): { bytes: number; files: [string, number, number][] } {
  const files: [string, number, number][] = [];
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === ".git") continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const s = statSync(p);
        bytes += s.size;
        files.push([toPosix(path.relative(dir, p)), s.size, s.mtimeMs]);
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

export const repositoriesReader: ReaderDef<typeof params> = {
  type: "repositories",
  summary: "One record per repository folder, for operators that read whole repositories (synth_qa, synth_design).",
  params,

  async plan(spec: Spec, ctx) {
    const { abs, stat } = await statInputPath(spec.id, spec.path, ctx);
    if (!stat.isDirectory()) {
      throw new UserError(`input \`${spec.id}\`: path ${spec.path} is a file; the repositories reader needs a folder`);
    }
    const units: RepoUnit[] =
      spec.layout === "self"
        ? [{ root: abs, rel: ".", name: path.basename(abs) }]
        : readdirSync(abs, { withFileTypes: true })
            .filter((e) => e.isDirectory() && !e.name.startsWith("."))
            .map((e) => e.name)
            .sort()
            .map((n) => ({ root: path.join(abs, n), rel: n, name: n }));
    if (units.length === 0) {
      throw new UserError(
        `input \`${spec.id}\`: no subfolders under ${spec.path} — use \`layout: self\` for one repository`,
      );
    }
    return units.map((u): InputShard => {
      const t = treeStats(u.root);
      return {
        input: spec.id,
        type: "repositories",
        unit: { ...u },
        bytes: t.bytes,
        fingerprint: fingerprint([gitHead(u.root), t.files]),
      };
    });
  },

  locate(shard) {
    return { type: "folder", root: (shard.unit as unknown as RepoUnit).root };
  },

  async *read(shard) {
    const u = shard.unit as unknown as RepoUnit;
    yield {
      kind: "record",
      record: {
        id: recordId(shard.input, u.rel),
        text: u.name,
        source: shard.input,
        path: u.rel,
        repo: u.name,
        meta: { repo_root: u.root },
        scores: {},
        tags: [],
      },
      bytes: shard.bytes,
    };
  },
};
