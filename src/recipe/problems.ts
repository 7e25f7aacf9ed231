/**
 * Turning recipe problems (zod issues, semantic checks) into `file:line:col: message — fix`
 * lines that point at the offending YAML node.
 */
import type { Document, LineCounter, Node } from "yaml";
import { isMap, isNode, isPair, isScalar, isSeq } from "yaml";
import type { z } from "zod";
import { suggestName } from "../core/registry.js";
import { getAt, type RecipePath } from "./secrets.js";

export interface Problem {
  line: number;
  col: number;
  message: string;
  /** Recipe path the problem is about (absent for YAML syntax / interpolation problems). */
  path?: RecipePath;
}

/** Maps recipe paths to positions in the YAML source. */
export class Locator {
  constructor(
    readonly display: string,
    private readonly doc: Document | undefined,
    private readonly lc: LineCounter,
  ) {}

  problemAtOffset(offset: number, message: string): Problem {
    const { line, col } = this.lc.linePos(offset);
    return { line, col, message };
  }

  /** The deepest node along `path` (the key node when the value is empty). */
  private nodeAt(path: RecipePath): Node | undefined {
    let cur: unknown = this.doc?.contents;
    let found: Node | undefined = isNode(cur) ? cur : undefined;
    for (const seg of path) {
      if (isMap(cur)) {
        const pair = cur.items.find((p) => isPair(p) && keyName(p.key) === String(seg));
        if (!pair) return found;
        if (!isNode(pair.value)) return isNode(pair.key) ? pair.key : found;
        cur = pair.value;
      } else if (isSeq(cur)) {
        const item = typeof seg === "number" ? cur.items[seg] : undefined;
        if (!isNode(item)) return found;
        cur = item;
      } else {
        return found;
      }
      found = cur as Node;
    }
    return found;
  }

  /** Problem at the value of `path` (or the closest existing ancestor). */
  at(path: RecipePath, message: string): Problem {
    const node = this.nodeAt(path);
    return { ...this.problemAtOffset(node?.range?.[0] ?? 0, message), path };
  }

  /** Problem at the key `key` of the map at `mapPath` (for unknown keys). */
  atKey(mapPath: RecipePath, key: string, message: string): Problem {
    let map: unknown = this.doc?.contents;
    for (const seg of mapPath) {
      if (isMap(map)) map = map.items.find((p) => keyName(p.key) === String(seg))?.value;
      else if (isSeq(map) && typeof seg === "number") map = map.items[seg];
      else map = undefined;
    }
    if (isMap(map)) {
      const pair = map.items.find((p) => keyName(p.key) === key);
      if (pair && isNode(pair.key) && pair.key.range) {
        return { ...this.problemAtOffset(pair.key.range[0], message), path: [...mapPath, key] };
      }
    }
    return { ...this.at(mapPath, message), path: [...mapPath, key] };
  }

  format(p: Problem): string {
    return `${this.display}:${p.line}:${p.col}: ${p.message}`;
  }
}

function keyName(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** `stages[0].operators[1].params.min_chars` */
export function pathString(path: RecipePath): string {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "number") s += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) s += s === "" ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

function prefix(path: RecipePath): string {
  return path.length === 0 ? "" : `${pathString(path)}: `;
}

// ---------------------------------------------------------------------------------------------
// Describing values and expected types

const TYPE_NAMES: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "a string",
  boolean: "a boolean (true or false)",
  array: "a list",
  object: "a map (key: value)",
  record: "a map (key: value)",
  map: "a map (key: value)",
  null: "an empty value",
  bigint: "a whole number",
  date: "a date",
};

function describeExpected(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "an empty value";
  if (typeof v === "string") {
    const s = v.length > 60 ? `${v.slice(0, 57)}...` : v;
    return JSON.stringify(s);
  }
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return String(v);
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  thousand: 1000,
  million: 1000000,
};

