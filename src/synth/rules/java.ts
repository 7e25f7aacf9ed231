/**
 * Business rules of one Java file, read from its tree-sitter tree: guards (an `if` whose body
 * throws), bean-validation annotations, throw sites and exception messages, status transitions,
 * money/arithmetic computations, `@Transactional` boundaries and policy constants.
 */
import type { Node } from "web-tree-sitter";
import type { ConfigEntry } from "../map/types.js";
import { bindConfig, constantValue, isPolicyName } from "./constants.js";
import { type Constraint, fieldConstraintText, type Measure } from "./constraint-wording.js";
import { endLine, firstMessage, kebab, kids, line, oneLine, stripParens } from "./text.js";
import type { RawRule } from "./types.js";

const TRANSITION_CALL = /^(transitionTo|transition|moveTo|changeStatus|setStatus|setState|updateStatus)$/;
const STATUS_FIELD = /(^|\.)(status|state)$/i;
const MONEY_CALL = /^(add|subtract|multiply|divide|setScale|negate|remainder|pow|percentOf|round|times|movePointLeft)$/;
const CLASS_TYPES = new Set(["class_declaration", "enum_declaration", "record_declaration", "interface_declaration"]);

interface Ann {
  name: string;
  args: string;
  node: Node;
}

interface Ctx {
  path: string;
  owner: string;
  classKind: string;
  supers: string;
  /** @ConfigurationProperties prefix of the class. */
  prefix?: string;
  method?: { name: string; returns: string; isConstructor: boolean };
  /** Throw statements already reported as part of a guard. */
  handled: Set<number>;
  config: readonly ConfigEntry[];
  out: RawRule[];
}

function annotations(n: Node): Ann[] {
  const mods = kids(n).find((c) => c.type === "modifiers");
  return kids(mods)
    .filter((a) => a.type === "annotation" || a.type === "marker_annotation")
    .map((a) => {
      const name = (a.childForFieldName("name")?.text ?? "").replace(/^.*\./, "");
      const args = a.childForFieldName("arguments")?.text ?? "";
      return { name, args: args.replace(/^\(|\)$/g, "").trim(), node: a };
    });
}

const modifierText = (n: Node) => kids(n).find((c) => c.type === "modifiers")?.text ?? "";

function span(path: string, a: number, b: number) {
  return { path, start_line: Math.min(a, b), end_line: Math.max(a, b) };
}

const symbolOf = (ctx: Ctx) => (ctx.method ? `${ctx.owner}.${ctx.method.name}` : ctx.owner);

/** `new X(args)` of a throw: the type and its argument nodes. */
function thrown(t: Node): { type: string; args: Node[] } | undefined {
  const e = kids(t)[0];
  if (e?.type !== "object_creation_expression") return undefined;
  return { type: e.childForFieldName("type")?.text ?? "?", args: kids(e.childForFieldName("arguments")) };
}

function describeThrow(x: { type: string; args: Node[] }): { text: string; message?: string } {
  const message = firstMessage(x.args);
  return { text: message === undefined ? x.type : `${x.type}: "${message}"`, message };
}

/** Direct statements of an if's consequence (block or single statement). */
const bodyStatements = (c: Node | null) => (c === null ? [] : c.type === "block" ? kids(c) : [c]);

