/**
 * Offline `smelt synth` on real code no one here wrote, one table row per corpus:
 *   node --import tsx bench/synth-real.ts [--qa 60] [--design 20]
 *
 * Corpora: the two service fixtures (shopfloor: Java/Spring; parcel: TypeScript/Express), Go
 * (examples/repos/orbit), packages from node_modules (yaml, zod, commander), modules of Python's
 * standard library (email, http) and the JDK 17 sources (java.sql, java.util.concurrent; from
 * Debian's openjdk-17-source). Prints planned → kept, rejections by reason, and seconds.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { silentLogger } from "../src/exec/log.js";
import { synthesize } from "../src/synth/run.js";

const args = process.argv.slice(2);
const flag = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const QA = flag("--qa", 60);
const DESIGN = flag("--design", 20);
const ROOT = path.resolve(import.meta.dirname, "..");
const SRC_ZIP = "/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip";
const scratch = mkdtempSync(path.join(tmpdir(), "smelt-bench-real-"));
const python = readdirSync("/usr/lib")
  .filter((d) => /^python3\.\d+$/.test(d) && existsSync(`/usr/lib/${d}/json/__init__.py`))
  .map((d) => `/usr/lib/${d}`)[0];

function jdk(sub: string, name: string): string | undefined {
  if (!existsSync(SRC_ZIP)) return undefined;
  const dir = path.join(scratch, name);
  execFileSync("unzip", ["-q", SRC_ZIP, `${sub}/*`, "-d", dir]);
  return dir;
}

function pythonModules(mods: string[]): string | undefined {
  if (!python) return undefined;
  const dir = path.join(scratch, "python");
  for (const m of mods) cpSync(path.join(python, m), path.join(dir, m), { recursive: true });
  return dir;
}

const corpora: [string, () => string | undefined][] = [
  ["shopfloor (Java fixture)", () => path.join(ROOT, "examples/services/shopfloor")],
  ["parcel (TypeScript fixture)", () => path.join(ROOT, "examples/services/parcel")],
  ["orbit (Go example)", () => path.join(ROOT, "examples/repos/orbit")],
  ["node_modules/yaml", () => path.join(ROOT, "node_modules/yaml")],
  ["node_modules/zod", () => path.join(ROOT, "node_modules/zod")],
  ["node_modules/commander", () => path.join(ROOT, "node_modules/commander")],
  ["Python stdlib email + http", () => pythonModules(["email", "http"])],
  ["JDK java.sql", () => jdk("java.sql", "jdk-sql")],
  ["JDK java.util.concurrent", () => jdk("java.base/java/util/concurrent", "jdk-juc")],
];

const rows: string[] = [
  "| corpus | files | rules | QA planned → kept | design planned → kept | rejected (reasons) | seconds (QA + design) |",
  "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
];
try {
  for (const [name, repoOf] of corpora) {
    const repo = repoOf();
    if (!repo) {
      rows.push(`| ${name} | — | — | skipped (not installed) | | | |`);
      continue;
    }
    const res: {
      planned: number;
      kept: number;
      reasons: Record<string, number>;
      s: number;
      files: number;
      rules: number;
    }[] = [];
    for (const [task, count] of [
      ["qa", QA],
      ["design", DESIGN],
    ] as const) {
      const out = path.join(scratch, `out-${task}`);
      rmSync(out, { recursive: true, force: true });
      const t = performance.now();
      const r = await synthesize({
        repo,
        task,
        out,
        count,
        seed: 1,
        model: { provider: "offline" },
        log: silentLogger,
        progress: "off",
      });
      const m = r.manifest as {
        counts: { planned: number; kept: number; rejected_by_reason: Record<string, number> };
        analysis: { files: number; rules: Record<string, number> };
      };
      res.push({
        planned: m.counts.planned,
        kept: m.counts.kept,
        reasons: m.counts.rejected_by_reason,
        s: (performance.now() - t) / 1000,
        files: m.analysis.files,
        rules: Object.values(m.analysis.rules).reduce((a, b) => a + b, 0),
      });
    }
    const [qa, design] = res as [(typeof res)[0], (typeof res)[0]];
    const reasons = new Map<string, number>();
    for (const x of res) for (const [k, v] of Object.entries(x.reasons)) reasons.set(k, (reasons.get(k) ?? 0) + v);
    const why = [...reasons].map(([k, v]) => `${k} ${v}`).join(", ") || "none";
    rows.push(
      `| ${name} | ${qa.files} | ${qa.rules} | ${qa.planned} → ${qa.kept} | ${design.planned} → ${design.kept} | ${why} | ${qa.s.toFixed(1)} + ${design.s.toFixed(1)} |`,
    );
    console.error(rows.at(-1));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(rows.join("\n"));
