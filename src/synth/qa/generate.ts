/** Offline QA generation: deterministic, grounded samples from rules, flows, entities and config. */
import { detectSensitive } from "../../ops/safety/detect.js";
import type { RepoIndex } from "../index/index.js";
import type { ConfigEntry, DomainMap, Entity, Flow } from "../map/index.js";
import { POLICY_KEY } from "../rules/constants.js";
import type { BusinessRule } from "../rules/index.js";
import { type Candidate, capitalize, list, MAX_SPAN, namer, q, type Span } from "./candidate.js";
import { known, unknownIdentifiers } from "./checks.js";
import { type ConfigReader, configReaders } from "./configReaders.js";
import { ruleCandidates } from "./ruleCandidates.js";
import { selectCandidates } from "./select.js";
import { Lines, pick, rng } from "./text.js";
import type { QaEvidence, QaOptions, QaSample } from "./types.js";

const SECRET = /password|secret|token|credential|api[-_]?key/i;
const MAX_FLOW_SPANS = 8;

/**
 * A first step named like a call on a lower-case receiver (`router.post`, `cron.schedule`) is
 * where the entry is registered, not code of the application: the job is named after its handler.
 */
const isRegistration = (qualified: string | undefined) =>
  qualified !== undefined && /^[a-z_$][\w$]*\.[a-z]\w*$/.test(qualified);

const entryText = (flow: Flow) => {
  if (flow.entry.kind === "http") return `${flow.entry.method ?? "a"} ${flow.entry.route ?? "request"}`;
  const [first, second] = flow.steps;
  const job = isRegistration(first?.qualified) && second ? second.qualified : (first?.qualified ?? "");
  return `the scheduled job ${q(job)}`;
};

/**
 * Flows that share an entry (one endpoint, several branches) become one sample that describes
 * every branch: separate samples would ask the same question.
 */
