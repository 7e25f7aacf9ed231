/**
 * Record accounting: every record that enters ends kept, dropped (with a reason) or errored
 * (with a reason). `in + generated == out + dropped + errored` must hold for every operator,
 * stage and run; the runner fails the run when it does not.
 */
export interface Counts {
  in: number;
  out: number;
  dropped: number;
  errored: number;
  /** Records created by generators (zero for every other kind). */
  generated: number;
}

export function zeroCounts(): Counts {
  return { in: 0, out: 0, dropped: 0, errored: 0, generated: 0 };
}

export function addCounts(into: Counts, from: Counts): Counts {
  into.in += from.in;
  into.out += from.out;
  into.dropped += from.dropped;
  into.errored += from.errored;
  into.generated += from.generated;
  return into;
}

export function balanced(c: Counts): boolean {
  return c.in + c.generated === c.out + c.dropped + c.errored;
}

export function describeImbalance(what: string, c: Counts): string {
  return `${what}: in ${c.in} + generated ${c.generated} != out ${c.out} + dropped ${c.dropped} + errored ${c.errored}`;
}

/** Counts plus a histogram of drop rules, per operator. */
export interface OpCounts extends Counts {
  drop_rules: Record<string, number>;
  /** Records that did not match the entry's `where:` and passed through (counted in in and out). */
  skipped?: number;
}

export function zeroOpCounts(): OpCounts {
  return { ...zeroCounts(), drop_rules: {} };
}

export function addOpCounts(into: OpCounts, from: OpCounts): OpCounts {
  addCounts(into, from);
  if (from.skipped) into.skipped = (into.skipped ?? 0) + from.skipped;
  for (const [rule, n] of Object.entries(from.drop_rules)) into.drop_rules[rule] = (into.drop_rules[rule] ?? 0) + n;
  return into;
}
