/**
 * Business rules of one TypeScript or JavaScript file (TS, TSX, JS, JSX and compiled `dist/`
 * output alike): guards (`if (…) throw`), throw sites with messages, class-validator decorators
 * and zod constraints, status assignments and status switches, money arithmetic, database
 * transaction callbacks and module-level / static policy constants.
 */
import type { Node } from "web-tree-sitter";
import * as clike from "./clike.js";
import { isPolicyName } from "./constants.js";
import { type Constraint, constraintText, type Measure } from "./constraint-wording.js";
import { endLine, kids, line, oneLine, stripParens } from "./text.js";
import type { RawRule } from "./types.js";

interface Ctx extends clike.WalkContext {
  /** Name of the object literal whose members are being walked. */
  obj?: string;
  /** The class being walked (its header line is evidence for error classes). */
  classNode?: Node;
}

const FUNCTION_VALUE = new Set(["arrow_function", "function_expression", "function", "generator_function"]);
const FUNCTION_DECL = new Set(["function_declaration", "generator_function_declaration"]);
/** Where a function's body ends: nested functions do not inherit the condition an arm states. */
const BOUNDARY = new Set([...FUNCTION_VALUE, ...FUNCTION_DECL, "method_definition", "class_body", "program"]);
const STRING = new Set(["string", "template_string"]);
const nameOf = (n: Node | null | undefined) => n?.childForFieldName("name") ?? n?.childForFieldName("property");
/** Strip `as const`, `satisfies T`, `!` and parentheses around a value. */
function bare(n: Node): Node {
  let x = n;
  while (
    ["as_expression", "satisfies_expression", "non_null_expression", "parenthesized_expression"].includes(x.type) &&
    kids(x)[0] !== undefined
  ) {
    x = kids(x)[0] as Node;
  }
  return x;
}

const hasLiteral = (n: Node) => clike.hasLiteral(n, STRING);

