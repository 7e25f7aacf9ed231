/**
 * Requirement wording for offline design samples. Only the phrasing lives here: every name the
 * templates receive comes from the domain map or the rules.
 */

export type DesignFamily = "state" | "endpoint" | "config" | "guard" | "scheduled" | "computation" | "field";

/** "a" or "an" for a word, by its first letter (good enough for names and status values). */
export const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");

/**
 * The wording at `turn` of a rotation: samples of one family take consecutive turns, so two of
 * them share a template only after every template was used once. `stride` turns a second list
 * more slowly (the same template then comes back with another filler).
 */
export const nth = <X>(xs: readonly X[], turn: number, stride = 1): X => xs[Math.floor(turn / stride) % xs.length] as X;

const cap = (s: string) => `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}`;

/** Candidate names of a new life-cycle state, tried in order until one is not taken. */
export const NEW_STATES = ["ON_HOLD", "AWAITING_REVIEW", "IN_REVIEW", "SUSPENDED", "PARTIALLY_DONE"];

/** New fields for the "add a field" family: entity field, column, SQL type, backfill rule. */
export const NEW_FIELDS = [
  {
    field: "externalReference",
    column: "external_reference",
    sql: "VARCHAR(64)",
    backfill: "NULL (unknown for old rows)",
    purpose: "an external reference so that support can trace records across systems",
  },
  {
    field: "updatedAt",
    column: "updated_at",
    sql: "TIMESTAMP WITH TIME ZONE",
    backfill: "the row's created_at when present, else now()",
    purpose: "a last-updated timestamp so that downstream systems can sync incrementally",
  },
  {
    field: "sourceChannel",
    column: "source_channel",
    sql: "VARCHAR(16)",
    backfill: "'WEB' for every existing row",
    purpose: "the channel it came from (web, app, partner) for reporting",
  },
  {
    field: "notes",
    column: "notes",
    sql: "TEXT",
    backfill: "NULL",
    purpose: "free-text notes that support staff can edit",
  },
];

/** Segments a policy can be scoped to; the business ones only where the map has customers. */
export const SEGMENTS = ["customer tier", "region", "sales channel"];
export const GENERIC_SEGMENTS = ["deployment", "caller"];
export const PRIVILEGED = ["wholesale customers", "VIP customers", "internal staff accounts", "trusted partners"];
export const GENERIC_PRIVILEGED = ["trusted internal callers", "batch jobs run by operators"];

export const STATE_REQUIREMENTS = [
  (e: string, a: string, b: string, n: string) =>
    `Operations want to pause ${article(e)} ${e} after it is ${a} and before it becomes ${b}: add ${article(n)} ${n} status so support can hold it while a problem is investigated, then release it to ${b}.`,
  (e: string, a: string, b: string, n: string) =>
    `Introduce the ${n} step in the ${e} life cycle between ${a} and ${b}; ${article(e)} ${e} in ${n} must not move on to ${b} until someone releases it.`,
  (e: string, a: string, b: string, n: string) =>
    `Compliance needs a manual check: ${article(a)} ${a} ${e} goes to ${n} first and only an explicit approval moves it to ${b}.`,
  (e: string, a: string, b: string, n: string) =>
    `Before ${article(e)} ${e} goes from ${a} to ${b}, a supervisor must be able to stop it. Park it as ${n} and let only a release continue to ${b}.`,
];

export const STATE_SET_REQUIREMENTS = [
  (e: string, states: string, n: string) =>
    `Add ${article(n)} ${n} status to ${e} (today: ${states}) so that support can freeze one without releasing it.`,
  (e: string, states: string, n: string) =>
    `The ${e} life cycle (${states}) needs one more state, ${n}, for records that wait for a manual decision.`,
  (e: string, states: string, n: string) =>
    `Support must be able to park ${article(e)} ${e} in a new ${n} state, outside ${states}, until someone decides what happens to it.`,
];

/** Fillers of the endpoint wordings: the route, and the handler that serves it today. */
export interface EndpointWords {
  verb: string;
  route: string;
  handler: string;
}

export const ENDPOINT_VARIANTS = {
  write: [
    {
      key: "bulk",
      requirements: [
        (w: EndpointWords) =>
          `Partners integrate in batches: offer a bulk variant of ${w.verb} ${w.route} that takes up to 100 items in one call and reports a result per item.`,
        (w: EndpointWords) =>
          `Back-office users call ${w.verb} ${w.route} once per item; add a batch endpoint beside ${w.handler} that accepts a whole list and says which items failed and why.`,
        (w: EndpointWords) =>
          `An importer needs to push hundreds of requests through ${w.handler} at night: design a bulk form of ${w.route} with one outcome per item.`,
      ],
    },
    {
      key: "preview",
      requirements: [
        (w: EndpointWords) =>
          `Clients want to know whether ${w.verb} ${w.route} would succeed before committing: add a dry-run mode that runs every check and changes nothing.`,
        (w: EndpointWords) =>
          `Add a preview of ${w.verb} ${w.route}: ${w.handler} runs all of its validation and reports the would-be result, but nothing is saved.`,
        (w: EndpointWords) =>
          `Integrators test against production: give ${w.route} a validate-only flag so that ${w.handler} rejects or accepts the payload without side effects.`,
      ],
    },
  ],
  read: [
    {
      key: "export",
      requirements: [
        (w: EndpointWords) =>
          `Finance asks for a CSV export of what ${w.verb} ${w.route} returns, for a date range, without slowing down the live endpoint.`,
        (w: EndpointWords) =>
          `Analysts copy the output of ${w.handler} by hand: offer a downloadable CSV of ${w.route} over a date range.`,
        (w: EndpointWords) =>
          `Add an export next to ${w.verb} ${w.route} that streams its rows as CSV, so that reports no longer page through ${w.handler}.`,
      ],
    },
    {
      key: "filter",
      requirements: [
        (w: EndpointWords) =>
          `${w.verb} ${w.route} must support filtering and pagination (page, size, sort) because the result lists have grown too large.`,
        (w: EndpointWords) =>
          `The response of ${w.handler} keeps growing: let callers of ${w.route} ask for one page at a time, sorted and filtered.`,
        (w: EndpointWords) =>
          `Mobile clients time out on ${w.verb} ${w.route}; add page, size and sort parameters to ${w.handler} without breaking callers that send none.`,
      ],
    },
  ],
};

