/**
 * What the TypeScript/JavaScript and Go rule walkers share: which names hold money or a status,
 * how messages, arithmetic and constant values read, how the computations of one function and
 * the arms of a status switch become rules, and the wording of every rule both languages find.
 * The walkers keep only their grammar: which node types and fields hold what.
 */
import type { Node } from "web-tree-sitter";
import { POLICY_KEY } from "./constants.js";
import { endLine, kids, line, oneLine } from "./text.js";
import type { RawRule } from "./types.js";

export type Span = RawRule["spans"][number];

export const span = (path: string, a: number, b: number): Span => ({
  path,
  start_line: Math.min(a, b),
  end_line: Math.max(a, b),
});

/** Conditions and values longer than this are not one readable sentence: such rules are left out. */
export const MAX_CODE = 160;

const MONEY_WORDS = new Set(
  "amount amounts total totals subtotal price prices fee fees discount discounts tax taxes cost costs balance charge charges refund interest commission payment payout vat surcharge shipping money".split(
    " ",
  ),
);
/** Words that make a "total" a count or a size rather than money. */
const COUNT_WORDS = new Set("count length size width height index offset bytes lines ms time pages".split(" "));

const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");

/** `orderTotal`, `TAX_RATE`, `shippingFee`: a name that holds money (not `totalCount`). */
export function isMoneyName(name: string): boolean {
  const w = words(name.replace(/^.*\./, ""));
  return w.some((x) => MONEY_WORDS.has(x)) && !w.some((x) => COUNT_WORDS.has(x));
}

/** `calculateTotal`, `computeFee`, `priceOf`: a function whose result is money. */
export const isMoneyFunction = (name: string) => isMoneyName(name) || /^(calc|calculate|compute)[A-Z_]/.test(name);

/** Properties whose assignment is a state change. */
export const STATUS_PROP = /^(status|state|phase)$/i;
/** Go exports these capitalised (`o.SetStatus(StatusPaid)`). */
export const TRANSITION_CALL =
  /^(?:[tT]ransitionTo|[tT]ransition|[mM]oveTo|[cC]hangeStatus|[sS]etStatus|[sS]etState|[uU]pdateStatus)$/;

/** Module- or class-level names that read as policy: UPPER_CASE, or max/min/default/limit-like. */
export const isPolicyConstName = (name: string) =>
  (/^[A-Z][A-Z0-9_]+$/.test(name) && /[A-Z]/.test(name)) ||
  /^(default|max|min)[A-Z_]/i.test(name) ||
  POLICY_KEY.test(name);

/** A non-literal part of a message template: `{expr}`, or `{...}` when the expression is long. */
export const placeholder = (code: string) => {
  const t = oneLine(code, 1000);
  return t.length > 40 ? "{...}" : `{${t}}`;
};

/** Code that fits in a summary without being cut, else undefined. */
export function uncut(code: string, max = MAX_CODE): string | undefined {
  const t = oneLine(code, 10_000);
  return t.length > max ? undefined : t;
}

/** What a walker carries down the tree. */
export interface WalkContext {
  path: string;
  /** Class or receiver type ("" for plain functions and module level). */
  owner: string;
  /** Qualified symbol of the enclosing named function (`Order.pay`, `parseArgs`, `Order.Pay`). */
  fn?: string;
  /** Money arithmetic of the enclosing function, flushed when the function ends. */
  parts?: Part[];
  /** Throw/return/panic statements already reported as part of a guard. */
  handled: Set<number>;
  out: RawRule[];
}

/** The symbol rules found here belong to: the function, else the class, else the file. */
export const symbolOf = (c: WalkContext) => c.fn ?? (c.owner || fileName(c.path));

/** Rules a grammar reads from the statements inside a function, by node type, in the order they run. */
export type InFunctionRules<C> = ReadonlyMap<string, readonly ((n: Node, ctx: C) => void)[]>;

/**
 * The rest of a walker's visit, once `n`'s declarations are read: inside a function, the rules
 * of `n`'s statement type; then the children with `next`; when `next` entered a function, its
 * computations become rules once the whole body has been seen.
 */
export function descend<C extends WalkContext>(
  n: Node,
  ctx: C,
  next: C,
  rules: InFunctionRules<C>,
  walk: (n: Node, ctx: C) => void,
): void {
  if (ctx.fn !== undefined) for (const rule of rules.get(n.type) ?? []) rule(n, ctx);
  for (const c of kids(n)) walk(c, next);
  if (next.parts !== undefined && next.parts !== ctx.parts && next.fn !== undefined)
    ctx.out.push(...computationRules(next.parts, next.owner, next.fn, next.path));
}

/** How a grammar writes string literals: their node types and their text as a message shows it. */
export interface Literals {
  types: ReadonlySet<string>;
  text: (n: Node) => string;
}

