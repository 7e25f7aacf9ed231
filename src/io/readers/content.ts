/**
 * Turning one whole file (from disk or from a git blob) into a read item. Shared by the
 * `folder` and `git` readers so both judge size, binary content and encoding the same way.
 */
import { isBinaryFileSync } from "isbinaryfile";
import { formatBytes } from "../../core/format.js";
import { type FieldValue, newRecord, recordId, type SmeltRecord } from "../../core/record.js";
import { erroredItem, type ItemWhere } from "./common.js";
import type { ReadItem } from "./types.js";
import { decodeUtf8 } from "./utf8.js";

export interface FileRef {
  input: string;
  /** Path relative to the input root, forward slashes. */
  path: string;
  repo?: string;
  /** Size as planned; every item of the file reports it as `bytes`. */
  size: number;
  meta?: Record<string, FieldValue>;
}

function where(f: FileRef): ItemWhere {
  const w: ItemWhere = { input: f.input, id: recordId(f.input, f.path), path: f.path };
  if (f.repo !== undefined) w.repo = f.repo;
  return w;
}

/** The errored item for a file over the limit, or undefined when the file may be read. */
export function oversizeItem(f: FileRef, maxFileBytes: number): ReadItem | undefined {
  if (f.size <= maxFileBytes) return undefined;
  return erroredItem(where(f), `file is ${formatBytes(f.size)}, over max_file_bytes ${maxFileBytes}`, f.size);
}

/** A file that could not be read at all (permissions, vanished since planning...). */
export function unreadableItem(f: FileRef, message: string): ReadItem {
  return erroredItem(where(f), message, f.size);
}

/** Classify a file's bytes: a record, a dropped binary file, or an errored non-UTF-8 file. */
export function contentItem(f: FileRef, bytes: Buffer, maxFileBytes: number): ReadItem {
  // The file may have grown since planning.
  const grown = oversizeItem({ ...f, size: bytes.length }, maxFileBytes);
  if (grown) return { ...grown, bytes: f.size };
  const w = where(f);
  const base: Pick<SmeltRecord, "id" | "source" | "path" | "repo" | "meta"> = {
    id: w.id,
    source: f.input,
    path: f.path,
    meta: { ...f.meta },
  };
  if (f.repo !== undefined) base.repo = f.repo;
  // isbinaryfile only samples the start of the buffer; a NUL anywhere also means binary
  // (as git decides), and keeps NULs out of training text.
  if (isBinaryFileSync(bytes, bytes.length) || bytes.includes(0)) {
    return {
      kind: "dropped",
      record: newRecord({ ...base, text: "" }),
      rule: "binary",
      reason: `binary file (${formatBytes(bytes.length)})`,
      bytes: f.size,
    };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return erroredItem(w, decoded.reason, f.size);
  return { kind: "record", record: newRecord({ ...base, text: decoded.text }), bytes: f.size };
}