function ifRule(n: Node, ctx: Ctx): void {
  const cond = stripParens(oneLine(n.childForFieldName("condition")?.text ?? ""));
  const stmts = bodyStatements(n.childForFieldName("consequence"));
  const t = stmts.find((s) => s.type === "throw_statement");
  if (t !== undefined) {
    ctx.handled.add(t.id);
    const x = thrown(t);
    const d = x === undefined ? { text: oneLine(t.text, 80) } : describeThrow(x);
    ctx.out.push({
      kind: "guard",
      owner: ctx.owner,
      symbol: symbolOf(ctx),
      summary: `${symbolOf(ctx)} refuses to continue when ${cond} (throws ${d.text})`,
      spans: [span(ctx.path, line(n), endLine(n))],
      condition: cond,
      exception: x?.type,
      message: "message" in d ? d.message : undefined,
    });
    return;
  }
  const r = stmts.find((s) => s.type === "return_statement");
  const m = ctx.method;
  if (
    r !== undefined &&
    m !== undefined &&
    /^(BigDecimal|Money|int|long|double|float|Integer|Long|Double)$/.test(m.returns)
  ) {
    const value = oneLine(r.text.replace(/^return\s*/, "").replace(/;$/, ""), 100);
    ctx.out.push({
      kind: "computation",
      owner: ctx.owner,
      symbol: symbolOf(ctx),
      summary: `${symbolOf(ctx)} returns ${value} when ${cond}`,
      spans: [span(ctx.path, line(n), endLine(n))],
      condition: cond,
    });
  }
}

function throwRule(n: Node, ctx: Ctx): void {
  if (ctx.handled.has(n.id)) return;
  const x = thrown(n);
  if (x === undefined) return;
  const d = describeThrow(x);
  if (d.message === undefined) return;
  ctx.out.push({
    kind: "error",
    owner: ctx.owner,
    symbol: symbolOf(ctx),
    summary: `${symbolOf(ctx)} fails with ${d.text}`,
    spans: [span(ctx.path, line(n), endLine(n))],
    exception: x.type,
    message: d.message,
  });
}

/** Constant names (UPPER or X.UPPER) among `== X` comparisons of a switch arm. */
function comparedConstants(n: Node): string[] {
  const out: string[] = [];
  for (const m of n.text.matchAll(/==\s*(?:[A-Za-z_]\w*\.)?([A-Z][A-Z0-9_]*)\b/g)) out.push(m[1] as string);
  return [...new Set(out)];
}

function switchRules(n: Node, ctx: Ctx): void {
  const subject = stripParens(n.childForFieldName("condition")?.text ?? "");
  const stateful = ctx.classKind === "enum_declaration" || /status|state/i.test(subject);
  if (!stateful) return;
  const body = n.childForFieldName("body");
  for (const arm of kids(body)) {
    if (arm.type !== "switch_rule" && arm.type !== "switch_block_statement_group") continue;
    const labels = kids(arm).filter((c) => c.type === "switch_label");
    const from = labels
      .flatMap((l) => l.text.replace(/^case\s+/, "").split(","))
      .map((s) => s.trim().replace(/^.*\./, ""))
      .filter((s) => /^[A-Z][A-Z0-9_]*$/.test(s));
    if (from.length === 0) continue;
    const rest = kids(arm).filter((c) => c.type !== "switch_label");
    const text = rest.map((c) => c.text).join(" ");
    const to = comparedConstants(arm);
    const last = rest.at(-1) ?? arm;
    const sp = [span(ctx.path, line(arm), endLine(last))];
    const who = ctx.classKind === "enum_declaration" ? ctx.owner : symbolOf(ctx);
    const fromText = from.join(" and ");
    if (to.length > 0) {
      ctx.out.push({
        kind: "state_transition",
        owner: ctx.owner,
        symbol: symbolOf(ctx),
        summary: `${who}: from ${fromText} the only allowed next ${to.length === 1 ? "state is" : "states are"} ${to.join(" or ")}`,
        spans: sp,
        from,
        to,
      });
    } else if (/^\s*(false|return\s+false\s*;|yield\s+false\s*;)\s*;?\s*$/.test(text)) {
      ctx.out.push({
        kind: "state_transition",
        owner: ctx.owner,
        symbol: symbolOf(ctx),
        summary: `${who}: ${fromText} ${from.length === 1 ? "is" : "are"} terminal (no transition allowed)`,
        spans: sp,
        from,
        to: [],
      });
    }
  }
}

