export { type Input, ROOT, reason, rows, runOp } from "../helpers.js";
/** Words as a plain reader counts them: runs of letters and digits. */
export function plainWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}