/** A YAML snippet of the right type, derived from what the user wrote when possible. */
function exampleFor(expected: string, value: unknown): string {
  switch (expected) {
    case "number":
    case "int":
    case "bigint": {
      if (typeof value === "string") {
        const t = value.trim().replace(/_/g, "");
        if (t !== "" && Number.isFinite(Number(t))) {
          const n = Number(t);
          return String(expected === "number" ? n : Math.round(n));
        }
        const word = NUMBER_WORDS[t.toLowerCase()];
        if (word !== undefined) return String(word);
        // sizes such as 256MiB / 10 MB
        const size = /^(\d+(?:\.\d+)?)\s*([kmgt])(i?)b?$/i.exec(t);
        if (size) {
          const power = "kmgt".indexOf((size[2] as string).toLowerCase()) + 1;
          return String(Math.round(Number(size[1]) * (size[3] ? 1024 : 1000) ** power));
        }
      }
      if (typeof value === "number" && expected !== "number") return String(Math.round(value));
      if (typeof value === "boolean") return value ? "1" : "0";
      return "10";
    }
    case "boolean": {
      if (typeof value === "string" && /^(yes|y|on|1|true)$/i.test(value.trim())) return "true";
      if (typeof value === "string" && /^(no|n|off|0|false)$/i.test(value.trim())) return "false";
      if (typeof value === "number") return value ? "true" : "false";
      return "true";
    }
    case "string":
      if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(String(value));
      return '"..."';
    case "array":
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        return `[${typeof value === "string" ? yamlString(value) : String(value)}]`;
      }
      return "[...]";
    case "object":
    case "record":
    case "map":
      return "{ key: value }";
    default:
      return `<${describeExpected(expected)}>`;
  }
}

function yamlString(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : JSON.stringify(s);
}

function writeHint(path: RecipePath, snippet: string): string {
  const last = path[path.length - 1];
  if (last === undefined) return snippet;
  return typeof last === "number" ? `- ${snippet}` : `${last}: ${snippet}`;
}

// ---------------------------------------------------------------------------------------------
// zod issues -> problems

interface ZodDefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: unknown): ZodDefLike | undefined {
  return (schema as { _zod?: { def?: ZodDefLike } } | undefined)?._zod?.def;
}

/** The object schema reached by `path` inside `schema`, if statically known. */
function schemaAt(schema: z.ZodType | undefined, path: RecipePath): z.ZodType | undefined {
  let cur = unwrap(schema);
  for (const seg of path) {
    const def = defOf(cur);
    if (!def) return undefined;
    if (def.type === "object" && typeof seg === "string") cur = unwrap(def.shape?.[seg]);
    else if (def.type === "array" && typeof seg === "number") cur = unwrap(def.element);
    else return undefined;
  }
  return cur;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let cur = schema;
  for (let i = 0; i < 20 && cur; i++) {
    const def = defOf(cur);
    if (!def) return cur;
    if (def.innerType) cur = def.innerType;
    else if (def.type === "pipe" && def.in) cur = def.in;
    else return cur;
  }
  return cur;
}

/** Allowed keys of the object schema at `path` (empty when unknown). */
export function allowedKeys(schema: z.ZodType | undefined, path: RecipePath): string[] {
  const def = defOf(schemaAt(schema, path));
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

const DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

export interface IssueContext {
  /** The whole recipe as plain data. */
  data: unknown;
  /** Where the validated value sits in the recipe. */
  base: RecipePath;
  /** The schema that produced the issues (for allowed keys). */
  schema: z.ZodType;
  /** Wording for unknown keys, e.g. "param" for operator params. */
  keyNoun?: string;
  /** Extra text after the allowed-keys hint, e.g. "(see `smelt ops show length_filter`)". */
  keyHint?: string;
  /** Suggested snippets for missing keys, by key name. */
  missingExample?: (key: string) => string | undefined;
  /** Extra hint after the snippet for a missing key, e.g. "(see `smelt ops list`)". */
  missingHint?: (key: string) => string | undefined;
}

/** One zod issue -> problems (an unrecognized_keys issue gives one problem per key). */
export function issueProblems(issue: z.core.$ZodIssue, ctx: IssueContext, loc: Locator): Problem[] {
  const rel = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const path = [...ctx.base, ...rel];
  const value = getAt(ctx.data, path);

  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeys(ctx.schema, rel);
    const noun = ctx.keyNoun ?? "key";
    return issue.keys.map((key) => {
      const guess = suggestName(key, allowed);
      let fix: string;
      if (guess) fix = `did you mean \`${guess}\`?`;
      else if (allowed.length > 0) fix = `allowed ${noun}s: ${allowed.join(", ")}`;
      else fix = "remove it";
      if (ctx.keyHint) fix += ` ${ctx.keyHint}`;
      return loc.atKey(path, key, `${prefix(path)}unknown ${noun} \`${key}\` — ${fix}`);
    });
  }

  // A required key that is absent: point at the map that should hold it.
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  if (value === undefined && typeof last === "string" && issue.code !== "custom") {
    const parent = getAt(ctx.data, parentPath);
    if (parent !== null && typeof parent === "object" && !Array.isArray(parent)) {
      const expected = issue.code === "invalid_type" ? issue.expected : "string";
      let snippet = ctx.missingExample?.(last);
      if (!snippet) {
        if (issue.code === "invalid_value") snippet = issue.values.map((v) => String(v)).join(" | ");
        else snippet = exampleFor(expected, undefined);
      }
      const hint = ctx.missingHint?.(last);
      return [
        loc.at(
          parentPath,
          `${prefix(parentPath)}missing required key \`${last}\` — add \`${last}: ${snippet}\`${hint ? ` ${hint}` : ""}`,
        ),
      ];
    }
  }

  return [loc.at(path, `${prefix(path)}${issueMessage(issue, path, value)}`)];
}

