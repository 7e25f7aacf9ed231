/**
 * Every built-in input reader, by `type`. Adding a reader = one file + one line here.
 */
import { csvReader } from "./csv.js";
import { folderReader } from "./folder.js";
import { gitReader } from "./git.js";
import { jsonlReader } from "./jsonl.js";
import { parquetReader } from "./parquet.js";
import { repositoriesReader } from "./repositories.js";
import type { ReaderDef } from "./types.js";

export const builtinReaders: ReaderDef[] = [
  folderReader,
  gitReader,
  jsonlReader,
  parquetReader,
  csvReader,
  repositoriesReader,
];

export function findReader(type: string): ReaderDef | undefined {
  return builtinReaders.find((r) => r.type === type);
}