/** A string literal, or a `+` concatenation or parenthesis that holds one. */
export function hasLiteral(n: Node, types: ReadonlySet<string>): boolean {
  if (types.has(n.type)) return true;
  return (n.type === "binary_expression" && n.childForFieldName("operator")?.text === "+") ||
    n.type === "parenthesized_expression"
    ? kids(n).some((c) => hasLiteral(c, types))
    : false;
}

/** A concatenation as a template: literals as written, every other operand as `{expr}`. */
export function concatTemplate(n: Node, lit: Literals): string {
  const parts: string[] = [];
  const walk = (x: Node) => {
    if (lit.types.has(x.type)) parts.push(lit.text(x));
    else if (hasLiteral(x, lit.types)) for (const c of kids(x)) walk(c);
    else parts.push(placeholder(x.text));
  };
  walk(n);
  return parts.join("");
}

/** A template on one line as a message; undefined when only placeholders carry words (`{a}{b}`). */
export function messageText(template: string): string | undefined {
  const m = oneLine(template, 10_000);
  return /[A-Za-z]{2}/.test(m.replace(/\{[^}]*\}/g, "")) ? m : undefined;
}

/** How a grammar writes arithmetic that can be money. */
export interface Arithmetic {
  /** Whether a `+` adds numbers rather than joining strings. */
  numericPlus: (n: Node) => boolean;
  /** Callees that round: `Math.round`, `math.Floor`. */
  rounding: RegExp;
  /** Nodes whose inside is not this statement's arithmetic (function literals, strings). */
  opaque: (n: Node) => boolean;
}

/** Numeric arithmetic (not string concatenation) or rounding anywhere in an expression. */
function computes(n: Node, a: Arithmetic): boolean {
  if (n.type === "binary_expression") {
    const op = n.childForFieldName("operator")?.text ?? "";
    if (/^[-*/%]$|^\*\*$/.test(op)) return true;
    if (op === "+" && a.numericPlus(n)) return true;
  }
  if (n.type === "call_expression" && a.rounding.test(n.childForFieldName("function")?.text ?? "")) return true;
  if (a.opaque(n)) return false;
  return kids(n).some((c) => computes(c, a));
}

/** Whether a `return` in `fn` can be a money computation: the function's own name says money. */
export const returnsMoney = (fn: string | undefined) => isMoneyFunction((fn ?? "").replace(/^.*\./, ""));

/**
 * A statement `name op value` (or a `return value` when name is undefined) as a computation part:
 * only money names, and only when the value computes or the operator accumulates (`+=`).
 */
export function moneyPart(
  at: Node,
  name: string | undefined,
  op: string,
  value: Node,
  arithmetic: Arithmetic,
): Part | undefined {
  if (name !== undefined && !isMoneyName(name)) return undefined;
  if (!(computes(value, arithmetic) || /^[-+*/]=$/.test(op))) return undefined;
  const v = uncut(value.text, 100);
  const text =
    name === undefined
      ? v === undefined
        ? "returns a computed amount"
        : `returns ${v}`
      : v === undefined
        ? `computes ${name}`
        : `computes ${name} ${op} ${v}`;
  return { start: line(at), end: endLine(at), text, code: at.text };
}

/** `2 * 60`, `1_000`, `(1 + 2) / 3`: arithmetic on number literals alone. */
export const isNumberArithmetic = (t: string) => /^[\d_.\s*+\-/()]+$/.test(t) && /\d/.test(t);

/** A string constant as `"text"` when it is short and on one line; longer ones do not read as a value. */
export const quotedValue = (s: string) => (s.length > 0 && s.length <= 60 && !/[\n\\]/.test(s) ? `"${s}"` : undefined);

/** A module-level or static constant: `limits.ts fixes MAX_ITEMS at 50`, `Order fixes MAX_LINES at 50`. */
export function policyConstant(path: string, owner: string, name: string, value: string, sp: Span): RawRule {
  return {
    kind: "policy_constant",
    owner,
    symbol: owner === "" ? name : `${owner}.${name}`,
    summary: `${owner === "" ? fileName(path) : owner} fixes ${name} at ${value}`,
    spans: [sp],
    value,
  };
}

/** A check that stops the function: `consequence` says how (`throws X: "…"`, `returns error: "…"`). */
export function guardRule(
  ctx: WalkContext,
  condition: string,
  consequence: string,
  sp: Span,
  exception: string | undefined,
  message: string | undefined,
): RawRule {
  const symbol = symbolOf(ctx);
  return {
    kind: "guard",
    owner: ctx.owner,
    symbol,
    summary: `${symbol} refuses to continue when ${condition} (${consequence})`,
    spans: [sp],
    condition,
    exception,
    message,
  };
}

