/** Offline QA generation: deterministic, grounded samples from rules, flows, entities and config. */
import type { RepoIndex } from "../index/index.js";
import type { ConfigEntry, DomainMap, Entity, Flow } from "../map/index.js";
import type { BusinessRule } from "../rules/index.js";
import { Lines, pick, rng, shuffle } from "./text.js";
import type { QaEvidence, QaKind, QaOptions, QaSample } from "./types.js";

type Span = { path: string; start_line: number; end_line: number };
type Difficulty = QaSample["metadata"]["difficulty"];
interface Draft {
  question: string;
  answer: string;
  trace: { text: string; evidence: number[] }[];
  difficulty: Difficulty;
}
interface Candidate {
  kind: QaKind;
  source_id: string;
  domain: string;
  spans: Span[];
  draft: (r: () => number, ev: QaEvidence[]) => Draft;
}

/** Long spans are cut to their first lines: the snippet stays exactly the file's text. */
const MAX_SPAN = 30;
const SECRET = /password|secret|token|credential|api[-_]?key/i;
const WEIGHTS: [QaKind, number][] = [
  ["rule", 0.5],
  ["flow", 0.2],
  ["config", 0.15],
  ["entity", 0.15],
];

const q = (s: string) => `\`${s}\``;
const list = (xs: string[]) => (xs.length < 2 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);
const cls = (symbol: string) => symbol.split(".")[0] ?? symbol;

function ruleCandidate(rule: BusinessRule): Candidate {
  const spans = rule.evidence.map(({ path, start_line, end_line }) => ({ path, start_line, end_line }));
  return {
    kind: "rule",
    source_id: rule.id,
    domain: rule.domain,
    spans,
    draft: (r) => {
      const s = q(rule.symbol);
      const all = spans.map((_, i) => i);
      const first = [0];
      let question: string;
      let answer: string;
      let difficulty: Difficulty = spans.length > 1 ? "medium" : "easy";
      const trace: Draft["trace"] = [];
      switch (rule.kind) {
        case "guard": {
          const ex = rule.exception ? q(rule.exception) : "an exception";
          question = pick(
            [
              `When does ${s} refuse to proceed, and what error does it raise?`,
              `What check does ${s} perform before continuing?`,
              `Under which condition does ${s} throw ${ex}?`,
            ],
            r,
          );
          answer = `${s} stops when ${q(rule.condition ?? "its guard holds")} and throws ${ex}${rule.message ? ` with the message "${rule.message}"` : ""}. In plain words: ${rule.summary}.`;
          trace.push({
            text: `Locate the guard in ${s}: the condition is ${q(rule.condition ?? "?")}.`,
            evidence: first,
          });
          trace.push({
            text: `The guard throws ${ex}${rule.message ? ` with "${rule.message}"` : ""}.`,
            evidence: first,
          });
          break;
        }
        case "error":
          question = pick(
            [
              `What does ${q(rule.exception ?? cls(rule.symbol))} report to the caller?`,
              `Which message does ${q(rule.exception ?? cls(rule.symbol))} carry?`,
              `How is ${q(rule.exception ?? cls(rule.symbol))} described to clients?`,
            ],
            r,
          );
          answer = `${q(rule.exception ?? cls(rule.symbol))} carries the message "${rule.message ?? ""}". ${rule.summary}.`;
          trace.push({
            text: `Open the constructor of ${q(rule.exception ?? cls(rule.symbol))} and read its message template.`,
            evidence: first,
          });
          break;
        case "state_transition": {
          const from = rule.from?.length ? list(rule.from) : undefined;
          const to = rule.to?.length ? list(rule.to) : "no other state";
          question = pick(
            from
              ? [
                  `Which status changes are allowed from ${from} according to ${q(cls(rule.symbol))}?`,
                  `From ${from}, where can the status move next?`,
                ]
              : [`What status does ${s} set?`, `Which state does ${s} move the object into?`],
            r,
          );
          answer = from
            ? rule.to?.length
              ? `From ${from} the status can only move to ${to}, as declared in ${s}. ${rule.summary}.`
              : `${from} ${rule.from && rule.from.length > 1 ? "are" : "is"} terminal: ${s} allows no further transition. ${rule.summary}.`
            : `${s} moves the status to ${to}. ${rule.summary}.`;
          difficulty = "medium";
          trace.push({ text: `Read the transition table in ${s}${from ? ` for ${from}` : ""}.`, evidence: first });
          trace.push({ text: `The allowed targets are ${to}.`, evidence: first });
          break;
        }
        case "computation":
          question = pick(
            [
              `How does ${s} compute its result?`,
              `What does ${s} return${rule.condition ? ` when ${rule.condition}` : ""}?`,
              `Explain the calculation performed by ${s}.`,
            ],
            r,
          );
          answer = `${rule.summary}${rule.condition ? `; the condition is ${q(rule.condition)}` : ""}.`;
          difficulty = rule.condition ? "medium" : "easy";
          trace.push({ text: `Read the return/assignment in ${s}.`, evidence: first });
          break;
        case "transaction":
          question = pick(
            [
              `Is ${s} transactional?`,
              `What transaction boundary applies to ${s}?`,
              `Do the changes made by ${s} commit atomically?`,
            ],
            r,
          );
          answer = `${/^(Is|Do) /.test(question) ? "Yes: " : ""}${rule.summary}.`;
          trace.push({ text: `${s} is annotated with @Transactional.`, evidence: first });
          break;
        case "policy_constant":
          question = pick(
            rule.config_key
              ? [`What value does ${q(rule.config_key)} have, and which field binds it?`, `How is ${s} configured?`]
              : [
                  `What is the value of ${s}?`,
                  `Which policy value does ${q(cls(rule.symbol))} fix for ${q(rule.symbol.split(".").at(-1) ?? "")}?`,
                ],
            r,
          );
          answer = `${s} is ${rule.value ?? "?"}${rule.config_key ? `, bound to ${q(rule.config_key)}` : ""}. ${rule.summary}.`;
          trace.push({ text: `Read the declaration of ${s}: ${rule.value ?? "?"}.`, evidence: first });
          if (rule.config_key && spans.length > 1)
            trace.push({ text: `The configured value of ${q(rule.config_key)}.`, evidence: all.slice(1) });
          break;
        default:
          question = pick(
            [`What does ${s} enforce?`, `Which validation applies to ${s}?`, `What constraint is declared on ${s}?`],
            r,
          );
          answer = `${rule.summary}.`;
          trace.push({ text: `Read the constraint annotations on ${s}.`, evidence: first });
      }
      if (trace.length === 0 || spans.length > 1)
        trace.push({ text: "Check the remaining evidence for the same rule.", evidence: all });
      return { question, answer: answer.replace(/\.\./g, "."), trace, difficulty };
    },
  };
}