export const CONFIG_REQUIREMENTS = [
  (what: string, value: string, seg: string) =>
    `The fixed limit ${what} (today ${value}) must become configurable per ${seg}, keeping ${value} as the default.`,
  (what: string, value: string, seg: string) =>
    `Sales wants ${what} to differ per ${seg}: different segments get different values, and ${value} stays the fallback.`,
  (what: string, value: string, seg: string) =>
    `One ${seg} needs a different ${what} than ${value}; let operators override it per ${seg} without a redeploy.`,
  (what: string, value: string, seg: string) =>
    `Make ${what} a per-${seg} setting: ${value} applies wherever no override is configured.`,
];

/** Fillers of the guard wordings: the check, where it lives, and who it is relaxed or tightened for. */
export interface GuardWords {
  method: string;
  cond: string;
  exception: string;
  file: string;
  /** ` ("message")` when the check has a short message, else empty. */
  said: string;
  who: string;
  risky: string;
}

/** Guard wordings, relaxing and tightening in turn. */
export const GUARD_REQUIREMENTS: { mode: "relax" | "tighten"; text: (w: GuardWords) => string }[] = [
  {
    mode: "relax",
    text: (w) =>
      `Allow ${w.who} to pass the check in ${w.method} (it refuses when ${w.cond}); every time the exception is used, record who was exempted and why.`,
  },
  {
    mode: "tighten",
    text: (w) =>
      `Tighten the check in ${w.method} (it refuses when ${w.cond}) for ${w.risky}, while ${w.who} keep today's behaviour; log every refusal for audit.`,
  },
  {
    mode: "relax",
    text: (w) =>
      `${cap(w.who)} keep getting ${w.exception}${w.said} from ${w.method} in ${w.file} when ${w.cond}: let them through and keep an audit record of each exemption.`,
  },
  {
    mode: "tighten",
    text: (w) =>
      `Security review of ${w.file}: refusing only when ${w.cond} is too lenient for ${w.risky}. Give ${w.method} a stricter condition for them, still failing with ${w.exception}${w.said}, while ${w.who} are unaffected.`,
  },
  {
    mode: "relax",
    text: (w) =>
      `Support asks for an override of ${w.method}: when ${w.cond}, ${w.who} should not see ${w.exception}${w.said}; everyone else still does, and each override is logged.`,
  },
  {
    mode: "tighten",
    text: (w) =>
      `${w.method} lets ${w.risky} through as long as ${w.cond} is false; make it refuse them earlier with ${w.exception}, leave ${w.who} alone, and audit each refusal.`,
  },
];

export const SCHEDULED_VARIANTS = [
  {
    key: "retry",
    requirements: [
      (job: string) =>
        `When ${job} fails half-way, the next run silently starts over: add bounded retries with backoff and make a failed item visible to operators.`,
      (job: string) =>
        `Operators cannot tell which items ${job} gave up on: retry each failing item a few times and list the ones that still fail.`,
    ],
  },
  {
    key: "notify",
    requirements: [
      (job: string) =>
        `Whenever ${job} changes something, notify the affected customer by e-mail and keep a record of what was sent.`,
      (job: string) =>
        `Customers only find out later what ${job} did to their records; send them a message after each change and log every notification.`,
    ],
  },
];

export const COMPUTATION_REQUIREMENTS = {
  discount: [
    (method: string) =>
      `Marketing wants a second kind of code: fixed-amount codes (e.g. 5.00 off) next to the percentage codes handled by ${method}, never reducing a total below zero.`,
    (method: string) =>
      `Besides percentages, ${method} must accept codes worth a fixed amount; the result may never go negative.`,
  ],
  fee: [
    (method: string) =>
      `Add an express delivery option with its own fee, computed next to the standard rules in ${method}, and show it separately in the quote.`,
    (method: string) =>
      `Customers can choose faster delivery: ${method} needs a second fee rule for it, listed as its own line in the quote.`,
  ],
  other: [
    (method: string) =>
      `Add a second variant of the calculation in ${method}, selected per request, without changing the results of the existing one.`,
    (method: string) =>
      `Callers need an alternative result from ${method}, chosen by a request option; today's result stays the default.`,
  ],
};

export const FIELD_REQUIREMENTS = [
  (e: string, purpose: string) => `Every ${e} needs ${purpose}; existing rows must be backfilled.`,
  (e: string, purpose: string) =>
    `Store ${purpose} on each ${e}, expose it in the API and migrate the existing data without downtime.`,
  (e: string, purpose: string) => `Extend ${e} with ${purpose}, filling in a value for the records that exist today.`,
];
