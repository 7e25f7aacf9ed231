/**
 * Business rules of one Go file: guards (`if cond { return …, errors.New(…) }` and `panic`),
 * error returns with messages, sentinel errors (`var ErrX = errors.New(…)`) and `Error()`
 * methods, `validate`/`binding` struct tags, status assignments and status switches, money
 * arithmetic, database transactions and package-level policy constants.
 */
import type { Node } from "web-tree-sitter";
import * as clike from "./clike.js";
import { isPolicyName } from "./constants.js";
import { type Constraint, fieldConstraintText, measureOf } from "./constraint-wording.js";
import { endLine, kids, line, oneLine } from "./text.js";
import type { RawRule } from "./types.js";

/** `owner` is the receiver type of a method. */
type Ctx = clike.WalkContext;

const STRING = new Set(["interpreted_string_literal", "raw_string_literal"]);
const LITERALS: clike.Literals = { types: STRING, text: (n) => n.text.slice(1, -1) };
/** `%v`, `%-8s`, `%.2f`, `%w`… (and `%%`, an escaped percent). */
const VERB = /%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z%]/g;
/** `err != nil` and friends: error propagation, not a business condition. */
const ERR_CHECK = /^\s*\w*[eE]rr\w*\s*[!=]=\s*nil\s*$/;
const TIME_UNITS: Record<string, string> = {
  Nanosecond: "nanoseconds",
  Microsecond: "microseconds",
  Millisecond: "milliseconds",
  Second: "seconds",
  Minute: "minutes",
  Hour: "hours",
};

const literal = LITERALS.text;
const hasLiteral = (n: Node) => clike.hasLiteral(n, STRING);

/** A message template: literals as written, `+` operands and fmt verbs as `{expr}` of their arguments. */
export function goMessage(args: readonly Node[]): string | undefined {
  const fmt = args[0];
  if (fmt === undefined || !hasLiteral(fmt)) return undefined;
  let i = 1;
  return clike.messageText(
    clike.concatTemplate(fmt, LITERALS).replace(VERB, (v) => {
      if (v === "%%") return "%";
      const a = args[i++];
      return a === undefined ? v : clike.placeholder(a.text);
    }),
  );
}

interface GoError {
  /** `error` for errors.New / fmt.Errorf, else the wrapped sentinel, the error type or the constructor. */
  type: string;
  message?: string;
  /** What a `panic` without a message panics with (`panic(v)`). */
  value?: string;
  /** The format string as written when the message has placeholders: `"catalog: %w"`. */
  format?: string;
}

/** The error an expression builds: `errors.New("…")`, `fmt.Errorf("…: %w", ErrX)`, `&XError{…}`, `NewXError(…)`, `ErrX`. */
function goError(e: Node): GoError | undefined {
  if (e.type === "call_expression") {
    const f = oneLine(e.childForFieldName("function")?.text ?? "", 1000);
    const args = kids(e.childForFieldName("arguments"));
    if (f === "errors.New") return { type: "error", message: goMessage(args) };
    if (/(^|\.)Errorf$/.test(f)) {
      const fmtAt = args.findIndex(hasLiteral);
      const wrapped = args.find((a) => /^(\w+\.)?Err[A-Z]\w*$/.test(a.text))?.text;
      const type = f === "fmt.Errorf" ? (wrapped ?? "error") : f;
      const fmt = args[fmtAt];
      return {
        type,
        message: fmt === undefined ? undefined : goMessage(args.slice(fmtAt)),
        format: fmt !== undefined && STRING.has(fmt.type) ? fmt.text : undefined,
      };
    }
    if (/(^|\.)(New\w*Error|\w*Error)$/.test(f)) return { type: f, message: goMessage(args.filter(hasLiteral)) };
    return undefined;
  }
  const lit = e.type === "unary_expression" ? e.childForFieldName("operand") : e;
  if (lit?.type === "composite_literal") {
    const type = lit.childForFieldName("type")?.text ?? "";
    if (!/Error$/.test(type)) return undefined;
    const strs = kids(lit.childForFieldName("body"))
      .flatMap((k) => kids(k).flatMap((x) => kids(x)))
      .filter((x) => STRING.has(x.type));
    return { type, message: strs.map((s) => goMessage([s])).find((m) => m?.includes(" ")) };
  }
  if (/^(\w+\.)?Err[A-Z]\w*$/.test(e.text)) return { type: e.text };
  return undefined;
}

