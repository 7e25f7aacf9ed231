import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/exec/log.js";
import { analyzeRepository } from "../../src/synth/analyze.js";
import { validateDesign } from "../../src/synth/design/index.js";
import { validateSample } from "../../src/synth/qa/index.js";
import { synthesize } from "../../src/synth/run.js";
import { ROOT, tempDir } from "../engine/helpers.js";

/**
 * Must-show 1: offline `smelt synth` on code no one here wrote — a JavaScript package from
 * node_modules, modules of Python's standard library, the JDK's java.sql sources (Debian
 * openjdk-17-source; scripts/test-setup.mjs installs it) — and on the shopfloor fixture. Every
 * kept sample is validated again here, and every snippet is compared with the file read afresh.
 */
const JDK_SRC = "/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip";
const python = readdirSync("/usr/lib")
  .filter((d) => /^python3\.\d+$/.test(d) && existsSync(`/usr/lib/${d}/json/__init__.py`))
  .map((d) => `/usr/lib/${d}`)[0];

function jdkSql(): string {
  const dir = tempDir("smelt-jdk-");
  execFileSync("unzip", ["-q", JDK_SRC, "java.sql/*", "-d", dir]);
  return path.join(dir, "java.sql");
}

interface Case {
  name: string;
  repo: () => string;
  skip: boolean;
  /** Kept QA samples at least (of 40 planned). */
  minQa: number;
}
const cases: Case[] = [
  {
    name: "shopfloor (Java fixture)",
    repo: () => path.join(ROOT, "examples/services/shopfloor"),
    skip: false,
    minQa: 36,
  },
  {
    name: "node_modules/commander (JavaScript)",
    repo: () => path.join(ROOT, "node_modules/commander"),
    skip: false,
    minQa: 15,
  },
  { name: "Python stdlib http", repo: () => path.join(python ?? "", "http"), skip: python === undefined, minQa: 20 },
  { name: "JDK java.sql", repo: jdkSql, skip: !existsSync(JDK_SRC), minQa: 25 },
];

describe.each(cases)("offline synth on $name", ({ repo, skip, minQa }) => {
  it.skipIf(skip)(
    "every kept sample is valid and its evidence is at the cited lines; the manifest adds up",
    async () => {
      const root = repo();
      const analysis = await analyzeRepository(root);
      for (const task of ["qa", "design"] as const) {
        const out = tempDir("smelt-synth-real-");
        const res = await synthesize({
          repo: root,
          task,
          out: path.join(out, task),
          count: task === "qa" ? 40 : 10,
          seed: 11,
          model: { provider: "offline" },
          log: silentLogger,
          progress: "off",
        });
        const counts = res.manifest.counts as { planned: number; kept: number; rejected: number };
        expect(counts.kept + counts.rejected).toBe(counts.planned);
        expect(res.kept.length).toBe(counts.kept);
        if (task === "qa") expect(res.kept.length).toBeGreaterThanOrEqual(minQa);
        for (const s of res.kept) {
          const reasons =
            task === "qa"
              ? validateSample(s, analysis.index, root, analysis.map)
              : validateDesign(s, analysis.index, root, analysis.map);
          expect(reasons, s.id).toEqual([]);
          for (const e of s.evidence) {
            const lines = readFileSync(path.join(root, e.path), "utf8").split(/\r?\n/);
            expect(lines.slice(e.start_line - 1, e.end_line).join("\n"), `${s.id} ${e.path}`).toBe(e.snippet);
          }
        }
        for (const r of res.rejected) expect(r.reasons.length).toBeGreaterThan(0);
        // Samples do not repeat each other: ids and questions are distinct.
        expect(new Set(res.kept.map((s) => s.id)).size).toBe(res.kept.length);
      }
    },
    180_000,
  );
});
