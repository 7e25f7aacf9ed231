/** Look-ups over the index, map and rules, and the evidence list a design sample is built on. */
import type { Chunk, RepoIndex } from "../index/index.js";
import type { ConfigEntry, DomainMap, Entity, Span, Table } from "../map/index.js";
import { type ConfigReader, configReaders } from "../qa/configReaders.js";
import type { Lines } from "../qa/text.js";
import type { QaEvidence } from "../qa/types.js";
import type { BusinessRule } from "../rules/index.js";
import type { DesignSample } from "./types.js";

/** Long spans are cut to their first lines: the snippet stays exactly the file's text. */
const MAX_SPAN = 30;
const TEST_PATH = /(^|\/)(test|tests|__tests__)\/|_test\.|\.test\.|Test\.java$/;

export const q = (s: string) => `\`${s}\``;
export const list = (xs: string[]) =>
  xs.length < 2 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`;
export const cls = (symbol: string) => symbol.split(".")[0] ?? symbol;
export const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

export class Context {
  private readonly chunks = new Map<string, Chunk>();
  constructor(
    readonly index: RepoIndex,
    readonly map: DomainMap,
    readonly rules: BusinessRule[],
    readonly lines: Lines,
  ) {
    // Production code wins over tests when a qualified name occurs twice.
    for (const c of index.chunks)
      if (!TEST_PATH.test(c.path) && !this.chunks.has(c.qualified)) this.chunks.set(c.qualified, c);
  }
  chunk(qualified: string): Chunk | undefined {
    return this.chunks.get(qualified);
  }
  methodsOf(owner: string): Chunk[] {
    return [...this.chunks.values()].filter((c) => c.kind === "method" && c.qualified === `${owner}.${c.name}`);
  }
  /** Production methods that call `qualified`, in the order the map found them. */
  callers(qualified: string): string[] {
    return [...new Set(this.map.calls.filter((c) => c.to === qualified && this.chunk(c.from)).map((c) => c.from))];
  }
  /** The module a file belongs to (longest folder prefix), for metadata.domain. */
  moduleOf(path: string): string {
    const m = this.map.modules
      .filter((x) => x.path === "." || path.startsWith(`${x.path}/`))
      .sort((a, b) => b.path.length - a.path.length)[0];
    return m?.name ?? "";
  }
  rulesOf(symbol: string, kind?: BusinessRule["kind"]): BusinessRule[] {
    return this.rules.filter((r) => r.symbol === symbol && (!kind || r.kind === kind));
  }
  table(e: Entity): Table | undefined {
    return e.table ? this.map.tables.find((t) => t.name === e.table) : undefined;
  }
  config(key: string): ConfigEntry | undefined {
    return this.map.config.find((c) => c.key === key);
  }
  entity(name: string): Entity | undefined {
    return this.map.entities.find((e) => e.name === name);
  }
  private readers?: Map<string, ConfigReader>;
  /** Where code reads a config key by name (`config.get("a.b")`), scanned once per context. */
  reader(key: string): ConfigReader | undefined {
    this.readers ??= configReaders(this.index, this.map.config, this.lines);
    return this.readers.get(key);
  }
  /** Constants of an indexed enum (Java `HELD,`, TypeScript `REGISTERED = "REGISTERED",`), in order. */
  enumMembers(name: string): string[] {
    const c = this.chunk(name);
    const text = c?.kind === "enum" ? this.lines.of(c.path) : undefined;
    if (!c || !text) return [];
    const out = new Set<string>();
    for (let l = c.start_line + 1; l <= c.end_line; l++) {
      const m = /^\s*([A-Z][A-Z0-9_]*)\s*(?:[=,(;{]|$)/.exec(text[l - 1] ?? "");
      if (m) out.add(m[1] as string);
    }
    return [...out];
  }
}

/** The evidence of one sample: spans are read once, deduplicated, and addressed by index. */
export class EvidenceSet {
  readonly items: QaEvidence[] = [];
  constructor(private readonly lines: Lines) {}
  add(span: Span): number | undefined {
    const end = Math.min(span.end_line, span.start_line + MAX_SPAN - 1);
    const at = this.items.findIndex(
      (e) => e.path === span.path && e.start_line === span.start_line && e.end_line === end,
    );
    if (at >= 0) return at;
    const snippet = this.lines.slice(span.path, span.start_line, end);
    if (snippet === null) return undefined;
    this.items.push({ path: span.path, start_line: span.start_line, end_line: end, snippet });
    return this.items.length - 1;
  }
  /** Indexes of every span of the rule that could be read. */
  rule(r: BusinessRule): number[] {
    return r.evidence.map((e) => this.add(e)).filter((i): i is number => i !== undefined);
  }
}

export type Reuse = DesignSample["reuses"][number];
export interface Body {
  requirement: string;
  proposal: DesignSample["proposal"];
  reuses: Reuse[];
  trace: { text: string; evidence: number[] }[];
}

/** Collects the reused components of a proposal, each cited by its own declaration. */
export class Reuses {
  readonly items: Reuse[] = [];
  constructor(
    private readonly ctx: Context,
    private readonly ev: EvidenceSet,
  ) {}
  /**
   * The chunk's evidence index when `qualified` is indexed, after recording the reuse. `also` are
   * further spans that show what the component relies on (the table rows a check reads).
   */
  add(qualified: string, how: Reuse["how"], why: string, also: number[] = []): number | undefined {
    const c = this.ctx.chunk(qualified);
    if (!c) return undefined;
    const i = this.ev.add(c);
    if (i === undefined) return undefined;
    if (!this.items.some((r) => r.component === qualified))
      this.items.push({ component: qualified, how, why, evidence: present([i, ...also]) });
    return i;
  }
}

export const present = (xs: (number | undefined)[]): number[] => [
  ...new Set(xs.filter((x): x is number => x !== undefined)),
];
