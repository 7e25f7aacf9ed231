/**
 * QA candidates from business rules. Rules of one method (its guards and throws, its return
 * branches) or one class (its status changes, its field constraints) become one sample, so a
 * question names its method or class and its answer states every case once, with the concrete
 * condition, exception, message or value — never the rule summary restated.
 */
import type { RepoIndex } from "../index/index.js";
import { POLICY_KEY } from "../rules/constants.js";
import type { BusinessRule } from "../rules/index.js";
import { type Candidate, capitalize, type Draft, list, type Name, q, type Span } from "./candidate.js";
import { type Lines, pick } from "./text.js";

const MAX_ITEMS = 4;

const span = (r: BusinessRule): Span => {
  const e = r.evidence[0] as Span;
  return { path: e.path, start_line: e.start_line, end_line: e.end_line };
};
const ownerOf = (r: BusinessRule) => {
  const parts = r.symbol.split(".");
  return parts.length > 1 ? parts.slice(0, -1).join(".") : (r.evidence[0]?.path ?? r.symbol);
};
/** A class is named as such; module-level rules are owned by their file, named as a file. */
const ownerName = (owner: string, name: Name) => (owner.includes("/") ? `the code in ${q(owner)}` : name(owner));
const isPython = (r: BusinessRule) => r.evidence[0]?.path.endsWith(".py") ?? false;
const byLine = (a: BusinessRule, b: BusinessRule) =>
  (a.evidence[0]?.start_line ?? 0) - (b.evidence[0]?.start_line ?? 0);
/** `{expr}` parts of a message template read better as "…". */
const msg = (m: string) => `"${m}"`;

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** Same case written twice (overloads): said once. */
function distinct(rules: BusinessRule[], key: (r: BusinessRule) => string): BusinessRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => !seen.has(key(r)) && seen.add(key(r)));
}

/** `Money.Money` (a constructor of an exception class): the class's own error report. */
const isConstructor = (r: BusinessRule) => {
  const p = r.symbol.split(".");
  return p.length >= 2 && p.at(-1) === p.at(-2);
};

/** Guards and throws of one method: when it refuses, and what the caller gets. */
function checksCandidate(symbol: string, rules: BusinessRule[], name: Name): Candidate {
  const sorted = rules.sort(byLine);
  const guarded = new Set(sorted.filter((r) => r.kind === "guard").map((r) => `${r.exception}|${r.message}`));
  // A throw that repeats a guard's error (the fall-through after the check) adds nothing.
  const items = distinct(
    sorted.filter((r) => r.kind === "guard" || !guarded.has(`${r.exception}|${r.message}`)),
    (r) => `${r.condition}|${r.exception}|${r.message}`,
  ).slice(0, MAX_ITEMS);
  const raise = isPython(items[0] as BusinessRule) ? "raises" : "throws";
  const guards = items.filter((r) => r.kind === "guard");
  const s = name(symbol, items[0]?.evidence[0]?.path);
  const err = (r: BusinessRule) =>
    `${r.exception ? q(r.exception) : "an exception"}${r.message ? ` with the message ${msg(r.message)}` : ""}`;
  const clause = (r: BusinessRule) =>
    r.kind === "guard" && r.condition ? `when ${q(r.condition)} it ${raise} ${err(r)}` : `it ${raise} ${err(r)}`;
  return {
    kind: "rule",
    subject: `checks:${symbol}`,
    topic: guards.length > 0 ? "guard" : "error",
    owner: ownerOf(items[0] as BusinessRule),
    source_id: (items[0] as BusinessRule).id,
    domain: (items[0] as BusinessRule).domain,
    spans: items.map(span),
    // Stubs ("setObject not implemented") repeat one pattern across an API: they rank last.
    score: items.every((r) => r.kind === "error" && /not (yet )?(implemented|supported)/i.test(r.message ?? ""))
      ? 0.6
      : (guards.length > 0 ? 3 : 1.5) + 0.4 * (items.length - 1) + (items.some((r) => r.message) ? 0.5 : 0),
    draft: (r) => {
      const one = items[0] as BusinessRule;
      let question: string;
      let answer: string;
      if (items.length === 1 && one.kind === "guard") {
        const ex = one.exception ? q(one.exception) : "an exception";
        question = pick(
          [
            `When does ${s} ${raise.replace(/s$/, "")} ${ex}?`,
            `What does ${s} check before it proceeds, and what happens when the check fails?`,
            `Under which condition does ${s} reject the call?`,
          ],
          r,
        );
        answer = `${capitalize(s)} ${raise} ${err(one)} when ${q(one.condition ?? "its check fails")}.`;
      } else if (items.length === 1) {
        question = pick(
          [
            `Which exception does ${s} ${raise.replace(/s$/, "")}, and with what message?`,
            `What error does a caller of ${s} get?`,
          ],
          r,
        );
        answer = `${capitalize(s)} ${raise} ${err(one)}.`;
      } else {
        question = pick(
          [
            `In which cases does ${s} fail, and what does it ${raise.replace(/s$/, "")} in each?`,
            `Which checks does ${s} make, and which error does each failed check produce?`,
          ],
          r,
        );
        answer = `${capitalize(s)} fails in ${items.length} cases: ${items.map((x, i) => `(${i + 1}) ${clause(x)}`).join("; ")}.`;
      }
      const trace: Draft["trace"] = items.map((x, i) => ({
        text:
          x.kind === "guard"
            ? `The check ${q(x.condition ?? "?")} ends in a ${raise.replace(/s$/, "")} of ${err(x)}.`
            : `An unconditional ${raise.replace(/s$/, "")} of ${err(x)}.`,
        evidence: [i],
      }));
      return { question, answer, trace, difficulty: items.length > 2 ? "hard" : items.length > 1 ? "medium" : "easy" };
    },
  };
}