/** `error: "catalog: {err}" (format "catalog: %w")`; the format keeps the sentence tied to the code as written. */
function describe(x: GoError): string {
  if (x.type === "panic")
    return x.message === undefined
      ? `panics with ${clike.uncut(x.value ?? "", 40) ?? "a value"}`
      : `panics with "${x.message}"`;
  if (x.message === undefined) return x.type;
  const f = x.format === undefined || !x.message.includes("{") ? undefined : clike.uncut(x.format, 100);
  const format = f === undefined ? "" : ` (format ${f})`;
  return `${x.type}: "${x.message}"${format}`;
}

/** The error a statement ends the function with: the last value of a `return`, or a `panic(…)`. */
function stops(s: Node): { how: "returns" | "panics"; err: GoError } | undefined {
  if (s.type === "return_statement") {
    const last = kids(kids(s)[0]).at(-1);
    const err = last === undefined ? undefined : goError(last);
    return err === undefined ? undefined : { how: "returns", err };
  }
  const call = s.type === "expression_statement" ? kids(s)[0] : undefined;
  if (call?.type === "call_expression" && call.childForFieldName("function")?.text === "panic") {
    const args = kids(call.childForFieldName("arguments"));
    const inner = args[0] === undefined ? undefined : goError(args[0]);
    return { how: "panics", err: inner ?? { type: "panic", message: goMessage(args), value: args[0]?.text } };
  }
  return undefined;
}

/** `if cfg.MaxLimit <= 0 { cfg.MaxLimit = 100 }`: a default the code fills in. */
function defaultRule(n: Node, cond: string, stmts: readonly Node[], ctx: Ctx): void {
  const a = stmts[0];
  if (stmts.length !== 1 || a?.type !== "assignment_statement" || n.childForFieldName("alternative") !== null) return;
  const target = a.childForFieldName("left")?.text ?? "";
  const v = kids(a.childForFieldName("right"))[0];
  if (!/^[\w.]+$/.test(target) || !new RegExp(`^!?${target.replace(/\./g, "\\.")}\\b`).test(cond.trim())) return;
  const value = v === undefined ? undefined : constValue(v, true);
  const c = clike.uncut(cond);
  if (value === undefined || c === undefined) return;
  const sym = clike.symbolOf(ctx);
  ctx.out.push({
    kind: "policy_constant",
    owner: ctx.owner,
    symbol: sym,
    summary: `${sym} defaults ${target} to ${value} when ${c}`,
    spans: [clike.span(ctx.path, line(n), endLine(n))],
    condition: c,
    value,
  });
}

function guardRule(n: Node, ctx: Ctx): void {
  const cond = n.childForFieldName("condition")?.text ?? "";
  const stmts = kids(n.childForFieldName("consequence"));
  defaultRule(n, cond, stmts, ctx);
  const stop = stmts.map((s) => ({ s, x: stops(s) })).find((y) => y.x !== undefined);
  if (stop?.x === undefined || ERR_CHECK.test(cond)) return;
  ctx.handled.add(stop.s.id);
  const c = clike.uncut(cond);
  if (c === undefined) return;
  const { how, err } = stop.x;
  const what =
    err.type === "panic" ? describe(err) : `${how === "panics" ? "panics with" : "returns"} ${describe(err)}`;
  ctx.out.push(clike.guardRule(ctx, c, what, clike.span(ctx.path, line(n), endLine(stop.s)), err.type, err.message));
}

function errorRule(n: Node, ctx: Ctx): void {
  if (ctx.handled.has(n.id)) return;
  const x = stops(n);
  if (x?.err.message === undefined) return;
  const sym = clike.symbolOf(ctx);
  ctx.out.push({
    kind: "error",
    owner: ctx.owner,
    symbol: sym,
    summary: `${sym} ${x.err.type === "panic" ? describe(x.err) : `${x.how === "panics" ? "panics" : "fails"} with ${describe(x.err)}`}`,
    spans: [clike.span(ctx.path, line(n), endLine(n))],
    exception: x.err.type,
    message: x.err.message,
  });
}

/** `from` of an assignment: the case or `x.Status == X` condition it sits under, in this function. */
function fromStates(n: Node): string[] {
  return clike.enclosingStates(
    n,
    (p) => /func_literal|function_declaration|method_declaration/.test(p.type),
    (p) => {
      if (p.type !== "expression_case") return undefined;
      const subject = p.parent?.childForFieldName("value")?.text ?? "";
      const labels = kids(p.childForFieldName("value")).map((v) => clike.stateName(v.text));
      return clike.STATUS_SUBJECT.test(subject) && labels.every((l) => l !== undefined)
        ? (labels as string[])
        : undefined;
    },
  );
}