function flowCandidate(flows: Flow[]): Candidate | undefined {
  const chains = flows.map((f) => f.steps.filter((s) => !s.inherited)).filter((s) => s.length >= 2);
  const first = flows[0];
  if (chains.length === 0 || first === undefined) return undefined;
  const entry = entryText(first);
  const steps: Flow["steps"] = [];
  const at = new Map<string, number>();
  for (const chain of chains)
    for (const s of chain) {
      if (at.has(s.qualified) || steps.length >= MAX_FLOW_SPANS) continue;
      at.set(s.qualified, steps.length);
      steps.push(s);
    }
  const persisting = flows.find((f) => f.reaches_persistence);
  const persists = persisting !== undefined;
  const key = (c: Flow["steps"]) => c.map((s) => s.qualified).join(" ");
  // A chain that is the start of a longer one is not a branch of its own.
  const shown = chains
    .map((c) => c.filter((s) => at.has(s.qualified)))
    .filter((c, i, all) => !all.some((o, j) => j !== i && o.length > c.length && key(o).startsWith(`${key(c)} `)))
    .filter((c, i, all) => all.findIndex((o) => key(o) === key(c)) === i);
  return {
    kind: "flow",
    topic: "flow",
    owner: `flow:${entry}`,
    source_id: first.id,
    domain: steps[1]?.qualified.split(".")[0] ?? "",
    spans: steps.map(({ path, start_line, end_line }) => ({
      path,
      start_line,
      end_line: Math.min(end_line, start_line + MAX_SPAN - 1),
    })),
    score: 2.5 + Math.min(steps.length, 6) * 0.2 + (chains.length > 1 ? 0.5 : 0),
    draft: (r) => {
      const chainText = (c: Flow["steps"]) => c.map((s) => q(s.qualified)).join(" → ");
      const question = pick(
        [
          `What happens, step by step, when ${entry} is handled?`,
          `Trace the call chain of ${entry} from the entry point${persists ? " to persistence" : ""}.`,
          `Which components are involved in ${entry}, and in what order?`,
        ],
        r,
      );
      const first = (steps[0] as Flow["steps"][number]).qualified;
      const head = isRegistration(first) ? `${q(first)} in ${q((steps[0] as Flow["steps"][number]).path)}` : q(first);
      const enters = isRegistration(first) ? "is registered with" : "enters at";
      const answer =
        shown.length === 1
          ? `${capitalize(entry)} ${enters} ${head}, then calls ${list((shown[0] as Flow["steps"]).slice(1).map((s) => q(s.qualified)))}${
              persisting
                ? `; the chain ends in the repository layer at ${q((persisting.steps.at(-1) as Flow["steps"][number]).qualified)}`
                : ""
            }.`
          : `${capitalize(entry)} ${enters} ${head} and branches into ${shown.length} call chains: ${shown
              .map((c, i) => `(${i + 1}) ${chainText(c)}`)
              .join("; ")}.`;
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
      topic: "entity",
      owner: e.name,
      source_id: `entity:${e.name}`,
      domain: e.name,
      spans: [head],
      score: 1.5 + Math.min(fields.length, 8) * 0.05,
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
      topic: "field",
      owner: e.name,
      source_id: `entity:${e.name}.${f.name}`,
      domain: e.name,
      score: 0.4,
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

/** A value the secret rules flag (a database URI with a password, a token): never a training answer. */
function credentialLike(c: ConfigEntry): boolean {
  return detectSensitive(`${c.key.split(".").at(-1)}: ${c.value}`, { path: c.path }).length > 0;
}

function configCandidate(
  c: ConfigEntry,
  bound: Map<string, BusinessRule>,
  readers: Map<string, ConfigReader>,
): Candidate | undefined {
  if (SECRET.test(c.key) || c.value === "" || credentialLike(c)) return undefined;
  // A code symbol bound to the key (a rule whose symbol is the key itself says nothing more).
  const rule = bound.get(c.key);
  const binder = rule && rule.symbol !== c.key ? rule : undefined;
  const reader = binder ? undefined : readers.get(c.key);
  const extra: Span[] = binder
    ? binder.evidence
        .filter((e) => e.path !== c.path)
        .map(({ path, start_line, end_line }) => ({ path, start_line, end_line }))
    : reader
      ? [{ path: reader.path, start_line: reader.line, end_line: reader.line }]
      : [];
  const who = binder ? q(binder.symbol) : reader ? (reader.symbol ? q(reader.symbol) : q(reader.path)) : undefined;
  return {
    kind: "config",
    topic: "config",
    owner: `config:${c.path}`,
    score: who ? 2.2 : POLICY_KEY.test(c.key) ? 1.6 : 1,
    source_id: `config:${c.key}`,
    domain: c.key.split(".").slice(0, 2).join("."),
    spans: [{ path: c.path, start_line: c.line, end_line: c.line }, ...extra],
    draft: (r) => ({
      question: pick(
        [
          `What is ${q(c.key)} set to?`,
          `Which value does the configuration give ${q(c.key)}?`,
          `How is ${q(c.key)} configured?`,
        ],
        r,
      ),
      answer: `${q(c.key)} is set to ${c.value} in ${c.path.split("/").at(-1)}${
        binder ? `; it is read by ${who}` : reader ? `; ${who} reads it by name (line ${reader.line})` : ""
      }.`,
      trace: [
        { text: `Read line ${c.line} of the configuration file: ${c.key} = ${c.value}.`, evidence: [0] },
        ...(extra.length > 0
          ? [
              {
                text: binder ? `${who} binds the key.` : `${who} looks the key up by name.`,
                evidence: extra.map((_, i) => i + 1),
              },
            ]
          : []),
      ],
      difficulty: extra.length > 0 ? "medium" : "easy",
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
  const name = namer(known(index, map));
  const bound = new Map(rules.filter((x) => x.config_key).map((x) => [x.config_key as string, x]));
  const readers = configReaders(index, map.config, lines);
  const byEntry = new Map<string, Flow[]>();
  for (const f of map.flows) {
    const k = entryText(f);
    byEntry.set(k, [...(byEntry.get(k) ?? []), f]);
  }
  const candidates: Candidate[] = [
    ...ruleCandidates(rules, index, lines, name),
    ...[...byEntry.values()].map(flowCandidate).filter((c): c is Candidate => c !== undefined),
    ...map.entities.flatMap(entityCandidates),
    ...map.config.map((c) => configCandidate(c, bound, readers)).filter((c): c is Candidate => c !== undefined),
  ];
  const out: QaSample[] = [];
  // A few spare candidates stand in for drafts naming what the validator cannot check
  // (symbols the index does not chunk): those would only be planned to be rejected.
  for (const c of selectCandidates(candidates, Math.ceil(count * 1.2), r)) {
    if (out.length >= count) break;
    const evidence: QaEvidence[] = [];
    for (const s of c.spans) {
      const snippet = lines.slice(s.path, s.start_line, s.end_line);
      if (snippet !== null) evidence.push({ ...s, snippet });
    }
    if (evidence.length !== c.spans.length || evidence.length === 0) continue;
    const d = c.draft(r, evidence);
    if (unknownIdentifiers(d.answer, evidence, index, map).length > 0) continue;
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