const constantName = (n: Node | null) => {
  if (n === null) return undefined;
  const t = n.text.replace(/^.*\./, "");
  return /^[A-Z][A-Z0-9_]*$/.test(t) && (n.type === "field_access" || n.type === "identifier") ? t : undefined;
};

function transitionRule(n: Node, ctx: Ctx): void {
  let to: string | undefined;
  let how = "";
  if (n.type === "method_invocation") {
    const name = n.childForFieldName("name")?.text ?? "";
    if (!TRANSITION_CALL.test(name)) return;
    to = constantName(kids(n.childForFieldName("arguments"))[0] ?? null);
    how = `via ${name}`;
  } else {
    const left = n.childForFieldName("left")?.text ?? "";
    if (!STATUS_FIELD.test(left)) return;
    to = constantName(n.childForFieldName("right"));
    how = `by setting ${left}`;
  }
  if (to === undefined) return;
  ctx.out.push({
    kind: "state_transition",
    owner: ctx.owner,
    symbol: symbolOf(ctx),
    summary: `${symbolOf(ctx)} moves the status to ${to} (${how})`,
    spans: [span(ctx.path, line(n), endLine(n))],
    to: [to],
  });
}

/** Whether a statement computes: money calls or numeric arithmetic (not string concatenation). */
function computes(n: Node): boolean {
  if (n.type === "method_invocation" && MONEY_CALL.test(n.childForFieldName("name")?.text ?? "")) return true;
  if (n.type === "binary_expression") {
    const op = n.childForFieldName("operator")?.text ?? "";
    if (/^[-*/%]$/.test(op)) return true;
    if (op === "+" && !/["']/.test(n.text)) return true;
  }
  if (n.type === "lambda_expression" || n.type === "object_creation_expression") return false;
  return kids(n).some(computes);
}

function computationRule(body: Node, ctx: Ctx): void {
  const parts: { n: Node; text: string }[] = [];
  for (const s of kids(body)) {
    if (s.type === "local_variable_declaration") {
      const d = s.childForFieldName("declarator");
      const v = d?.childForFieldName("value");
      if (d && v && computes(v))
        parts.push({ n: s, text: `computes ${d.childForFieldName("name")?.text} = ${oneLine(v.text, 70)}` });
    } else if (s.type === "return_statement") {
      const v = kids(s)[0];
      if (v && computes(v)) parts.push({ n: s, text: `returns ${oneLine(v.text, 70)}` });
    }
  }
  const first = parts[0];
  const last = parts.at(-1);
  if (first === undefined || last === undefined) return;
  const rounding = /setScale|RoundingMode|round\(/.test(parts.map((p) => p.n.text).join(" "));
  ctx.out.push({
    kind: "computation",
    owner: ctx.owner,
    symbol: symbolOf(ctx),
    summary: `${symbolOf(ctx)} ${parts
      .slice(0, 5)
      .map((p) => p.text)
      .join("; ")}${rounding ? " (rounded)" : ""}`,
    spans: [span(ctx.path, line(first.n), endLine(last.n))],
  });
}

/** An annotation argument: `key = value`, or the lone positional one for `value`; quotes kept. */
function argOf(a: Ann, key: string): string | undefined {
  const named = new RegExp(`\\b${key}\\s*=\\s*("(?:[^"\\\\]|\\\\.)*"|[^,]+)`).exec(a.args)?.[1]?.trim();
  if (named !== undefined) return named;
  return key === "value" && a.args !== "" && !/^\w+\s*=/.test(a.args) ? a.args.trim() : undefined;
}

const unquote = (v: string) => v.replace(/^"|"$/g, "");
/** `"^\\d+$"` as written in Java → `/^\d+$/`, the way the zod wording shows a pattern. */
const regexOf = (v: string) => `/${unquote(v).replace(/\\\\/g, "\\")}/`;

/** The declared type's kind: `String` → string, `Long` → integer, `List<X>` → array; undefined for others. */
function javaKind(type: string): string | undefined {
  const t = type.replace(/@[\w.]+(?:\([^)]*\))?\s*/g, "").trim();
  if (/\[\]$/.test(t)) return "array";
  const base = t.replace(/<[\s\S]*$/, "").replace(/^.*\./, "");
  if (/^(String|CharSequence)$/.test(base)) return "string";
  if (/^(int|Integer|long|Long|short|Short|byte|Byte|BigInteger|AtomicInteger|AtomicLong)$/.test(base))
    return "integer";
  if (/^(double|Double|float|Float|BigDecimal|Number)$/.test(base)) return "number";
  if (/^(boolean|Boolean)$/.test(base)) return "boolean";
  if (
    /^(List|Set|Collection|Iterable|SortedSet|Queue|Deque|ArrayList|LinkedList|HashSet|LinkedHashSet|TreeSet)$/.test(
      base,
    )
  )
    return "array";
  if (/Map$/.test(base)) return "map";
  if (/^(LocalDate|LocalDateTime|Instant|OffsetDateTime|ZonedDateTime|Date|Calendar|Year|YearMonth)$/.test(base))
    return "date";
  return undefined;
}

/** Bean-validation (and Hibernate Validator) annotations and the constraints they state for a field of a kind. */
const VALIDATORS: Record<string, (a: Ann, kind: string | undefined) => Constraint[]> = {
  NotNull: () => [{ type: "required" }],
  NotBlank: () => [{ type: "nonblank" }],
  NotEmpty: () => [{ type: "nonempty" }],
  Size: (a, kind) => sizeBounds(a, kind === "string" ? "characters" : "items"),
  Length: (a) => sizeBounds(a, "characters"),
  Min: (a) => valueBound(a, "min"),
  DecimalMin: (a) => valueBound(a, "min"),
  Max: (a) => valueBound(a, "max"),
  DecimalMax: (a) => valueBound(a, "max"),
  Range: (a) => sizeBounds(a, "value"),
  Positive: () => [{ type: "sign", sign: "positive" }],
  PositiveOrZero: () => [{ type: "sign", sign: "non-negative" }],
  Negative: () => [{ type: "sign", sign: "negative" }],
  NegativeOrZero: () => [{ type: "sign", sign: "non-positive" }],
  Email: () => [{ type: "format", noun: "valid email address" }],
  Pattern: (a) => {
    const re = argOf(a, "regexp");
    return re === undefined ? [] : [{ type: "clause", text: `matching ${regexOf(re)}` }];
  },
  Past: () => [{ type: "clause", text: "in the past" }],
  PastOrPresent: () => [{ type: "clause", text: "in the past or present" }],
  Future: () => [{ type: "clause", text: "in the future" }],
  FutureOrPresent: () => [{ type: "clause", text: "in the present or future" }],
  Digits: (a) => {
    const whole = argOf(a, "integer");
    const fraction = argOf(a, "fraction");
    const digits = [whole && `${whole} integer`, fraction && `${fraction} fraction`].filter(Boolean).join(" and ");
    return [
      { type: "kind", kind: "number" },
      { type: "clause", text: `with at most ${digits} digits` },
    ];
  },
  AssertTrue: () => [{ type: "oneOf", text: "true" }],
  AssertFalse: () => [{ type: "oneOf", text: "false" }],
};

/** `@Size(min = 1, max = 50)` / `@Range(min = 0)`: the bounds given, on what they count. */
function sizeBounds(a: Ann, measure: Measure): Constraint[] {
  const min = argOf(a, "min");
  const max = argOf(a, "max");
  return [
    ...(min === undefined ? [] : [{ type: "min" as const, value: min, measure }]),
    ...(max === undefined ? [] : [{ type: "max" as const, value: max, measure }]),
  ];
}

/** `@Min(1)`, `@DecimalMin(value = "0", inclusive = false)`. */
function valueBound(a: Ann, type: "min" | "max"): Constraint[] {
  const v = argOf(a, "value");
  if (v === undefined) return [];
  const exclusive = /\binclusive\s*=\s*false\b/.test(a.args);
  return [{ type, value: unquote(v), measure: "value", ...(exclusive ? { exclusive } : {}) }];
}

function validationRule(n: Node, name: string, ctx: Ctx): void {
  const anns = annotations(n).filter((a) => VALIDATORS[a.name] !== undefined);
  if (anns.length === 0) return;
  const kind = javaKind(n.childForFieldName("type")?.text ?? "");
  const what = fieldConstraintText(
    kind,
    anns.flatMap((a) => VALIDATORS[a.name]?.(a, kind) ?? []),
  );
  if (what === undefined) return;
  const raw = anns.map((a) => oneLine(a.node.text, 60)).join(" ");
  ctx.out.push({
    kind: "validation",
    owner: ctx.owner,
    symbol: `${ctx.owner}.${name}`,
    summary: `${ctx.owner}.${name} ${what} (${raw})`,
    spans: [span(ctx.path, Math.min(...anns.map((a) => line(a.node))), endLine(n))],
  });
}

function fieldRules(n: Node, ctx: Ctx): void {
  const mods = modifierText(n);
  const anns = annotations(n);
  const isStatic = /\bstatic\b/.test(mods);
  const isFinal = /\bfinal\b/.test(mods);
  for (const d of n.childrenForFieldName("declarator")) {
    if (d === null) continue;
    const name = d.childForFieldName("name")?.text ?? "";
    validationRule(n, name, ctx);
    const v = d.childForFieldName("value");
    const valueAnn = anns.find((a) => a.name === "Value");
    const sp = span(ctx.path, line(n), endLine(n));
    if (valueAnn !== undefined) {
      const m = /\$\{([^}:]+)(?::([^}]*))?\}/.exec(valueAnn.args);
      if (m) ctx.out.push(bindConfig(ctx, `${ctx.owner}.${name}`, m[1] as string, m[2], sp, ctx.config));
      continue;
    }
    if (ctx.prefix !== undefined && !isStatic) {
      const key = `${ctx.prefix}.${kebab(name)}`;
      const def = v === null ? undefined : constantValue(v);
      ctx.out.push(bindConfig(ctx, `${ctx.owner}.${name}`, key, def, sp, ctx.config));
      continue;
    }
    if (!isStatic || !isFinal || v === null || !isPolicyName(name)) continue;
    const value = constantValue(v);
    if (value === undefined) continue;
    ctx.out.push({
      kind: "policy_constant",
      owner: ctx.owner,
      symbol: `${ctx.owner}.${name}`,
      summary: `${ctx.owner} fixes ${name} at ${value}`,
      spans: [sp],
      value,
    });
  }
}