function issueMessage(issue: z.core.$ZodIssue, path: RecipePath, value: unknown): string {
  const custom = !DEFAULT_MESSAGE.test(issue.message);
  switch (issue.code) {
    case "invalid_type": {
      if (path.length === 0) {
        return `expected ${describeExpected(issue.expected)} of recipe settings (name, inputs, stages, output), got ${describeValue(value)} — start from \`smelt recipes show quickstart\``;
      }
      if (value === null || value === undefined) {
        return `is empty but must be ${describeExpected(issue.expected)} — write ${writeHint(path, exampleFor(issue.expected, value))}`;
      }
      if (issue.expected === "int" && typeof value === "number") {
        return `expected a whole number, got ${value} — write ${writeHint(path, exampleFor("int", value))}`;
      }
      return `expected ${describeExpected(issue.expected)}, got ${describeValue(value)} — write ${writeHint(path, exampleFor(issue.expected, value))}`;
    }
    case "invalid_value": {
      const values = issue.values.map((v) => String(v));
      const guess = typeof value === "string" ? suggestName(value, values) : undefined;
      const fix = guess ? `did you mean \`${guess}\`?` : `write ${writeHint(path, values[0] ?? "...")}`;
      return `expected one of ${values.join(", ")}, got ${describeValue(value)} — ${fix}`;
    }
    case "invalid_union": {
      const expected = new Set<string>();
      let allTypes = true;
      for (const branch of issue.errors) {
        const first = branch[0];
        if (branch.length === 1 && first?.code === "invalid_type" && first.path.length === 0)
          expected.add(first.expected);
        else allTypes = false;
      }
      if (allTypes && expected.size > 0) {
        const list = [...expected].map(describeExpected);
        const text = list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}`;
        return `expected ${text}, got ${describeValue(value)} — write ${writeHint(path, exampleFor([...expected][0] as string, value))}`;
      }
      return custom ? issue.message : `${describeValue(value)} does not match any accepted form`;
    }
    case "too_small":
    case "too_big": {
      if (custom) return issue.message;
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      if (issue.origin === "array" || issue.origin === "set") {
        return issue.code === "too_small"
          ? `must list at least ${bound} item${Number(bound) === 1 ? "" : "s"} — add ${Number(bound) === 1 ? "one" : "more"}`
          : `must list at most ${bound} items — remove some`;
      }
      if (issue.origin === "string") {
        return issue.code === "too_small" && Number(bound) === 1
          ? `must not be empty — write ${writeHint(path, '"..."')}`
          : `must be ${op} ${bound} characters long, got ${typeof value === "string" ? value.length : "?"}`;
      }
      // Exclusive bounds (`positive()`): suggest the nearest whole number inside the range.
      const ok = issue.inclusive ? Number(bound) : Number(bound) + (issue.code === "too_small" ? 1 : -1);
      return `must be ${op} ${bound}, got ${describeValue(value)} — write ${writeHint(path, String(ok))}`;
    }
    case "invalid_format": {
      if (custom) return `${issue.message}, got ${describeValue(value)}`;
      if (issue.format === "regex" && "pattern" in issue) {
        return `must match ${String(issue.pattern)}, got ${describeValue(value)}`;
      }
      return `expected a valid ${issue.format}, got ${describeValue(value)}`;
    }
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}, got ${describeValue(value)}`;
    default:
      return custom ? issue.message : `${issue.message} (got ${describeValue(value)})`;
  }
}