function flowCandidate(flow: Flow): Candidate | undefined {
  const steps = flow.steps.filter((s) => !s.inherited);
  if (steps.length < 2) return undefined;
  const entry =
    flow.entry.kind === "http"
      ? `${flow.entry.method ?? "a"} ${flow.entry.route ?? "request"}`
      : `the scheduled job ${q(steps[0]?.qualified ?? "")}`;
  return {
    kind: "flow",
    source_id: flow.id,
    domain: steps[1]?.qualified.split(".")[0] ?? "",
    spans: steps.map(({ path, start_line, end_line }) => ({
      path,
      start_line,
      end_line: Math.min(end_line, start_line + MAX_SPAN - 1),
    })),
    draft: (r) => {
      const names = flow.steps.map((s) => q(s.qualified));
      const question = pick(
        [
          `What happens, step by step, when ${entry} is handled?`,
          `Trace the call chain of ${entry} from the entry point${flow.reaches_persistence ? " to persistence" : ""}.`,
          `Which components are involved in ${entry}, and in what order?`,
        ],
        r,
      );
      const answer = `${entry[0]?.toUpperCase()}${entry.slice(1)} enters at ${names[0]}, then calls ${list(names.slice(1))}${
        flow.reaches_persistence ? `; the chain ends in the repository layer at ${names.at(-1)}` : ""
      }.`;
      const trace = steps.map((s, i) => ({
        text: `${i === 0 ? "Entry point" : "Next"}: ${q(s.qualified)}.`,
        evidence: [i],
      }));
      return { question, answer, trace, difficulty: steps.length > 3 ? "hard" : "medium" };
    },
  };
}

function entityCandidates(e: Entity): Candidate[] {
  const head: Span = {
    path: e.path,
    start_line: e.start_line,
    end_line: Math.min(e.end_line, e.start_line + MAX_SPAN - 1),
  };
  const out: Candidate[] = [];
  const fields = e.fields.filter((f) => f.line <= head.end_line);
  if (fields.length > 0) {
    out.push({
      kind: "entity",
      source_id: `entity:${e.name}`,
      domain: e.name,
      spans: [head],
      draft: (r) => ({
        question: pick(
          [
            `What fields does the ${q(e.name)} entity have?`,
            `Describe the data model of ${q(e.name)}.`,
            `Which attributes are stored for ${q(e.name)}?`,
          ],
          r,
        ),
        answer: `${q(e.name)} is a persistent entity (${e.source})${e.table ? ` mapped to table ${q(e.table)}` : ""} with fields ${list(
          fields.map((f) => `${q(f.name)} (${f.type})`),
        )}.`,
        trace: [{ text: `Read the ${e.source} class ${q(e.name)} and its field declarations.`, evidence: [0] }],
        difficulty: "easy",
      }),
    });
  }
  for (const f of e.fields) {
    out.push({
      kind: "entity",
      source_id: `entity:${e.name}.${f.name}`,
      domain: e.name,
      spans: [{ path: e.path, start_line: f.line, end_line: f.line }],
      draft: (r) => ({
        question: pick(
          [
            `What is the type of ${q(`${e.name}.${f.name}`)}?`,
            `How is the ${q(f.name)} field of ${q(e.name)} declared?`,
          ],
          r,
        ),
        answer: `${q(`${e.name}.${f.name}`)} is declared as ${q(f.type)} on the ${q(e.name)} entity${e.table ? ` (table ${q(e.table)})` : ""}.`,
        trace: [{ text: `Find the declaration of ${q(f.name)} in ${q(e.name)}.`, evidence: [0] }],
        difficulty: "easy",
      }),
    });
  }
  return out;
}