function transitionRule(n: Node, ctx: Ctx): void {
  const sym = clike.symbolOf(ctx);
  if (n.type === "call_expression") {
    const f = n.childForFieldName("function");
    const name = f?.type === "selector_expression" ? f.childForFieldName("field")?.text : f?.text;
    const arg = kids(n.childForFieldName("arguments"))[0];
    const to = name !== undefined && clike.TRANSITION_CALL.test(name) && arg ? clike.stateName(arg.text) : undefined;
    if (to === undefined || name === undefined) return;
    ctx.out.push(clike.callTransition(ctx, name, to, fromStates(n), clike.span(ctx.path, line(n), endLine(n))));
    return;
  }
  const left = kids(n.childForFieldName("left"));
  const right = kids(n.childForFieldName("right"));
  const l = left[0];
  const r = right[0];
  if (left.length !== 1 || l?.type !== "selector_expression" || r === undefined) return;
  if (!clike.STATUS_PROP.test(l.childForFieldName("field")?.text ?? "")) return;
  const to = STRING.has(r.type) ? clike.stateName(`"${literal(r)}"`) : clike.stateName(r.text);
  if (to === undefined) return;
  ctx.out.push(
    clike.assignmentTransition(ctx.owner, sym, l.text, to, fromStates(n), clike.span(ctx.path, line(n), endLine(n))),
  );
}

function switchRule(n: Node, ctx: Ctx): void {
  if (!clike.STATUS_SUBJECT.test(n.childForFieldName("value")?.text ?? "")) return;
  const arms = kids(n)
    .filter((c) => c.type === "expression_case")
    .map((c) => clike.caseArm(c, (value) => kids(value).map((v) => v.text)));
  ctx.out.push(...clike.switchTransitions(arms, ctx.owner, clike.symbolOf(ctx), ctx.path));
}

const ARITHMETIC: clike.Arithmetic = {
  numericPlus: (n) => !hasLiteral(n),
  rounding: /^math\.(Round|Floor|Ceil)$|\.Round$/,
  opaque: (n) => n.type === "func_literal" || STRING.has(n.type),
};

function computationPart(n: Node, ctx: Ctx): void {
  if (ctx.parts === undefined) return;
  let name: string | undefined;
  let value: Node | undefined;
  let op = "=";
  if (n.type === "return_statement") {
    value = kids(kids(n)[0])[0];
    if (!clike.returnsMoney(ctx.fn)) return;
  } else {
    const left = kids(n.childForFieldName(n.type === "var_spec" ? "name" : "left"));
    const right = kids(n.childForFieldName(n.type === "var_spec" ? "value" : "right"));
    if (left.length !== 1 && n.type !== "var_spec") return;
    name = n.type === "var_spec" ? n.childForFieldName("name")?.text : left[0]?.text;
    value = right[0];
    op = n.type === "short_var_declaration" ? ":=" : (n.childForFieldName("operator")?.text ?? "=");
  }
  const part = value === undefined ? undefined : clike.moneyPart(n, name, op, value, ARITHMETIC);
  if (part !== undefined) ctx.parts.push(part);
}

/** A constant's value: numbers, arithmetic on numbers, durations (`30 * time.Second`), short strings. */
function constValue(v: Node, strings: boolean): string | undefined {
  const t = oneLine(v.text, 1000);
  if (v.type === "int_literal" || v.type === "float_literal") return t;
  if (/^-?[\d_.]+$/.test(t) || clike.isNumberArithmetic(t)) return t;
  const dur =
    /^(?:time\.Duration\()?(\d[\d_]*)\)?\s*\*\s*time\.(\w+)$/.exec(t) ?? /^time\.(\w+)\s*\*\s*(\d[\d_]*)$/.exec(t);
  if (dur) {
    const [n, unit] = /^\d/.test(dur[1] as string) ? [dur[1], dur[2]] : [dur[2], dur[1]];
    const u = TIME_UNITS[unit as string];
    if (u !== undefined) return `${n} ${u}`;
  }
  const unit = /^time\.(\w+)$/.exec(t)?.[1];
  if (unit !== undefined && TIME_UNITS[unit] !== undefined) return `1 ${TIME_UNITS[unit]?.replace(/s$/, "")}`;
  if (strings && STRING.has(v.type)) return clike.quotedValue(literal(v));
  if (t === "true" || t === "false") return t;
  return undefined;
}

