/**
 * The files `smelt scan` reads besides its inputs: an allowlist (YAML) and a baseline (an
 * earlier `--format json` report). Every problem names the file and the key to fix.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { UserError } from "../core/errors.js";
import type { Allowlist } from "../ops/safety/findings.js";
import { allowlistParam, toAllowlist } from "../ops/safety/params.js";

async function readText(flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : (err as Error).message;
    throw new UserError(`${flag} ${file}: cannot read it (${why})`);
  }
}

/** `key regexes[1]: ...` for each zod issue. */
function issues(flag: string, file: string, error: z.ZodError, allowed = ""): string[] {
  return error.issues.map((i) => {
    const key = i.path.reduce<string>(
      (s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)),
      "",
    );
    if (i.code === "unrecognized_keys") {
      const where = key ? ` in ${key}` : "";
      return `${flag} ${file}: unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `\`${k}\``).join(", ")}${where}${allowed ? ` (allowed: ${allowed})` : ""}`;
    }
    return `${flag} ${file}: ${key ? `key ${key}: ` : ""}${i.message}`;
  });
}

/** Load and check an allowlist file: `{ paths, regexes, values, fingerprints }`, each a list of strings. */
export async function loadAllowlist(file: string): Promise<Allowlist> {
  const text = await readText("--allowlist", file);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const first = ((err as Error).message.split("\n")[0] ?? "").trim();
    throw new UserError(`--allowlist ${file}: not valid YAML (${first})`);
  }
  const parsed = allowlistParam.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = issues("--allowlist", file, parsed.error, "paths, regexes, values, fingerprints");
    throw new UserError(problems[0] as string, problems);
  }
  return toAllowlist(parsed.data);
}

const baselineSchema = z.object({
  version: z.literal(1, { error: "expected 1 (a report written by `smelt scan --format json`)" }),
  findings: z.array(
    z.object({
      type: z.string(),
      path: z.string(),
      fingerprint: z.string().regex(/^[0-9a-f]{16}$/, "expected 16 hex characters"),
    }),
  ),
});

/** Known findings from a baseline: a finding matches on type, path and fingerprint. */
export interface Baseline {
  has(f: { type: string; path: string; fingerprint: string }): boolean;
  size: number;
}

function key(f: { type: string; path: string; fingerprint: string }): string {
  return `${f.type}\u0000${f.path}\u0000${f.fingerprint}`;
}

export async function loadBaseline(file: string): Promise<Baseline> {
  const text = await readText("--baseline", file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      `--baseline ${file}: not JSON (${(err as Error).message}) — make it with \`smelt scan --format json --output ${file}\``,
    );
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = issues("--baseline", file, parsed.error);
    throw new UserError(problems[0] as string, problems);
  }
  const keys = new Set(parsed.data.findings.map(key));
  return { has: (f) => keys.has(key(f)), size: keys.size };
}
