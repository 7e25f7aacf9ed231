/**
 * Requirement wording for offline design samples. Only the phrasing lives here: every name the
 * templates receive comes from the domain map or the rules.
 */

export type DesignFamily = "state" | "endpoint" | "config" | "guard" | "scheduled" | "computation" | "field";

/** "a" or "an" for a word, by its first letter (good enough for names and status values). */
export const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");

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
    `Operations want to pause ${article(e)} ${e} after it is ${a} and before it becomes ${b}: add a ${n} status so support can hold it while a problem is investigated, then release it to ${b}.`,
  (e: string, a: string, b: string, n: string) =>
    `Introduce the ${n} step in the ${e} life cycle between ${a} and ${b}; ${article(e)} ${e} in ${n} must not move on to ${b} until someone releases it.`,
  (e: string, a: string, b: string, n: string) =>
    `Compliance needs a manual check: ${article(a)} ${a} ${e} goes to ${n} first and only an explicit approval moves it to ${b}.`,
];

export const STATE_SET_REQUIREMENTS = [
  (e: string, states: string, n: string) =>
    `Add a ${n} status to ${e} (today: ${states}) so that support can freeze one without releasing it.`,
  (e: string, states: string, n: string) =>
    `The ${e} life cycle (${states}) needs one more state, ${n}, for records that wait for a manual decision.`,
];

export const ENDPOINT_VARIANTS = {
  write: [
    {
      key: "bulk",
      requirement: (verb: string, route: string) =>
        `Partners integrate in batches: offer a bulk variant of ${verb} ${route} that takes up to 100 items in one call and reports a result per item.`,
    },
    {
      key: "preview",
      requirement: (verb: string, route: string) =>
        `Clients want to know whether ${verb} ${route} would succeed before committing: add a dry-run mode that runs every check and changes nothing.`,
    },
  ],
  read: [
    {
      key: "export",
      requirement: (verb: string, route: string) =>
        `Finance asks for a CSV export of what ${verb} ${route} returns, for a date range, without slowing down the live endpoint.`,
    },
    {
      key: "filter",
      requirement: (verb: string, route: string) =>
        `${verb} ${route} must support filtering and pagination (page, size, sort) because the result lists have grown too large.`,
    },
  ],
};

export const CONFIG_REQUIREMENTS = [
  (what: string, value: string, seg: string) =>
    `The fixed limit ${what} (today ${value}) must become configurable per ${seg}, keeping ${value} as the default.`,
  (what: string, value: string, seg: string) =>
    `Sales wants ${what} to differ per ${seg}: different segments get different values, and ${value} stays the fallback.`,
];

export const GUARD_REQUIREMENTS = {
  relax: (method: string, cond: string, who: string) =>
    `Allow ${who} to pass the check in ${method} (it refuses when ${cond}); every time the exception is used, record who was exempted and why.`,
  tighten: (method: string, cond: string, who: string, risky: string) =>
    `Tighten the check in ${method} (it refuses when ${cond}) for ${risky}, while ${who} keep today's behaviour; log every refusal for audit.`,
};

export const SCHEDULED_VARIANTS = [
  {
    key: "retry",
    requirement: (job: string) =>
      `When ${job} fails half-way, the next run silently starts over: add bounded retries with backoff and make a failed item visible to operators.`,
  },
  {
    key: "notify",
    requirement: (job: string) =>
      `Whenever ${job} changes something, notify the affected customer by e-mail and keep a record of what was sent.`,
  },
];

export const COMPUTATION_REQUIREMENTS = {
  discount: (method: string) =>
    `Marketing wants a second kind of code: fixed-amount codes (e.g. 5.00 off) next to the percentage codes handled by ${method}, never reducing a total below zero.`,
  fee: (method: string) =>
    `Add an express delivery option with its own fee, computed next to the standard rules in ${method}, and show it separately in the quote.`,
  other: (method: string) =>
    `Add a second variant of the calculation in ${method}, selected per request, without changing the results of the existing one.`,
};

export const FIELD_REQUIREMENTS = [
  (e: string, purpose: string) => `Every ${e} needs ${purpose}; existing rows must be backfilled.`,
  (e: string, purpose: string) =>
    `Store ${purpose} on each ${e}, expose it in the API and migrate the existing data without downtime.`,
];