/** An exception class's constructor: the report (message, code, status) it gives clients. */
function errorClassCandidate(rule: BusinessRule): Candidate {
  const cls = rule.symbol.split(".").at(-1) as string;
  return {
    kind: "rule",
    topic: "error",
    owner: cls,
    source_id: rule.id,
    domain: rule.domain,
    spans: [span(rule)],
    score: 2.5,
    draft: (r) => ({
      question: pick([`What does ${q(cls)} report to the client?`, `Which message and code does ${q(cls)} carry?`], r),
      answer: `${rule.summary.replace(new RegExp(`^${cls}\\b`), q(cls))}.`,
      trace: [{ text: `The constructor of ${q(cls)} builds the report.`, evidence: [0] }],
      difficulty: "easy",
    }),
  };
}

/** `x` / `super.add(e)` / `null`: a return that states nothing worth asking about. */
const TRIVIAL_RETURN = /^(this|null|true|false|-?\d+|[\w.]+|(super|this)\.\w+\([^()]*\)|\w+\([^()]*\))$/;

/** Return branches and computed values of one method. */
function computationCandidate(symbol: string, rules: BusinessRule[], name: Name): Candidate | undefined {
  const parsed = distinct(rules.sort(byLine), (r) => r.summary).map((rule) => {
    let body = rule.summary.startsWith(`${symbol} `) ? rule.summary.slice(symbol.length + 1) : rule.summary;
    if (rule.condition && body.endsWith(` when ${rule.condition}`))
      body = body.slice(0, -` when ${rule.condition}`.length);
    const ret = /^returns (.+)$/.exec(body)?.[1];
    const text = ret
      ? `returns ${q(ret.replace(/ \(rounded\)$/, ""))}${rule.condition ? ` when ${q(rule.condition)}` : ""}`
      : body.replace(/computes ([^;]+)/g, (_, e: string) => `computes ${q(e.trim())}`);
    // A bare call or copy (`i = s.indexOf(':')`) is plumbing; arithmetic and branches are the logic.
    const trivial = rule.condition
      ? false
      : ret !== undefined
        ? TRIVIAL_RETURN.test(ret.trim())
        : !/[-+*/%]|<<|>>|Math\.|min\(|max\(/.test(body.replace(/computes \w+ =/g, ""));
    return { rule, text, trivial };
  });
  const items = parsed.filter((p) => !p.trivial).slice(0, MAX_ITEMS);
  const lead = items[0]?.rule;
  if (lead === undefined) return undefined;
  const branches = items.filter((p) => p.rule.condition).length;
  const s = name(symbol, items[0]?.rule.evidence[0]?.path);
  return {
    kind: "rule",
    subject: `computation:${symbol}`,
    topic: "computation",
    owner: ownerOf(lead),
    source_id: lead.id,
    domain: lead.domain,
    spans: items.map((p) => span(p.rule)),
    score: 1 + (branches > 0 ? 1.5 : 0) + 0.3 * (items.length - 1),
    draft: (r) => ({
      question:
        branches > 0
          ? pick([`What does ${s} return, and in which cases?`, `Which early returns does ${s} have?`], r)
          : pick([`How does ${s} compute its result?`, `What does ${s} calculate?`], r),
      answer: `${capitalize(s)} ${items.map((p) => p.text).join("; ")}.`,
      trace: items.map((p, i) => ({
        text: `Read the ${p.rule.condition ? "branch" : "statement"}: ${p.text}.`,
        evidence: [i],
      })),
      difficulty: items.length > 2 ? "hard" : "medium",
    }),
  };
}

/** Status changes of one class: which method sets which state. */
function transitionsCandidate(owner: string, rules: BusinessRule[], name: Name): Candidate {
  const all = distinct(rules.sort(byLine), (r) => `${r.symbol}|${r.from?.join()}|${r.to?.join()}`);
  const o = ownerName(owner, name);
  // One module-level table (`const NEXT = { ... }`): ask about the table itself, every row of it.
  const table = owner.includes("/") && all.every((x) => x.from?.length && x.symbol === all[0]?.symbol);
  const items = all.slice(0, table ? 12 : MAX_ITEMS);
  const step = (x: BusinessRule) =>
    x.from?.length
      ? x.to?.length
        ? `from ${list(x.from.map(q))} it may move to ${list(x.to.map(q))} (${name(x.symbol)})`
        : `${list(x.from.map(q))} ${x.from.length > 1 ? "are" : "is"} terminal (${name(x.symbol)})`
      : `${name(x.symbol)} sets ${list((x.to ?? []).map(q)) || "the status"}`;
  return {
    kind: "rule",
    topic: "state_transition",
    owner,
    source_id: (items[0] as BusinessRule).id,
    domain: (items[0] as BusinessRule).domain,
    spans: items.map(span),
    score: 3 + 0.3 * (items.length - 1),
    draft: (r) => ({
      question: table
        ? pick(
            [
              `Which status transitions does ${name((items[0] as BusinessRule).symbol, owner)} allow?`,
              `What does the transition table ${name((items[0] as BusinessRule).symbol, owner)} permit?`,
            ],
            r,
          )
        : items.length > 1
          ? pick(
              [
                `How does the status of ${o} change, and which methods change it?`,
                `Which state transitions does ${o} implement?`,
              ],
              r,
            )
          : pick([`What status change happens in ${name((items[0] as BusinessRule).symbol)}?`], r),
      answer: `${capitalize(
        [
          ...items.filter((x) => !table || x.to?.length).map(step),
          // Terminal rows of a table read as one clause.
          ...(table && items.some((x) => !x.to?.length)
            ? [
                `${list(items.filter((x) => !x.to?.length).flatMap((x) => (x.from ?? []).map(q)))} ${
                  items.filter((x) => !x.to?.length).length > 1 ? "are" : "is"
                } terminal`,
              ]
            : []),
        ].join("; "),
      )}.`,
      trace: items.map((x, i) => ({ text: `${capitalize(step(x))}.`, evidence: [i] })),
      difficulty: items.length > 1 ? "medium" : "easy",
    }),
  };
}

/** Field constraints of one class. */
function validationsCandidate(owner: string, rules: BusinessRule[], name: Name): Candidate {
  const items = distinct(rules.sort(byLine), (r) => r.summary).slice(0, MAX_ITEMS + 2);
  const o = ownerName(owner, name);
  const text = (x: BusinessRule) =>
    x.summary.startsWith(`${x.symbol} `) ? `${name(x.symbol)} ${x.summary.slice(x.symbol.length + 1)}` : x.summary;
  return {
    kind: "rule",
    topic: "validation",
    owner,
    source_id: (items[0] as BusinessRule).id,
    domain: (items[0] as BusinessRule).domain,
    spans: distinctSpans(items.map(span)),
    score: 2 + 0.2 * (items.length - 1),
    draft: (r) => ({
      question:
        items.length > 1
          ? pick([`Which constraints does ${o} put on its fields?`, `What input does ${o} reject?`], r)
          : `What constraint applies to ${name((items[0] as BusinessRule).symbol)}?`,
      answer: `${capitalize(items.map(text).join("; "))}.`,
      trace: [
        { text: `Read the constraints declared in ${o}.`, evidence: distinctSpans(items.map(span)).map((_, i) => i) },
      ],
      difficulty: "easy",
    }),
  };
}

function distinctSpans(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans.filter((s) => {
    const k = `${s.path}:${s.start_line}:${s.end_line}`;
    return !seen.has(k) && seen.add(k);
  });
}

/**
 * Transaction boundaries of one class: which methods commit or roll back as a unit, and which
 * only read. One sample per class — a question per annotated method would ask the same thing.
 */
function transactionsCandidate(owner: string, rules: BusinessRule[], name: Name): Candidate {
  const items = distinct(rules.sort(byLine), (r) => r.symbol).slice(0, 8);
  const readOnly = (x: BusinessRule) => /read-only|readOnly\s*=\s*true/.test(x.summary);
  const writes = items.filter((x) => !readOnly(x));
  const reads = items.filter(readOnly);
  const names = (xs: BusinessRule[]) => list(xs.map((x) => name(x.symbol, x.evidence[0]?.path)));
  const annotation = (x: BusinessRule) => /\((@[^()]*(?:\([^()]*\))?)\)$/.exec(x.summary)?.[1];
  const one = items[0] as BusinessRule;
  const o = ownerName(owner, name);
  const clauses = [
    writes.length > 0 &&
      `${names(writes)} ${writes.length > 1 ? "each run" : "runs"} in one transaction: all ${writes.length > 1 ? "their" : "its"} changes commit or roll back together`,
    reads.length > 0 && `${names(reads)} ${reads.length > 1 ? "run" : "runs"} in a read-only transaction`,
  ].filter((c): c is string => typeof c === "string");
  return {
    kind: "rule",
    topic: "transaction",
    owner,
    source_id: one.id,
    domain: one.domain,
    spans: items.map(span),
    score: 1.2 + 0.2 * Math.min(items.length, 4),
    draft: (r) => ({
      question:
        items.length > 1
          ? pick(
              [
                `Which methods of ${o} run in a transaction, and which of them only read?`,
                `Where are the transaction boundaries in ${o}?`,
              ],
              r,
            )
          : pick(
              [
                `Do the changes made by ${name(one.symbol, one.evidence[0]?.path)} commit atomically?`,
                `What transaction boundary applies to ${name(one.symbol, one.evidence[0]?.path)}?`,
              ],
              r,
            ),
      answer: `${capitalize(clauses.join("; "))}${annotation(one) ? ` (annotated \`${annotation(one)}\`)` : ""}.`,
      trace: items.map((x, i) => ({
        text: `${capitalize(name(x.symbol, x.evidence[0]?.path))} carries ${annotation(x) ? `\`${annotation(x)}\`` : "a transaction boundary"}.`,
        evidence: [i],
      })),
      difficulty: items.length > 2 ? "medium" : "easy",
    }),
  };
}

const methodsByPath = new WeakMap<RepoIndex, Map<string, RepoIndex["chunks"]>>();

function methodsOf(index: RepoIndex, path: string): RepoIndex["chunks"] {
  let m = methodsByPath.get(index);
  if (m === undefined) {
    m = new Map();
    for (const c of index.chunks) {
      if (c.kind === "class" || c.kind === "interface") continue;
      const l = m.get(c.path);
      if (l) l.push(c);
      else m.set(c.path, [c]);
    }
    methodsByPath.set(index, m);
  }
  return m.get(path) ?? [];
}

/** Where a constant is read: the enclosing methods of up to two other lines of its file naming it. */
function usages(rule: BusinessRule, index: RepoIndex, lines: Lines): { symbol: string; line: number; text: string }[] {
  const e = rule.evidence[0];
  const name = rule.symbol.split(".").at(-1) as string;
  const file = e ? lines.of(e.path) : null;
  if (!e || !file || !/^\w+$/.test(name)) return [];
  const word = new RegExp(`\\b${name}\\b`);
  const methods = methodsOf(index, e.path);
  const out: { symbol: string; line: number; text: string }[] = [];
  for (let i = 0; i < file.length && out.length < 2; i++) {
    const n = i + 1;
    const t = (file[i] as string).trim();
    if (n >= e.start_line && n <= e.end_line) continue;
    if (!word.test(t) || t.startsWith("*") || t.startsWith("//") || t.startsWith("#") || t.length > 120) continue;
    const m = methods
      .filter((c) => c.start_line < n && c.end_line >= n)
      .sort((a, b) => a.end_line - a.start_line - (b.end_line - b.start_line))[0];
    if (m && !out.some((o) => o.symbol === m.qualified)) out.push({ symbol: m.qualified, line: n, text: t });
  }
  return out;
}

/** A constant: its value, and who reads it. Type-code tables (many constants in one class) rank low. */
function constantCandidate(rule: BusinessRule, peers: number, index: RepoIndex, lines: Lines, name: Name): Candidate {
  const s = name(rule.symbol, rule.evidence[0]?.path);
  const member = rule.symbol.split(".").at(-1) as string;
  const used = rule.config_key ? [] : usages(rule, index, lines);
  const policy = rule.config_key !== undefined || POLICY_KEY.test(member);
  const table = peers >= 6 && !policy;
  return {
    kind: "rule",
    subject: `constant:${rule.symbol}=${rule.value}`,
    topic: "constant",
    owner: ownerOf(rule),
    source_id: rule.id,
    domain: rule.domain,
    spans: [span(rule), ...used.map((u) => ({ path: span(rule).path, start_line: u.line, end_line: u.line }))],
    score: (table ? 0.2 : policy ? 1.8 : 0.8) + (used.length > 0 ? 0.6 : 0),
    draft: (r) => {
      const read = used.map((u) => `${name(u.symbol)} reads it (${q(u.text)})`);
      const question = rule.config_key
        ? pick([`Which configuration key sets ${s}, and what is its default?`, `How is ${s} configured?`], r)
        : used.length > 0
          ? pick(
              [`What is the value of ${s}, and where is it used?`, `What does ${s} fix, and which code depends on it?`],
              r,
            )
          : `What is the value of ${s}?`;
      const answer = rule.config_key
        ? `${capitalize(s)} is bound to the key ${q(rule.config_key)}${rule.value ? ` with the default ${rule.value}` : ""}.`
        : `${capitalize(s)} is ${rule.value ?? "?"}${read.length ? `; ${list(read)}` : ""}.`;
      return {
        question,
        answer,
        trace: [
          { text: `The declaration of ${s} gives ${rule.value ?? "its value"}.`, evidence: [0] },
          ...used.map((u, i) => ({ text: `${capitalize(name(u.symbol))} refers to it.`, evidence: [i + 1] })),
        ],
        difficulty: used.length > 0 ? "medium" : "easy",
      };
    },
  };
}

/** Every QA candidate the rules support, grouped by method or class. */
export function ruleCandidates(rules: BusinessRule[], index: RepoIndex, lines: Lines, name: Name): Candidate[] {
  // Summaries cut with "…" hold half identifiers: leave those rules out.
  const usable = rules.filter((x) => x.evidence.length > 0 && !x.summary.includes("…"));
  const out: Candidate[] = [];
  const checks = usable.filter((x) => x.kind === "guard" || (x.kind === "error" && !isConstructor(x)));
  for (const [sym, g] of groupBy(checks, (x) => `${x.symbol}|${x.evidence[0]?.path}`))
    out.push(checksCandidate(sym.split("|")[0] as string, g, name));
  for (const x of usable.filter((x) => x.kind === "error" && isConstructor(x))) out.push(errorClassCandidate(x));
  const comps = usable.filter((x) => x.kind === "computation");
  for (const [sym, g] of groupBy(comps, (x) => `${x.symbol}|${x.evidence[0]?.path}`)) {
    const c = computationCandidate(sym.split("|")[0] as string, g, name);
    if (c) out.push(c);
  }
  for (const [owner, g] of groupBy(
    usable.filter((x) => x.kind === "state_transition"),
    ownerOf,
  ))
    out.push(transitionsCandidate(owner, g, name));
  for (const [owner, g] of groupBy(
    usable.filter((x) => x.kind === "validation"),
    ownerOf,
  ))
    out.push(validationsCandidate(owner, g, name));
  for (const [owner, g] of groupBy(
    usable.filter((x) => x.kind === "transaction"),
    ownerOf,
  ))
    out.push(transactionsCandidate(owner, g, name));
  // Keys no field binds are asked about as configuration, not again as constants.
  const constants = usable.filter((x) => x.kind === "policy_constant" && x.symbol !== x.config_key);
  const peers = groupBy(constants, ownerOf);
  for (const x of constants) out.push(constantCandidate(x, peers.get(ownerOf(x))?.length ?? 1, index, lines, name));
  return out;
}