function configCandidate(c: ConfigEntry, bound: Map<string, BusinessRule>): Candidate | undefined {
  if (SECRET.test(c.key) || c.value === "") return undefined;
  const rule = bound.get(c.key);
  return {
    kind: "config",
    source_id: `config:${c.key}`,
    domain: c.key.split(".").slice(0, 2).join("."),
    spans: [
      { path: c.path, start_line: c.line, end_line: c.line },
      ...(rule?.evidence
        .filter((e) => e.path !== c.path)
        .map(({ path, start_line, end_line }) => ({ path, start_line, end_line })) ?? []),
    ],
    draft: (r) => ({
      question: pick(
        [
          `What is ${q(c.key)} set to?`,
          `Which value does the configuration give ${q(c.key)}?`,
          `How is ${q(c.key)} configured?`,
        ],
        r,
      ),
      answer: `${q(c.key)} is set to ${c.value} in ${c.path.split("/").at(-1)}${rule ? `; it is read by ${q(rule.symbol)}` : ""}.`,
      trace: [
        { text: `Read line ${c.line} of the configuration file: ${c.key} = ${c.value}.`, evidence: [0] },
        ...(rule
          ? [
              {
                text: `${q(rule.symbol)} binds the key.`,
                evidence: rule.evidence.filter((e) => e.path !== c.path).map((_, i) => i + 1),
              },
            ]
          : []),
      ],
      difficulty: rule ? "medium" : "easy",
    }),
  };
}

/** Grounded QA without a model: every claim is built from extracted data and cites its lines. */
export function generateQaOffline(
  index: RepoIndex,
  map: DomainMap,
  rules: BusinessRule[],
  opts: QaOptions,
): QaSample[] {
  const count = opts.count ?? 60;
  const r = rng(opts.seed);
  const lines = new Lines(index.root);
  const bound = new Map(rules.filter((x) => x.config_key).map((x) => [x.config_key as string, x]));
  const pools: Record<QaKind, Candidate[]> = {
    // Summaries cut with "…" hold half identifiers: leave those rules out.
    rule: rules.filter((x) => x.evidence.length > 0 && !x.summary.includes("…")).map(ruleCandidate),
    flow: map.flows.map(flowCandidate).filter((c): c is Candidate => c !== undefined),
    entity: map.entities.flatMap(entityCandidates),
    config: map.config.map((c) => configCandidate(c, bound)).filter((c): c is Candidate => c !== undefined),
  };
  for (const k of Object.keys(pools) as QaKind[]) pools[k] = shuffle(pools[k], r);
  // Quotas by weight (at least one per non-empty kind), the rest filled from whatever remains.
  const chosen: Candidate[] = [];
  for (const [k, w] of WEIGHTS) chosen.push(...pools[k].splice(0, Math.max(1, Math.floor(count * w))));
  const rest = shuffle(
    WEIGHTS.flatMap(([k]) => pools[k]),
    r,
  );
  chosen.push(...rest.slice(0, Math.max(0, count - chosen.length)));

  const out: QaSample[] = [];
  for (const c of chosen.slice(0, count)) {
    const evidence: QaEvidence[] = [];
    for (const s of c.spans) {
      const snippet = lines.slice(s.path, s.start_line, s.end_line);
      if (snippet !== null) evidence.push({ ...s, snippet });
    }
    if (evidence.length !== c.spans.length || evidence.length === 0) continue;
    const d = c.draft(r, evidence);
    out.push({
      id: `qa:${c.kind}:${c.source_id}`,
      question: d.question,
      answer: d.answer,
      evidence,
      reasoning_trace: d.trace.map((t, i) => ({ step: i + 1, ...t })),
      metadata: { domain: c.domain, kind: c.kind, difficulty: d.difficulty, source_id: c.source_id },
    });
  }
  return out;
}