/** A string as written, a template string with its `${x}` substitutions as `{x}`. */
function literalText(x: Node): string {
  if (x.type === "string") return x.text.slice(1, -1).replace(/\\(["'`])/g, "$1");
  let s = "";
  let at = x.startIndex + 1;
  for (const sub of kids(x).filter((c) => c.type === "template_substitution")) {
    s += x.text.slice(at - x.startIndex, sub.startIndex - x.startIndex);
    s += clike.placeholder(sub.text.slice(2, -1));
    at = sub.endIndex;
  }
  return s + x.text.slice(at - x.startIndex, -1);
}
const LITERALS: clike.Literals = { types: STRING, text: literalText };

/** A message template: string parts as written, `${x}` and other code as `{x}`; undefined without text. */
export function jsMessage(n: Node): string | undefined {
  return hasLiteral(n) ? clike.messageText(clike.concatTemplate(n, LITERALS)) : undefined;
}

/** The message among arguments: prose (with a space) first, then any non-CODE literal. */
function pickMessage(args: readonly Node[]): string | undefined {
  const all = args.map(jsMessage).filter((m): m is string => m !== undefined);
  return all.find((m) => m.includes(" ")) ?? all.find((m) => !/^[\w.:-]+$/.test(m)) ?? all[0];
}

/** What a throw statement throws: `new X(...)` or `makeError(...)`, with its message. */
function thrown(t: Node): { type?: string; message?: string; text: string } | undefined {
  const e = kids(t).find((c) => c.type !== "comment");
  if (e === undefined) return undefined;
  const x = bare(e);
  if (x.type === "new_expression" || x.type === "call_expression") {
    const type = oneLine((x.childForFieldName("constructor") ?? x.childForFieldName("function"))?.text ?? "?", 1000);
    const message = pickMessage(kids(x.childForFieldName("arguments")));
    return { type, message, text: message === undefined ? type : `${type}: "${message}"` };
  }
  if (x.type === "identifier" || x.type === "member_expression") return { text: x.text };
  return undefined;
}

/** The message of `console.error(…)` / `process.stderr.write(…)` / `logger.error(…)`. */
function reported(s: Node): string | undefined {
  const call = s.type === "expression_statement" ? kids(s)[0] : undefined;
  const f = call?.type === "call_expression" ? (call.childForFieldName("function")?.text ?? "") : "";
  if (call === undefined || !/(^console\.error|stderr\.write|\.error)$/.test(f)) return undefined;
  return pickMessage(kids(call.childForFieldName("arguments")))?.replace(/\\n$/, "");
}

/** `if (bad) { console.error("…"); return 2; }`: a check that reports and stops without throwing. */
function reportingGuard(n: Node, stmts: readonly Node[], ctx: Ctx): void {
  const last = stmts.filter((s) => s.type !== "comment").at(-1);
  const message = stmts.map(reported).find((m) => m !== undefined);
  const exit = last?.type === "return_statement" || /^process\.exit\(/.test(last?.text ?? "");
  const cond = clike.uncut(stripParens(n.childForFieldName("condition")?.text ?? ""));
  if (last === undefined || message === undefined || !exit || cond === undefined) return;
  const value = clike.uncut(last.type === "return_statement" ? last.text.replace(/^return\s*|;$/g, "") : last.text, 40);
  const how = last.type === "return_statement" ? (value ? `returns ${value}` : "returns") : "exits";
  const sp = clike.span(ctx.path, line(n), endLine(last));
  ctx.out.push(clike.guardRule(ctx, cond, `reports "${message}" and ${how}`, sp, undefined, message));
}

function guardRule(n: Node, ctx: Ctx): void {
  const c = n.childForFieldName("consequence");
  const stmts = c === null ? [] : c.type === "statement_block" ? kids(c) : [c];
  const t = stmts.find((s) => s.type === "throw_statement");
  if (t === undefined) {
    reportingGuard(n, stmts, ctx);
    return;
  }
  ctx.handled.add(t.id);
  const cond = clike.uncut(stripParens(n.childForFieldName("condition")?.text ?? ""));
  const x = thrown(t);
  if (cond === undefined || x === undefined) return;
  ctx.out.push(
    clike.guardRule(ctx, cond, `throws ${x.text}`, clike.span(ctx.path, line(n), endLine(t)), x.type, x.message),
  );
}

function throwRule(n: Node, ctx: Ctx): void {
  if (ctx.handled.has(n.id)) return;
  const x = thrown(n);
  if (x?.type === undefined || x.message === undefined) return;
  const sym = clike.symbolOf(ctx);
  ctx.out.push({
    kind: "error",
    owner: ctx.owner,
    symbol: sym,
    summary: `${sym} fails with ${x.text}`,
    spans: [clike.span(ctx.path, line(n), endLine(n))],
    exception: x.type,
    message: x.message,
  });
}

/** `from` of an assignment: the case label or `status === X` condition it sits under, in this function. */
function fromStates(n: Node): string[] {
  return clike.enclosingStates(
    n,
    (p) => BOUNDARY.has(p.type),
    (p) => {
      if (p.type !== "switch_case") return undefined;
      const subject = p.parent?.parent?.childForFieldName("value")?.text ?? "";
      const label = clike.stateName(p.childForFieldName("value")?.text ?? "");
      return clike.STATUS_SUBJECT.test(subject) && label !== undefined ? [label] : undefined;
    },
  );
}

function transitionRule(n: Node, ctx: Ctx): void {
  if (n.type === "call_expression") {
    const f = n.childForFieldName("function");
    const name = f?.type === "member_expression" ? f.childForFieldName("property")?.text : f?.text;
    // The new state is any argument: `moveTo(parcel, ParcelStatus.CANCELLED, null)`, `transition(order, "PAID")`.
    const args = kids(n.childForFieldName("arguments")).map((a) => bare(a).text);
    const to = name !== undefined && clike.TRANSITION_CALL.test(name) ? clike.stateArgument(args) : undefined;
    if (to === undefined || name === undefined) return;
    ctx.out.push(clike.callTransition(ctx, name, to, fromStates(n), clike.span(ctx.path, line(n), endLine(n))));
    return;
  }
  const left = n.childForFieldName("left");
  const right = n.childForFieldName("right");
  if (left?.type !== "member_expression" || right === null) return;
  if (!clike.STATUS_PROP.test(left.childForFieldName("property")?.text ?? "")) return;
  const to = clike.stateName(bare(right).text);
  if (to === undefined) return;
  const sp = clike.span(ctx.path, line(n), endLine(n));
  ctx.out.push(
    clike.assignmentTransition(ctx.owner, clike.symbolOf(ctx), oneLine(left.text, 1000), to, fromStates(n), sp),
  );
}

/** A key of a transition table as a state: `[Status.PAID]`, `PAID`, `open`, `"open"`. */
function keyState(k: Node): string | undefined {
  if (k.type === "computed_property_name") return clike.stateName(stripParens(k.text.slice(1, -1)));
  return k.type === "property_identifier" ? clike.stateName(`"${k.text}"`) : clike.stateName(k.text);
}

/** Entries of `{ [A]: [B, C], ... }` or `new Map([[A, [B, C]], ...])`; undefined when any entry is no transition. */
function tableEntries(value: Node): { from: string; to: string[]; at: Node }[] | undefined {
  const v = bare(value);
  const raw: { key: string | undefined; to: string[] | undefined; at: Node }[] = [];
  if (v.type === "object") {
    for (const p of kids(v).filter((c) => c.type !== "comment")) {
      const key = p.childForFieldName("key");
      const val = p.childForFieldName("value");
      if (p.type !== "pair" || key === null || val === null) return undefined;
      raw.push({ key: keyState(key), to: clike.listedStates(bare(val).text), at: p });
    }
  } else if (v.type === "new_expression" && v.childForFieldName("constructor")?.text === "Map") {
    const list = kids(v.childForFieldName("arguments"))[0];
    if (list === undefined || bare(list).type !== "array") return undefined;
    for (const e of kids(bare(list)).filter((c) => c.type !== "comment")) {
      const [k, val, ...more] = e.type === "array" ? kids(e).filter((c) => c.type !== "comment") : [];
      if (k === undefined || val === undefined || more.length > 0) return undefined;
      raw.push({ key: clike.stateName(bare(k).text), to: clike.listedStates(bare(val).text), at: e });
    }
  } else return undefined;
  const rows = raw.flatMap((r) =>
    r.key !== undefined && r.to !== undefined ? [{ from: r.key, to: r.to, at: r.at }] : [],
  );
  return rows.length === raw.length ? rows : undefined;
}

/**
 * A transition table held in a constant: `const NEXT: Record<Status, Status[]> = { [Status.A]: [Status.B] }`,
 * one rule per source state. Any map from names to lists of names would match, so the table must
 * be closed (every target is a key) or be named or typed like a state machine.
 */
function tableRule(name: string, decl: Node, value: Node | null, symbol: string, ctx: Ctx): void {
  const rows = value === null ? undefined : tableEntries(value);
  if (rows === undefined || rows.length < 2 || rows.every((r) => r.to.length === 0)) return;
  const keys = new Set(rows.map((r) => r.from));
  const closed = rows.every((r) => r.to.every((t) => keys.has(t)));
  const typed = `${name} ${decl.childForFieldName("type")?.text ?? ""}`;
  if (!closed && !/status|state|transition|next|allowed|lifecycle/i.test(typed)) return;
  for (const r of rows)
    ctx.out.push(
      clike.tableTransition(ctx.owner, symbol, [r.from], r.to, clike.span(ctx.path, line(r.at), endLine(r.at))),
    );
}

function switchRule(n: Node, ctx: Ctx): void {
  if (!clike.STATUS_SUBJECT.test(n.childForFieldName("value")?.text ?? "")) return;
  const arms = kids(n.childForFieldName("body"))
    .filter((c) => c.type === "switch_case")
    .map((c) => clike.caseArm(c, (value) => (value === null ? [] : [value.text])));
  // Fall-through labels (`case "a": case "b": return …`) share the body of the last one.
  for (let i = arms.length - 2; i >= 0; i--) {
    const a = arms[i];
    const b = arms[i + 1];
    if (a !== undefined && b !== undefined && a.body === "") {
      b.labels.unshift(...a.labels);
      b.start = a.start;
      arms.splice(i, 1);
    }
  }
  ctx.out.push(...clike.switchTransitions(arms, ctx.owner, clike.symbolOf(ctx), ctx.path));
}

const ARITHMETIC: clike.Arithmetic = {
  numericPlus: (n) => !hasLiteral(n) && !/["'`]/.test(n.text),
  rounding: /(^Math\.(round|floor|ceil)|\.toFixed)$/,
  opaque: (n) => FUNCTION_VALUE.has(n.type) || STRING.has(n.type) || n.type === "new_expression",
};

function computationPart(n: Node, ctx: Ctx): void {
  if (ctx.parts === undefined) return;
  let name: string | undefined;
  let value: Node | null = null;
  let op = "=";
  if (n.type === "variable_declarator") {
    name = n.childForFieldName("name")?.text;
    value = n.childForFieldName("value");
  } else if (n.type === "assignment_expression" || n.type === "augmented_assignment_expression") {
    name = oneLine(n.childForFieldName("left")?.text ?? "", 1000);
    value = n.childForFieldName("right");
    op = n.childForFieldName("operator")?.text ?? "=";
  } else if (n.type === "return_statement") {
    value = kids(n)[0] ?? null;
    if (value === null || !clike.returnsMoney(ctx.fn)) return;
  }
  if (value === null || /\.(length|size)$/.test(value.text.trim())) return; // adding up counts, not money
  const part = clike.moneyPart(n, name, op, value, ARITHMETIC);
  if (part !== undefined) ctx.parts.push(part);
}

/** A constant's value when it is a plain literal (numbers, arithmetic on numbers, short strings, booleans). */
function constValue(v: Node, strings: boolean): string | undefined {
  const x = bare(v);
  const t = x.text.trim();
  if (x.type === "number" || (x.type === "unary_expression" && /^-\s*[\d.]/.test(t))) return t;
  if (x.type === "true" || x.type === "false") return t;
  if (x.type === "binary_expression" && clike.isNumberArithmetic(t)) return oneLine(t);
  if (!strings) return undefined;
  if (x.type === "string" || (x.type === "template_string" && !kids(x).some((c) => c.type === "template_substitution")))
    return clike.quotedValue(x.text.slice(1, -1));
  return undefined;
}

function constantRule(ctx: Ctx, owner: string, name: string, value: Node | null, at: Node, upperOnly = false): void {
  if (value === null || !isPolicyName(name)) return;
  const upper = /^[A-Z][A-Z0-9_]+$/.test(name);
  if (upperOnly ? !upper : !clike.isPolicyConstName(name)) return;
  const v = constValue(value, upper);
  // `static PLAIN = "PLAIN"` names a token, it sets nothing.
  if (v === undefined || v === `"${name}"`) return;
  ctx.out.push(clike.policyConstant(ctx.path, owner, name, v, clike.span(ctx.path, line(at), endLine(at))));
}

const atModuleLevel = (decl: Node) => {
  const p = decl.parent;
  return p?.type === "program" || (p?.type === "export_statement" && p.parent?.type === "program");
};

/** class-validator decorators and the constraints they state (their arguments, options removed). */
const VALIDATORS: Record<string, (args: string) => Constraint[]> = {
  IsDefined: () => [{ type: "required" }],
  IsOptional: () => [{ type: "optional" }],
  IsNotEmpty: () => [{ type: "nonempty" }],
  IsString: () => [{ type: "kind", kind: "string" }],
  IsInt: () => [{ type: "kind", kind: "integer" }],
  IsNumber: () => [{ type: "kind", kind: "number" }],
  IsBoolean: () => [{ type: "kind", kind: "boolean" }],
  IsDate: () => [{ type: "kind", kind: "date" }],
  IsArray: () => [{ type: "kind", kind: "array" }],
  IsDateString: () => [{ type: "format", noun: "ISO date string" }],
  IsEmail: () => [{ type: "format", noun: "valid email address" }],
  IsUrl: () => [{ type: "format", noun: "valid URL" }],
  IsUUID: () => [{ type: "format", noun: "UUID" }],
  IsPositive: () => [{ type: "sign", sign: "positive" }],
  IsNegative: () => [{ type: "sign", sign: "negative" }],
  Min: (a) => [{ type: "min", value: a, measure: "value" }],
  Max: (a) => [{ type: "max", value: a, measure: "value" }],
  MinLength: (a) => [{ type: "min", value: a, measure: "characters" }],
  MaxLength: (a) => [{ type: "max", value: a, measure: "characters" }],
  Length: (a) => {
    const [min, max] = a.split(",").map((s) => s.trim());
    return [
      ...(min ? [{ type: "min" as const, value: min, measure: "characters" as const }] : []),
      ...(max ? [{ type: "max" as const, value: max, measure: "characters" as const }] : []),
    ];
  },
  ArrayMinSize: (a) => [{ type: "min", value: a, measure: "items" }],
  ArrayMaxSize: (a) => [{ type: "max", value: a, measure: "items" }],
  ArrayNotEmpty: () => [{ type: "kind", kind: "array" }, { type: "nonempty" }],
  Matches: (a) => [{ type: "clause", text: `matching ${a}` }],
  IsIn: (a) => [{ type: "oneOf", text: `one of ${a}` }],
  IsEnum: (a) => [{ type: "oneOf", text: `a value of ${a}` }],
};

/** class-validator decorators of a class field. */
function decoratorRule(field: Node, name: string, ctx: Ctx): void {
  const decos = field.childrenForFieldName("decorator").filter((d): d is Node => d !== null);
  const hits = decos
    .map((d) => {
      const call = kids(d)[0];
      const callee = call?.type === "call_expression" ? call.childForFieldName("function")?.text : call?.text;
      const args = call?.type === "call_expression" ? (call.childForFieldName("arguments")?.text ?? "()") : "()";
      const states = callee === undefined ? undefined : VALIDATORS[callee];
      // Options objects (`{ message: … }`) are not constraints.
      const plain = oneLine(args.slice(1, -1)).replace(/,?\s*\{[^}]*\}\s*$/, "");
      return states === undefined ? undefined : { d, constraints: states(plain) };
    })
    .filter((h) => h !== undefined);
  // `@IsOptional()` alone constrains nothing; it only qualifies the others.
  const first = hits.find((h) => h.constraints.some((c) => c.type !== "optional"));
  const text = constraintText(hits.flatMap((h) => h.constraints));
  if (first === undefined || text === undefined) return;
  const raw = clike.uncut(hits.map((h) => h.d.text).join(" "), 100);
  const symbol = `${ctx.owner}.${name}`;
  ctx.out.push({
    kind: "validation",
    owner: ctx.owner,
    symbol,
    summary: `${symbol} ${text}${raw ? ` (${raw})` : ""}`,
    spans: [clike.span(ctx.path, line(first.d), endLine(field))],
  });
}

/** zod's type-level schema bases (`z.string()`, zod 4's `z.email()`) and what they make a value. */
const ZOD_BASES: Record<string, Constraint> = {
  number: { type: "kind", kind: "number" },
  int: { type: "kind", kind: "integer" },
  bigint: { type: "kind", kind: "integer" },
  email: { type: "format", noun: "valid email address" },
  url: { type: "format", noun: "valid URL" },
  uuid: { type: "format", noun: "UUID" },
};

/** zod chain methods and the constraints they state, given their argument and what bounds limit. */
const ZOD_RULES: Record<string, (arg: string, m: Measure) => Constraint[]> = {
  min: (a, m) => [{ type: "min", value: a, measure: m }],
  max: (a, m) => [{ type: "max", value: a, measure: m }],
  length: (a, m) => [{ type: "exact", value: a, measure: m }],
  gte: (a, m) => [{ type: "min", value: a, measure: m }],
  lte: (a, m) => [{ type: "max", value: a, measure: m }],
  gt: (a, m) => [{ type: "min", value: a, measure: m, exclusive: true }],
  lt: (a, m) => [{ type: "max", value: a, measure: m, exclusive: true }],
  nonempty: () => [{ type: "nonempty" }],
  email: () => [{ type: "format", noun: "valid email address" }],
  url: () => [{ type: "format", noun: "valid URL" }],
  uuid: () => [{ type: "format", noun: "UUID" }],
  datetime: () => [{ type: "format", noun: "ISO date-time string" }],
  int: () => [{ type: "kind", kind: "integer" }],
  positive: () => [{ type: "sign", sign: "positive" }],
  nonnegative: () => [{ type: "sign", sign: "non-negative" }],
  negative: () => [{ type: "sign", sign: "negative" }],
  nonpositive: () => [{ type: "sign", sign: "non-positive" }],
  regex: (a) => [{ type: "clause", text: `matching ${a}` }],
  startsWith: (a) => [{ type: "clause", text: `starting with ${a}` }],
  endsWith: (a) => [{ type: "clause", text: `ending with ${a}` }],
  multipleOf: (a) => [{ type: "clause", text: `that is a multiple of ${a}` }],
};

/** A zod schema with constraints (`z.string().min(1).max(50)`), named by its variable and object key. */
function zodRule(n: Node, ctx: Ctx): void {
  if (n.parent?.type === "member_expression") return; // only the outermost call of a chain
  const calls: { name: string; arg: string }[] = [];
  let x: Node | null = n;
  while (x?.type === "call_expression") {
    const f: Node | null = x.childForFieldName("function");
    if (f?.type !== "member_expression") break;
    calls.unshift({
      name: f.childForFieldName("property")?.text ?? "",
      arg: oneLine(x.childForFieldName("arguments")?.text.slice(1, -1) ?? ""),
    });
    x = f.childForFieldName("object");
  }
  const base = calls[0]?.name;
  if ((x?.text !== "z" && x?.text !== "z.coerce") || base === undefined || calls.length < 2) return;
  const measure: Measure = base === "string" ? "characters" : base === "array" || base === "set" ? "items" : "value";
  const stated = calls.slice(1).flatMap((c) => {
    const states = ZOD_RULES[c.name];
    // A custom message (`{ message }` or a string) is not part of the constraint.
    return states === undefined
      ? []
      : states(c.arg.replace(/,?\s*\{[^}]*\}\s*$/, "").replace(/,?\s*["'][^"']*["']\s*$/, ""), measure);
  });
  if (stated.length === 0) return;
  const optional = calls.some((c) => c.name === "optional" || c.name === "nullish");
  const text = constraintText([
    ZOD_BASES[base] ?? { type: "kind", kind: base },
    ...stated,
    ...(optional ? [{ type: "optional" as const }] : []),
  ]);
  if (text === undefined) return;
  let key: string | undefined;
  let decl: string | undefined;
  for (let p = n.parent, i = 0; p !== null && i < 10 && decl === undefined; p = p.parent, i++) {
    if (p.type === "pair" && key === undefined) key = p.childForFieldName("key")?.text;
    if (p.type === "variable_declarator") decl = p.childForFieldName("name")?.text;
  }
  if (decl === undefined) return;
  const symbol = key === undefined ? decl : `${decl}.${key}`;
  ctx.out.push({
    kind: "validation",
    owner: ctx.owner,
    symbol,
    summary: `${symbol} ${text} (zod schema)`,
    spans: [clike.span(ctx.path, line(n), endLine(n))],
  });
}

/** `db.transaction(async (tx) => …)`, `prisma.$transaction([...])`. */
function transactionRule(n: Node, ctx: Ctx): void {
  const f = n.childForFieldName("function");
  if (f?.type !== "member_expression" || ctx.fn === undefined) return;
  const prop = f.childForFieldName("property")?.text ?? "";
  if (prop !== "transaction" && prop !== "$transaction") return;
  const arg = kids(n.childForFieldName("arguments"))[0];
  if (arg === undefined || !(FUNCTION_VALUE.has(arg.type) || arg.type === "array")) return;
  ctx.out.push(
    clike.transactionRule(ctx, ctx.fn, oneLine(f.text, 1000), false, clike.span(ctx.path, line(n), endLine(n))),
  );
}

/** Error classes whose constructor passes a fixed message to `super`. */
function errorClassRule(n: Node, ctx: Ctx): void {
  if (!/Error|Exception/.test(ctx.owner)) return;
  const body = n.childForFieldName("body");
  const sup = kids(body)
    .map((s) => kids(s)[0])
    .find((c) => c?.type === "call_expression" && c.childForFieldName("function")?.type === "super");
  const message = sup === undefined ? undefined : pickMessage(kids(sup.childForFieldName("arguments")));
  // `super("YAMLParseError", pos, code, message)` passes a name, not a message.
  if (sup === undefined || message === undefined || /^[\w.:-]+$/.test(message)) return;
  // The class header names the error; keep it in the evidence when it is close by.
  const cls = ctx.classNode;
  const head = cls === undefined ? line(n) : line(cls);
  const spans =
    cls === undefined || line(n) - head > 10
      ? [clike.span(ctx.path, head, head), clike.span(ctx.path, line(n), endLine(n))]
      : [clike.span(ctx.path, head, endLine(n))];
  ctx.out.push(clike.errorTypeRule(ctx.owner, "constructor", message, cls === undefined ? spans.slice(-1) : spans));
}

/** Enter a named function: its own symbol and computations. */
const enter = (ctx: Ctx, fn: string): Ctx => ({ ...ctx, fn, obj: undefined, parts: [] });

/**
 * Symbol of a function named `name` declared in ctx: nested helpers belong to the function
 * around them (the index chunks only top-level functions and methods); module-level ones,
 * also inside an anonymous UMD/IIFE wrapper, are their own.
 */
const fnSymbol = (ctx: Ctx, name: string) => ctx.fn ?? (ctx.owner === "" ? name : `${ctx.owner}.${name}`);

/** Left side of `X.prototype.y = function`, `exports.y = …`, `X.y = …` as a symbol. */
function assignedName(left: Node): string | undefined {
  const t = left.text;
  const m =
    /^(?:module\.)?exports\.(\w+)$/.exec(t) ?? /^(\w+)\.prototype\.(\w+)$/.exec(t) ?? /^([A-Z]\w*)\.(\w+)$/.exec(t);
  if (m === null) return undefined;
  return m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`;
}

/** What each statement inside a function can state, in the order its rules are read. */
const IN_FUNCTION: clike.InFunctionRules<Ctx> = new Map([
  ["variable_declarator", [computationPart]],
  ["assignment_expression", [transitionRule, computationPart]],
  ["augmented_assignment_expression", [transitionRule, computationPart]],
  ["if_statement", [guardRule]],
  ["throw_statement", [throwRule]],
  ["switch_statement", [switchRule]],
  ["return_statement", [computationPart]],
  ["call_expression", [transitionRule, transactionRule]],
]);

function walk(n: Node, ctx: Ctx): void {
  let next = ctx;
  const inFn = ctx.fn !== undefined;
  switch (n.type) {
    case "class_declaration":
    case "abstract_class_declaration":
    case "class": {
      const name = nameOf(n)?.text ?? nameOf(n.parent)?.text ?? "<anonymous>";
      next = { ...ctx, owner: name, fn: undefined, obj: undefined, parts: undefined, classNode: n };
      break;
    }
    case "method_definition": {
      const name = nameOf(n)?.text ?? "?";
      if (n.parent?.type === "class_body") {
        next = enter(ctx, `${ctx.owner}.${name}`);
        if (name === "constructor") errorClassRule(n, next);
      } else next = enter(ctx, ctx.obj !== undefined ? `${ctx.obj}.${name}` : (ctx.fn ?? name));
      break;
    }
    case "function_declaration":
    case "generator_function_declaration":
      next = enter(ctx, fnSymbol(ctx, nameOf(n)?.text ?? "?"));
      break;
    case "variable_declarator": {
      const name = nameOf(n);
      const value = n.childForFieldName("value");
      if (name?.type === "identifier" && value !== null) {
        const v = bare(value);
        if (FUNCTION_VALUE.has(v.type)) next = enter(ctx, fnSymbol(ctx, name.text));
        else if (v.type === "object" && !inFn) next = { ...ctx, obj: name.text };
        const decl = n.parent;
        // `let` and `var` hold state (counters, caches) unless the name is UPPER_CASE.
        const isConst = decl?.type === "lexical_declaration" && decl.child(0)?.text === "const";
        if (decl !== null && atModuleLevel(decl) && !inFn) constantRule(ctx, "", name.text, value, decl, !isConst);
        tableRule(name.text, n, value, inFn ? clike.symbolOf(ctx) : fnSymbol(ctx, name.text), ctx);
      }
      break;
    }
    case "pair": {
      const key = n.childForFieldName("key")?.text ?? "?";
      const value = n.childForFieldName("value");
      if (value !== null && FUNCTION_VALUE.has(value.type))
        next = enter(ctx, ctx.obj !== undefined ? `${ctx.obj}.${key}` : (ctx.fn ?? key));
      else next = { ...ctx, obj: undefined };
      break;
    }
    case "public_field_definition":
    case "field_definition": {
      const name = nameOf(n);
      const value = n.childForFieldName("value");
      if (name === null || name === undefined) break;
      decoratorRule(n, name.text, ctx);
      if (value !== null && FUNCTION_VALUE.has(value.type)) next = enter(ctx, `${ctx.owner}.${name.text}`);
      else if (/\bstatic\b/.test(n.text.slice(0, name.startIndex - n.startIndex))) {
        constantRule(ctx, ctx.owner, name.text, value, n);
        tableRule(name.text, n, value, `${ctx.owner}.${name.text}`, ctx);
      }
      break;
    }
    case "assignment_expression":
    case "augmented_assignment_expression": {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      const named = left === null ? undefined : assignedName(left);
      if (named !== undefined && right !== null) {
        if (FUNCTION_VALUE.has(right.type)) next = enter(ctx, named);
        else if (!inFn && n.parent?.parent?.type === "program") {
          const [owner, member] = named.includes(".") ? named.split(".") : ["", named];
          constantRule(ctx, owner ?? "", member ?? named, right, n, true);
        }
      }
      break;
    }
    case "call_expression":
      zodRule(n, ctx);
      break;
  }
  clike.descend(n, ctx, next, IN_FUNCTION, walk);
}

/** Declarations, tests of other runners and minified bundles hold no rules worth reading. */
const SKIP = /\.d\.[cm]?ts$|\.(test|spec)\.[cm]?[jt]sx?$|\.min\.[cm]?js$/;

export function typescriptRules(path: string, root: Node): RawRule[] {
  if (SKIP.test(path)) return [];
  const lines = root.endPosition.row + 1;
  if (root.text.length / lines > 500) return []; // minified: one rule would span the whole file
  const out: RawRule[] = [];
  walk(root, { path, owner: "", handled: new Set(), out });
  return out;
}
