/**
 * Rejection reasons grouped for the manifest and the dataset card: the specifics (which
 * evidence, which identifier, which sample) are dropped so equal causes count together.
 * `rejected.jsonl` keeps the full reasons.
 */
const CATEGORIES: [RegExp, string][] = [
  [/^schema: /, "schema"],
  [/^evidence\[\d+\]: snippet differs/, "evidence snippet differs from the file"],
  [/^evidence\[\d+\]: .* is not in the repository/, "evidence lines not in the repository"],
  [/evidence \d+ out of range/, "evidence index out of range"],
  [/^unknown identifier/, "unknown identifier"],
  [/^reuses\[\d+\]: .* is not an indexed class or method$/, "unknown component"],
  [/^reuses\[\d+\]: cited evidence does not show /, "component not shown by its evidence"],
  [/^no overlap/, "no overlap between text and evidence"],
  [/^near-duplicate/, "near-duplicate"],
  [/^model: malformed JSON/, "model: malformed JSON"],
  [/^model: truncated/, "model: truncated at max_tokens"],
  [/^model: refused/, "model: refused"],
  [/^model: http (\d+)/, "model: http error"],
  [/^model: /, "model: failed"],
];

export function reasonCategory(reason: string): string {
  for (const [re, name] of CATEGORIES) if (re.test(reason)) return name;
  return reason.replace(/\d+/g, "N").slice(0, 80);
}
