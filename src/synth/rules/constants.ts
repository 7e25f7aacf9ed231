/** Policy constants: literal values of constants and config-bound fields, linked to config keys. */
import type { Node } from "web-tree-sitter";
import type { ConfigEntry } from "../map/types.js";
import { literalText } from "./text.js";
import type { RawRule } from "./types.js";

/** Names that are plumbing, not policy. */
const NOT_POLICY = /^(serialVersionUID|log|logger|LOG|LOGGER|TAG|__\w+__)$/;

export const isPolicyName = (name: string) => !NOT_POLICY.test(name);

/** Config keys whose numeric values usually encode policy. */
export const POLICY_KEY =
  /(max|min|limit|threshold|percent|rate|fee|timeout|ttl|interval|days|hours|minutes|seconds|amount|price|discount|quota|retries|retry|level|size|count|capacity|expiry|expire|delay)/i;

/** The literal value a constant initializer encodes, or undefined when it is not a plain literal. */
export function constantValue(v: Node): string | undefined {
  const t = v.text.trim();
  if (/^-?\d[\d_]*(\.\d+)?([eE][-+]?\d+)?[lLfFdD]?$/.test(t)) return t.replace(/[lLfFdD]$/, "");
  if (v.type === "integer" || v.type === "float") return t;
  const big = /^new\s+BigDecimal\(\s*"([^"]+)"\s*\)$/.exec(t) ?? /^BigDecimal\.valueOf\(\s*([-\d.]+)\s*\)$/.exec(t);
  if (big) return big[1];
  const mode = /^RoundingMode\.([A-Z_]+)$/.exec(t);
  if (mode) return mode[1];
  const dur = /^Duration\.of(\w+)\(\s*(\d+)\s*\)$/.exec(t);
  if (dur) return `${dur[2]} ${(dur[1] as string).toLowerCase()}`;
  if (v.type === "string_literal" || v.type === "string") {
    const s = literalText(v);
    return /^[A-Z0-9][A-Z0-9_-]{1,31}$/.test(s) ? `"${s}"` : undefined;
  }
  if (t === "true" || t === "false") return t;
  return undefined;
}

const relaxed = (k: string) => k.replace(/[-_]/g, "").toLowerCase();

/** A field bound to a config key (@Value or @ConfigurationProperties), with the config line when found. */
export function bindConfig(
  ctx: { owner: string },
  symbol: string,
  key: string,
  def: string | undefined,
  field: { path: string; start_line: number; end_line: number },
  config: readonly ConfigEntry[],
): RawRule {
  const entry = config.find((c) => c.key === key) ?? config.find((c) => relaxed(c.key) === relaxed(key));
  const spans = [field];
  if (entry !== undefined) spans.push({ path: entry.path, start_line: entry.line, end_line: entry.line });
  const parts: string[] = [];
  if (entry !== undefined)
    parts.push(`is configured as ${entry.key} = ${entry.value} in ${entry.path.replace(/^.*\//, "")}`);
  if (def !== undefined)
    parts.push(
      `${entry === undefined ? "is" : "defaults to"} ${def}${entry === undefined ? ` (config key ${key})` : ""}`,
    );
  if (parts.length === 0) parts.push(`is read from config key ${key}`);
  return {
    kind: "policy_constant",
    owner: ctx.owner,
    symbol,
    summary: `${symbol} ${parts.join(" and ")}`,
    spans,
    value: entry?.value ?? def,
    config_key: entry?.key ?? key,
  };
}
