/**
 * One sentence for the constraints of a validated field, whichever library states them (zod
 * chains, class-validator decorators): `must be an integer between 1 and 120`, `must be a
 * non-empty string of at most 50 characters`, `must be a valid email address when present`.
 * Constraints are collected first and worded together, so that a type and its bounds read as
 * one phrase instead of a list of separate checks.
 */

/** What a bound limits: the value itself, a string's length or a collection's size. */
export type Measure = "value" | "characters" | "items";

interface Bound {
  type: "min" | "max" | "exact";
  value: string;
  measure: Measure;
  /** `gt`/`lt`: the value itself is not allowed. */
  exclusive?: boolean;
}

export type Constraint =
  | Bound
  /** string, number, integer, boolean, date, array, …; `integer` wins over `number`. */
  | { type: "kind"; kind: string }
  | { type: "sign"; sign: "positive" | "negative" | "non-negative" | "non-positive" }
  | { type: "nonempty" }
  /** Not empty and not only whitespace either (`@NotBlank`). */
  | { type: "nonblank" }
  /** A string format that names the value: `valid email address`, `UUID`. */
  | { type: "format"; noun: string }
  /** A clause after the noun: `matching /^[a-z]+$/`, `starting with "x"`, `a multiple of 5`. */
  | { type: "clause"; text: string }
  /** The allowed values: `one of ['a', 'b']`, `a value of Role`. */
  | { type: "oneOf"; text: string }
  | { type: "required" }
  | { type: "optional" };

const article = (w: string) => (/^[aeiou]/i.test(w) && !/^(?:uuid|url|us)/i.test(w) ? "an" : "a");
const unit = (n: string, m: Measure) =>
  m === "characters" ? (n === "1" ? "character" : "characters") : n === "1" ? "item" : "items";

/** The bounds of one measure, after a noun (`of 1 to 50 characters`) or alone (`1 to 50 characters long`). */
function bounds(cs: Constraint[], m: Measure, noun: string | undefined): string | undefined {
  const find = (t: Bound["type"]) => cs.find((c): c is Bound => c.type === t && c.measure === m);
  let lo = find("min");
  let hi = find("max");
  let exact = find("exact");
  // `@Size(min = 2, max = 2)`: "exactly 2 items", not "2 to 2 items".
  if (!exact && lo && hi && lo.value === hi.value && !lo.exclusive && !hi.exclusive)
    [exact, lo, hi] = [lo, undefined, undefined];
  if (m === "value") {
    const date = noun === "date";
    const low = lo && (lo.exclusive ? (date ? "after" : "greater than") : date ? "on or after" : "at least");
    const high = hi && (hi.exclusive ? (date ? "before" : "less than") : date ? "on or before" : "at most");
    if (exact) return `equal to ${exact.value}`;
    if (lo && hi && !lo.exclusive && !hi.exclusive && !date) return `between ${lo.value} and ${hi.value}`;
    const parts = [lo && `${low} ${lo.value}`, hi && `${high} ${hi.value}`].filter((p) => p !== undefined);
    if (parts.length === 0) return undefined;
    // "an integer of at least 1", but "a number greater than 0" and "a date on or after …".
    const of = noun !== undefined && !date && lo !== undefined && !lo.exclusive ? "of " : "";
    return `${of}${parts.join(" and ")}`;
  }
  const size = exact
    ? `exactly ${exact.value} ${unit(exact.value, m)}`
    : lo && hi
      ? `${lo.value} to ${hi.value} ${unit(hi.value, m)}`
      : lo
        ? `at least ${lo.value} ${unit(lo.value, m)}`
        : hi
          ? `at most ${hi.value} ${unit(hi.value, m)}`
          : undefined;
  if (size === undefined) return undefined;
  if (noun === undefined) return m === "characters" ? `${size} long` : `a list with ${size}`;
  return m === "characters" ? `of ${size}` : `with ${size}`;
}

/** `must be …` for the constraints (without the field's name), or undefined when none says anything. */
export function constraintText(input: readonly Constraint[]): string | undefined {
  let cs = [...input];
  const kinds = cs.filter((c) => c.type === "kind").map((c) => c.kind);
  const format = cs.find((c) => c.type === "format")?.noun;
  let noun = kinds.includes("integer") ? "integer" : kinds.at(-1);
  if (format !== undefined && (noun === undefined || noun === "string")) noun = format;
  // A minimum length or size of 1 only says "not empty".
  const blank = cs.some((c) => c.type === "nonblank");
  const nonempty =
    blank ||
    cs.some((c) => c.type === "nonempty") ||
    cs.some((c) => c.type === "min" && c.measure !== "value" && c.value === "1" && !c.exclusive);
  if (nonempty) cs = cs.filter((c) => !(c.type === "min" && c.measure !== "value" && c.value === "1"));
  const adjectives = [
    ...cs.filter((c) => c.type === "sign").map((c) => c.sign),
    ...(nonempty && noun !== undefined ? [blank ? "non-blank" : "non-empty"] : []),
  ];
  const measures: Measure[] = ["value", "characters", "items"];
  const sized = measures.map((m) => bounds(cs, m, noun)).filter((b) => b !== undefined);
  const clauses = cs.filter((c) => c.type === "clause").map((c) => c.text);
  const oneOf = cs.find((c) => c.type === "oneOf")?.text;
  let core: string | undefined;
  if (oneOf !== undefined) core = [oneOf, ...sized, ...clauses].join(", ");
  else if (noun !== undefined) {
    const head = [...adjectives, noun].join(" ");
    core = [`${article(head)} ${head}`, ...sized].join(" ");
    if (clauses.length > 0) core += ` ${clauses.join(" and ")}`;
  } else if (sized.length > 0 || adjectives.length > 0 || clauses.length > 0) {
    core = [...adjectives, ...sized, ...clauses].join(" and ");
  }
  const required = cs.some((c) => c.type === "required");
  const optional = cs.some((c) => c.type === "optional");
  if (core === undefined) {
    if (nonempty) return `must not be ${blank ? "blank" : "empty"}${optional ? " when present" : ""}`;
    return required ? "must be present" : undefined;
  }
  const must =
    nonempty && noun === undefined ? `must not be ${blank ? "blank" : "empty"} and be ${core}` : `must be ${core}`;
  return `${required ? "is required and " : ""}${must}${optional ? " when present" : ""}`;
}

/** What a length or size bound of a field of this kind counts: a string's characters, a collection's items. */
export function measureOf(kind: string | undefined): Measure {
  if (kind === "string") return "characters";
  return kind === "array" || kind === "map" ? "items" : "value";
}

/**
 * `constraintText` for a field whose declared type gives its kind (`int` → integer). The kind
 * names the value only next to a constraint that says something of it: `@NotNull Long id` reads
 * `must be present`, not `is required and must be an integer`.
 */
export function fieldConstraintText(kind: string | undefined, cs: readonly Constraint[]): string | undefined {
  const constrains = cs.some((c) => c.type !== "required" && c.type !== "optional");
  return constraintText(kind !== undefined && constrains ? [{ type: "kind", kind }, ...cs] : cs);
}