function methodRules(n: Node, ctx: Ctx): Ctx {
  const name = n.childForFieldName("name")?.text ?? "<init>";
  const isConstructor = n.type === "constructor_declaration";
  const anns = annotations(n);
  const inner: Ctx = {
    ...ctx,
    method: { name, returns: (n.childForFieldName("type")?.text ?? "").replace(/<.*$/, ""), isConstructor },
  };
  const tx = anns.find((a) => a.name === "Transactional");
  const body = n.childForFieldName("body");
  if (tx !== undefined) {
    const head = body === null ? endLine(n) : line(body);
    ctx.out.push({
      kind: "transaction",
      owner: ctx.owner,
      symbol: `${ctx.owner}.${name}`,
      summary: `${ctx.owner}.${name} runs in one transaction${/readOnly\s*=\s*true/.test(tx.args) ? " (read-only)" : ": all its changes commit or roll back together"} (@Transactional${tx.args ? `(${tx.args})` : ""})`,
      spans: [span(ctx.path, line(tx.node), head)],
    });
  }
  for (const p of kids(n.childForFieldName("parameters"))) {
    if (p.type === "formal_parameter") validationRule(p, `${name}(${p.childForFieldName("name")?.text ?? "?"})`, ctx);
  }
  if (isConstructor && /Exception|Error/.test(ctx.owner) && body !== null) {
    const sup = kids(body).find((s) => /^super\s*\(/.test(s.text));
    const call = sup === undefined || sup.type === "explicit_constructor_invocation" ? sup : kids(sup)[0];
    const args = kids(call?.childForFieldName("arguments"));
    const message = firstMessage(args);
    if (sup !== undefined && message !== undefined) {
      const extra = args.filter((a) => a.type !== "binary_expression" && !/^"/.test(a.text)).map((a) => a.text);
      const status = extra.find((e) => /HttpStatus\./.test(e));
      const code = args.find((a) => a.type === "string_literal" && /^"[A-Z0-9_]+"$/.test(a.text))?.text;
      ctx.out.push({
        kind: "error",
        owner: ctx.owner,
        symbol: `${ctx.owner}.${ctx.owner.replace(/^.*\./, "")}`,
        summary: `${ctx.owner} reports "${message}"${code ? ` with code ${code}` : ""}${status ? ` and status ${status}` : ""}`,
        spans: [span(ctx.path, line(n), endLine(n))],
        exception: ctx.owner.replace(/^.*\./, ""),
        message,
      });
    }
  }
  if (body !== null && !isConstructor) computationRule(body, inner);
  return inner;
}

function classCtx(n: Node, ctx: Ctx): Ctx {
  const name = n.childForFieldName("name")?.text ?? "?";
  const owner = ctx.owner === "" ? name : `${ctx.owner}.${name}`;
  const anns = annotations(n);
  const cp = anns.find((a) => a.name === "ConfigurationProperties");
  const prefix = cp === undefined ? undefined : /"([^"]+)"/.exec(cp.args)?.[1];
  const inner: Ctx = {
    ...ctx,
    owner,
    classKind: n.type,
    supers: n.childForFieldName("superclass")?.text ?? "",
    prefix,
    method: undefined,
  };
  const tx = anns.find((a) => a.name === "Transactional");
  if (tx !== undefined) {
    ctx.out.push({
      kind: "transaction",
      owner,
      symbol: owner,
      summary: `Every public method of ${owner} runs in a transaction (@Transactional${tx.args ? `(${tx.args})` : ""} on the class)`,
      spans: [span(ctx.path, line(tx.node), line(n.childForFieldName("name") ?? n))],
    });
  }
  if (n.type === "record_declaration") {
    for (const p of kids(n.childForFieldName("parameters"))) {
      if (p.type === "formal_parameter") validationRule(p, p.childForFieldName("name")?.text ?? "?", inner);
    }
  }
  return inner;
}

function walk(n: Node, ctx: Ctx): void {
  let next = ctx;
  if (CLASS_TYPES.has(n.type)) next = classCtx(n, ctx);
  else if (n.type === "field_declaration" && ctx.method === undefined) fieldRules(n, ctx);
  else if (n.type === "method_declaration" || n.type === "constructor_declaration") next = methodRules(n, ctx);
  else if (ctx.method !== undefined) {
    if (n.type === "if_statement") ifRule(n, ctx);
    else if (n.type === "throw_statement") throwRule(n, ctx);
    else if (n.type === "switch_expression" || n.type === "switch_statement") switchRules(n, ctx);
    else if (n.type === "method_invocation" || n.type === "assignment_expression") transitionRule(n, ctx);
  }
  for (const c of kids(n)) walk(c, next);
}

export function javaRules(path: string, root: Node, config: readonly ConfigEntry[]): RawRule[] {
  const out: RawRule[] = [];
  walk(root, { path, owner: "", classKind: "", supers: "", handled: new Set(), config, out });
  return out;
}