/** Package-level `const`/`var` specs: policy constants and sentinel errors. */
function specRules(spec: Node, ctx: Ctx): void {
  const names = spec.childrenForFieldName("name").filter((x): x is Node => x !== null);
  const values = kids(spec.childForFieldName("value"));
  names.forEach((nm, i) => {
    const name = nm.text;
    const v = values[i];
    if (v === undefined || name === "_" || !isPolicyName(name)) return;
    const sp = clike.span(ctx.path, line(spec), endLine(spec));
    const err = /^Err[A-Z0-9]/i.test(name) ? goError(v) : undefined;
    if (err?.message !== undefined) {
      ctx.out.push({
        kind: "error",
        owner: "",
        symbol: name,
        summary: `${name} reports "${err.message}"`,
        spans: [sp],
        exception: name,
        message: err.message,
      });
      return;
    }
    const isVar = spec.type === "var_spec";
    const policy = clike.isPolicyConstName(name);
    if (isVar && !policy) return;
    const value = constValue(v, policy);
    if (value !== undefined) ctx.out.push(clike.policyConstant(ctx.path, "", name, value, sp));
  });
}

/** The declared type's kind: `string`, `int64` → integer, `float64` → number, `[]T` → array; undefined for others. */
function goKind(type: string): string | undefined {
  const t = type.replace(/^\*+/, "");
  if (t === "string") return "string";
  if (/^u?int(8|16|32|64)?$|^byte$|^rune$/.test(t)) return "integer";
  if (/^float(32|64)$|^(decimal|big)\.(Decimal|Float)$/.test(t)) return "number";
  if (t === "bool") return "boolean";
  if (/^\[/.test(t)) return "array";
  if (/^map\[/.test(t)) return "map";
  return t === "time.Time" ? "date" : undefined;
}

const FORMATS: Record<string, string> = {
  email: "valid email address",
  url: "valid URL",
  uri: "valid URI",
  uuid: "UUID",
  uuid4: "UUID",
  alpha: "alphabetic string",
  alphanum: "alphanumeric string",
  numeric: "numeric string",
  ip: "IP address",
  hostname: "host name",
  datetime: "date-time string",
};

/** go-playground/validator rules and the constraints they state; min/max/gt/… count characters of a string and items of a slice. */
function tagConstraints(rule: string, kind: string | undefined): Constraint[] {
  const [k = "", a = ""] = rule.split("=").map((x) => x.trim());
  const measure = measureOf(kind);
  const bound = (type: "min" | "max" | "exact", exclusive?: boolean): Constraint[] => [
    { type, value: a, measure, ...(exclusive ? { exclusive } : {}) },
  ];
  switch (k) {
    case "required":
      return [{ type: "required" }];
    case "omitempty":
      return [{ type: "optional" }];
    case "min":
    case "gte":
      return bound("min");
    case "max":
    case "lte":
      return bound("max");
    case "gt":
      return bound("min", true);
    case "lt":
      return bound("max", true);
    case "len":
      return bound("exact");
    case "oneof": {
      const values = a.split(/\s+/).filter(Boolean);
      const shown = kind === "string" ? values.map((v) => `"${v}"`) : values;
      return [{ type: "oneOf", text: `one of ${shown.join(", ")}` }];
    }
    default: {
      const noun = FORMATS[k];
      return noun === undefined ? [] : [{ type: "format", noun }];
    }
  }
}

/** `validate:"required,min=1"` / `binding:"required"` tags of a struct field. */
function tagRule(field: Node, owner: string, ctx: Ctx): void {
  const tag = field.childForFieldName("tag");
  const name = field.childForFieldName("name")?.text;
  if (tag === null || name === undefined) return;
  const m = /\b(validate|binding):"([^"]*)"/.exec(tag.text);
  if (m === null) return;
  const kind = goKind(field.childForFieldName("type")?.text ?? "");
  const rules = (m[2] as string).split(",");
  // Rules after `dive` apply to the elements, and `a|b` to either: neither constrains the field itself.
  const own = rules
    .slice(0, rules.includes("dive") ? rules.indexOf("dive") : undefined)
    .filter((r) => !r.includes("|"));
  const says = fieldConstraintText(
    kind,
    own.flatMap((r) => tagConstraints(r, kind)),
  );
  if (says === undefined) return;
  const symbol = `${owner}.${name}`;
  ctx.out.push({
    kind: "validation",
    owner,
    symbol,
    summary: `${symbol} ${says} (${m[0]})`,
    spans: [clike.span(ctx.path, line(field), endLine(field))],
  });
}

