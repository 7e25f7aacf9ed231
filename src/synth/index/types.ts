/** The repository index of `smelt synth`: files, symbol chunks and what was left out, and why. */

export interface IndexedFile {
  /** Relative to the repository root, forward slashes. */
  path: string;
  /** detect_language's id (python, typescript, go, java, markdown...), or "unknown". */
  lang: string;
  lines: number;
  /** Imported modules as written: `./nodes`, `node:fs`, `os.path`, `java.util.List`, `net/http`. */
  imports: string[];
}

export type ChunkKind = "class" | "interface" | "enum" | "struct" | "trait" | "record" | "impl" | "function" | "method";

export interface Chunk {
  /** `<path>#<qualified>:<start_line>`: unique within the index. */
  id: string;
  path: string;
  kind: ChunkKind;
  /** The symbol's own name (`render`). */
  name: string;
  /** Owner-qualified name (`Renderer.render`; Go methods are named after their receiver type). */
  qualified: string;
  /** 1-based, inclusive; decorators, annotations on wrappers and `export` are included. */
  start_line: number;
  end_line: number;
}

export type SkipReason =
  | "vendored"
  | "generated"
  | "binary"
  | "too_large"
  | "not_utf8"
  | "unreadable"
  | "no_grammar"
  | "parse_failed";

export interface Skipped {
  path: string;
  reason: SkipReason;
  /** What decided it: `marker "do not edit" in line 1`, `path segment dist/`, `error share 0.62 > 0.1`. */
  detail: string;
}

export interface RepoIndex {
  /** Absolute root folder. */
  root: string;
  /** Every readable text file that is neither vendored nor generated (code and non-code), by path. */
  files: IndexedFile[];
  /** Symbols of the source files, in file order then line order. */
  chunks: Chunk[];
  /**
   * Files left out of `files` (vendored, generated, binary, too_large, not_utf8, unreadable) or
   * kept in `files` without chunks (no_grammar: a programming language without a tree-sitter
   * grammar; parse_failed: the grammar failed or the file is mostly ERROR nodes).
   */
  skipped: Skipped[];
}

export interface IndexOptions {
  /** Globs of files to index (folder reader semantics); default everything. */
  include?: string[];
  /** Globs of files to leave out, applied after include. */
  exclude?: string[];
  /** Files larger than this are skipped as too_large (folder reader's default 1,000,000). */
  max_file_bytes?: number;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** A file with a larger share of its text in ERROR nodes is parse_failed (parse_code's default 0.1). */
  max_error_fraction?: number;
}