/** An error type whose message is fixed: a Go `Error()` method, a TS error class constructor. */
export function errorTypeRule(owner: string, member: string, message: string, spans: Span[]): RawRule {
  return {
    kind: "error",
    owner,
    symbol: `${owner}.${member}`,
    summary: `${owner} reports "${message}"`,
    spans,
    exception: owner,
    message,
  };
}

/** A function that runs its database changes in one transaction opened by `callee`. */
export function transactionRule(ctx: WalkContext, fn: string, callee: string, committed: boolean, sp: Span): RawRule {
  return {
    kind: "transaction",
    owner: ctx.owner,
    symbol: fn,
    summary: `${fn} runs its database changes in one transaction (${callee})${committed ? ", committed with Commit()" : ": they commit or roll back together"}`,
    spans: [sp],
  };
}

/** A case of a switch as an Arm: its labels and the code of its statements (comments left out). */
export function caseArm(c: Node, labels: (value: Node | null) => string[]): Arm {
  const value = c.childForFieldName("value");
  const body = kids(c).filter((s) => s.id !== value?.id && s.type !== "comment");
  return {
    labels: labels(value),
    body: body.map((s) => s.text).join(" "),
    start: line(c),
    end: endLine(body.at(-1) ?? c),
  };
}

/** A switch subject that is a lifecycle: `order.status`, `state`, `(phase)`. */
export const STATUS_SUBJECT = /status|state|phase/i;

/**
 * `from` of a state change: the states of the status case (`caseStates`, undefined for other
 * nodes) or of the `status == X` condition it sits under, up to the function around it.
 */
export function enclosingStates(
  n: Node,
  isBoundary: (p: Node) => boolean,
  caseStates: (p: Node) => string[] | undefined,
): string[] {
  for (let child = n, p = n.parent; p !== null && !isBoundary(p); child = p, p = p.parent) {
    const labelled = caseStates(p);
    if (labelled !== undefined) return labelled;
    if (p.type === "if_statement" && child.id === p.childForFieldName("consequence")?.id) {
      const s = statesCompared(p.childForFieldName("condition")?.text ?? "");
      if (s.length > 0) return s;
    }
  }
  return [];
}

/** `moveTo(order, Status.Paid)`: a call named like a transition that passes the new state. */
export function callTransition(ctx: WalkContext, callee: string, to: string, from: string[], sp: Span): RawRule {
  const symbol = symbolOf(ctx);
  return {
    kind: "state_transition",
    owner: ctx.owner,
    symbol,
    summary: `${symbol} moves the status${from.length > 0 ? ` from ${from.join(" or ")}` : ""} to ${to} (via ${callee})`,
    spans: [sp],
    ...(from.length > 0 ? { from } : {}),
    to: [to],
  };
}

/** One arithmetic statement of a function: where it is and how it reads. */
export interface Part {
  start: number;
  end: number;
  text: string;
  code: string;
}

/**
 * The computations of one function as rules: runs of money statements at most three lines
 * apart become one rule each, so unrelated arithmetic far down the body is not glued on.
 */
