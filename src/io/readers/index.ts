/**
 * Every built-in input reader, by `type`. Adding a reader = one file + one line here.
 */
import type { ReaderDef } from "./types.js";

export const builtinReaders: ReaderDef[] = [];

export function findReader(type: string): ReaderDef | undefined {
  return builtinReaders.find((r) => r.type === type);
}
