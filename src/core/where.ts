import { readField } from "../ops/basic/fields.js";
import type { OperatorSpec } from "../recipe/types.js";
import type { SmeltRecord } from "./record.js";

/**
 * The predicate of an operator entry's `where:` — every listed field must equal the value (or
 * one of the values); `null` matches a missing field; list fields (tags) match when they
 * contain a value. Undefined when there is no condition.
 */
export function compileWhere(where: OperatorSpec["where"]): ((r: SmeltRecord) => boolean) | undefined {
  if (!where) return undefined;
  const tests = Object.entries(where).map(([field, want]) => {
    const accepted = new Set(Array.isArray(want) ? want : [want]);
    return (r: SmeltRecord) => {
      const v = readField(r, field);
      if (v === undefined || v === null) return accepted.has(null);
      if (Array.isArray(v)) return v.some((x) => accepted.has(x));
      return accepted.has(v);
    };
  });
  return (r) => tests.every((t) => t(r));
}