export function computationRules(parts: readonly Part[], owner: string, symbol: string, path: string): RawRule[] {
  const groups: Part[][] = [];
  for (const p of parts) {
    const g = groups.at(-1);
    const last = g?.at(-1);
    if (g !== undefined && last !== undefined && p.start <= last.end + 3) g.push(p);
    else groups.push([p]);
  }
  return groups.map((g) => {
    const rounding = g.some((p) => /Math\.(round|floor|ceil)|toFixed|math\.(Round|Floor|Ceil)|\.Round\(/.test(p.code));
    return {
      kind: "computation" as const,
      owner,
      symbol,
      summary: `${symbol} ${g
        .slice(0, 4)
        .map((p) => p.text)
        .join("; ")}${rounding ? " (rounded)" : ""}`,
      spans: [span(path, g[0]?.start ?? 0, g.at(-1)?.end ?? 0)],
    };
  });
}

/** A constant or enum member as a state name: `"paid"` → paid, `OrderState.Paid` → Paid. */
export function stateName(code: string): string | undefined {
  const t = code.trim();
  if (/^(http\.|HttpStatus\.)/.test(t)) return undefined; // HTTP status codes, not a lifecycle
  const lit = /^["'`]([\w-]{1,40})["'`]$/.exec(t);
  if (lit) return lit[1];
  const member = /^(?:[A-Za-z_]\w*\.)*([A-Z]\w*)$/.exec(t);
  return member ? member[1] : undefined;
}

/** One arm of a status switch: its labels, the code of its body and its lines. */
export interface Arm {
  labels: string[];
  body: string;
  start: number;
  end: number;
}

/**
 * The states a list literal names: `[Status.Paid, "open"]`, Go's `[]Status{StatusPaid}`,
 * `new Set([...])`; `[]` is no state. Undefined when it is no list or holds anything but states.
 */
export function listedStates(code: string): string[] | undefined {
  const t = code.trim().replace(/\s+as\s+(const|[\w.<>[\]\s]+)$/, "");
  const m =
    /^\[([^[\]]*)\]$/.exec(t) ??
    /^\[\]\s*[\w.]+\s*\{([^{}]*)\}$/.exec(t) ??
    /^new\s+Set\s*(?:<[^>]*>)?\s*\(\s*\[([^[\]]*)\]\s*\)$/.exec(t);
  if (m === null) return undefined;
  const items = (m[1] as string)
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
  const states = items.map(stateName);
  return states.every((s): s is string => s !== undefined) ? [...new Set(states)] : undefined;
}

/** The first argument that names a state: `moveTo(parcel, ParcelStatus.CANCELLED, null)` → CANCELLED. */
export const stateArgument = (args: readonly string[]) => args.map(stateName).find((s): s is string => s !== undefined);

/**
 * One row of a transition table (a switch arm, an object or Map entry): from these states the
 * listed ones may follow; no targets means the states are terminal.
 */
export function tableTransition(owner: string, symbol: string, from: string[], to: string[], sp: Span): RawRule {
  const fromText = from.join(" and ");
  return {
    kind: "state_transition",
    owner,
    symbol,
    summary:
      to.length > 0
        ? `${symbol}: from ${fromText} the only allowed next ${to.length === 1 ? "state is" : "states are"} ${to.join(" or ")}`
        : `${symbol}: ${fromText} ${from.length === 1 ? "is" : "are"} terminal (no transition allowed)`,
    spans: [sp],
    from,
    to,
  };
}

/**
 * Transition tables written as a switch over a status: an arm that compares the next state
 * (`return next === "paid" || next === Status.Cancelled`) or returns the list of next states
 * (`return [Status.Paid]`) allows those targets; an arm that only returns false or `[]` is terminal.
 */
export function switchTransitions(arms: readonly Arm[], owner: string, symbol: string, path: string): RawRule[] {
  const out: RawRule[] = [];
  for (const arm of arms) {
    const from = arm.labels.map(stateName).filter((s): s is string => s !== undefined);
    if (from.length === 0) continue;
    const compared = [
      ...new Set(
        [...arm.body.matchAll(/[!=]==?\s*((?:[A-Za-z_]\w*\.)?[A-Z]\w*|"[\w-]+"|'[\w-]+')/g)]
          .filter((m) => !m[0].startsWith("!"))
          .map((m) => stateName(m[1] as string))
          .filter((s): s is string => s !== undefined && !/^(null|undefined|nil|true|false)$/.test(s)),
      ),
    ];
    const returned = /^\s*return\s+([^;]*?)\s*;?\s*$/.exec(arm.body);
    const listed = returned === null ? undefined : listedStates(returned[1] as string);
    const sp = span(path, arm.start, arm.end);
    if (compared.length > 0) out.push(tableTransition(owner, symbol, from, compared, sp));
    else if (listed !== undefined) out.push(tableTransition(owner, symbol, from, listed, sp));
    else if (/^\s*(return\s+false\s*;?|false)\s*$/.test(arm.body))
      out.push(tableTransition(owner, symbol, from, [], sp));
  }
  return out;
}

/** `{ kind: "state_transition" }` for `target = to`, with `from` when a case or an equality states it. */
export function assignmentTransition(
  owner: string,
  symbol: string,
  target: string,
  to: string,
  from: string[],
  sp: Span,
): RawRule {
  const prop = target.replace(/^.*\./, "").toLowerCase();
  return {
    kind: "state_transition",
    owner,
    symbol,
    summary: `${symbol} moves the ${prop}${from.length > 0 ? ` from ${from.join(" or ")}` : ""} to ${to} (by setting ${target})`,
    spans: [sp],
    ...(from.length > 0 ? { from } : {}),
    to: [to],
  };
}

/** The states an equality condition pins a status to: `order.status === "open" || order.status === "new"`. */
export function statesCompared(cond: string): string[] {
  const out: string[] = [];
  for (const m of cond.matchAll(
    /\b(?:status|state|phase|Status|State|Phase)\s*===?\s*((?:[A-Za-z_]\w*\.)?[A-Z]\w*|"[\w-]+"|'[\w-]+')/g,
  )) {
    const s = stateName(m[1] as string);
    if (s !== undefined) out.push(s);
  }
  return [...new Set(out)];
}

/** Short file name for module-level summaries: `src/limits.ts` → `limits.ts`. */
export const fileName = (path: string) => path.replace(/^.*\//, "");