/** `func (e *XError) Error() string { return "…" }`: the message an error type reports. */
function errorMethodRule(n: Node, ctx: Ctx): void {
  const ret = kids(n.childForFieldName("body")).find((s) => s.type === "return_statement");
  const e = kids(kids(ret)[0])[0];
  if (e === undefined || ret === undefined) return;
  const args =
    e.type === "call_expression" && /^fmt\.Sprintf$/.test(e.childForFieldName("function")?.text ?? "")
      ? kids(e.childForFieldName("arguments"))
      : [e];
  const message = goMessage(args);
  if (message !== undefined)
    ctx.out.push(clike.errorTypeRule(ctx.owner, "Error", message, [clike.span(ctx.path, line(n), endLine(n))]));
}

/** `tx, err := db.BeginTx(…)` / `db.Transaction(func(tx *gorm.DB) error {…})`. */
function transactionRule(n: Node, ctx: Ctx): void {
  const f = n.childForFieldName("function");
  const field = f?.type === "selector_expression" ? f.childForFieldName("field")?.text : undefined;
  if (field === undefined || ctx.fn === undefined) return;
  const args = kids(n.childForFieldName("arguments"));
  const begins =
    (field === "BeginTx" || field === "Begin" || field === "Beginx") && n.parent?.type === "expression_list";
  const callback = field === "Transaction" && args.some((a) => a.type === "func_literal");
  if (!begins && !callback) return;
  const stmt = begins ? (n.parent?.parent ?? n) : n;
  const body = ctx.fn === undefined ? "" : (stmt.parent?.text ?? "");
  const commits = begins && /\.Commit\(\)/.test(body);
  const sp = clike.span(ctx.path, line(stmt), endLine(begins ? stmt : n));
  ctx.out.push(clike.transactionRule(ctx, ctx.fn, oneLine(f?.text ?? "", 1000), commits, sp));
}

/** Receiver type of a method: `(o *Order)` → Order, `(s Set[T])` → Set. */
function receiverType(n: Node): string {
  const p = kids(n.childForFieldName("receiver")).find((c) => c.type === "parameter_declaration");
  return (p?.childForFieldName("type")?.text ?? "").replace(/^\*/, "").replace(/\[.*$/, "");
}

/** What each statement inside a function can state, in the order its rules are read. */
const IN_FUNCTION: clike.InFunctionRules<Ctx> = new Map([
  ["const_spec", [computationPart]],
  ["var_spec", [computationPart]],
  ["short_var_declaration", [computationPart]],
  ["assignment_statement", [transitionRule, computationPart]],
  ["if_statement", [guardRule]],
  ["expression_switch_statement", [switchRule]],
  ["return_statement", [errorRule, computationPart]],
  ["expression_statement", [errorRule]],
  ["call_expression", [transitionRule, transactionRule]],
]);

function walk(n: Node, ctx: Ctx): void {
  let next = ctx;
  switch (n.type) {
    case "function_declaration":
      next = { ...ctx, owner: "", fn: n.childForFieldName("name")?.text ?? "?", parts: [] };
      break;
    case "method_declaration": {
      const owner = receiverType(n);
      const name = n.childForFieldName("name")?.text ?? "?";
      next = { ...ctx, owner, fn: `${owner}.${name}`, parts: [] };
      if (name === "Error" && kids(n.childForFieldName("parameters")).length === 0) errorMethodRule(n, next);
      break;
    }
    case "type_spec": {
      const name = n.childForFieldName("name")?.text ?? "?";
      const t = n.childForFieldName("type");
      if (t?.type === "struct_type")
        for (const list of kids(t))
          for (const f of kids(list)) if (f.type === "field_declaration") tagRule(f, name, ctx);
      break;
    }
    case "const_spec":
    case "var_spec":
      if (ctx.fn === undefined) specRules(n, ctx);
      break;
  }
  clike.descend(n, ctx, next, IN_FUNCTION, walk);
}

export function goRules(path: string, root: Node): RawRule[] {
  if (/_test\.go$/.test(path)) return []; // TEST_PATH knows Java and Python test names, not Go's
  const out: RawRule[] = [];
  walk(root, { path, owner: "", handled: new Set(), out });
  return out;
}
