/**
 * What the TypeScript/JavaScript and Go rule walkers share: which names hold money or a status,
 * how message placeholders and constant values read, and how the computations of one function
 * and the arms of a status switch become rules.
 */
import { POLICY_KEY } from "./constants.js";
import { oneLine } from "./text.js";
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
export const TRANSITION_CALL = /^(transitionTo|transition|moveTo|changeStatus|setStatus|setState|updateStatus)$/;

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
