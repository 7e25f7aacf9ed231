/**
 * Classes, fields, methods, annotations and call sites of Java, Python, TypeScript/JavaScript and
 * Go files, read from the tree-sitter tree (parse_code's grammars, loaded once per thread) by one
 * reader per language. Other languages give none.
 */

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Node } from "web-tree-sitter";
import { grammarKey, withTree } from "../index/symbols.js";
import type { IndexedFile } from "../index/types.js";
import { type ClassInfo, named } from "./class-info.js";
import { attachGoMethods, type GoMethod, goFile } from "./classes-go.js";
import { JAVA_CLASS, javaClass } from "./classes-java.js";
import { pyFile } from "./classes-python.js";
import { tsFile } from "./classes-ts.js";
import { mountExpressRoutes } from "./module-lookup.js";

export { type Annotation, baseType, type CallSite, type ClassInfo, type MethodInfo } from "./class-info.js";

const READ = new Set(["java", "python", "typescript", "tsx", "javascript", "go"]);

/** The grammar a file's classes are read with, or undefined for a language without a reader. */
export function classGrammar(file: IndexedFile): string | undefined {
  const key = grammarKey(file.lang, file.path);
  return key !== undefined && READ.has(key) ? key : undefined;
}

/**
 * Classes of files read one tree at a time, in the order given. Go methods wait for `finish`:
 * their receiver type may be declared in a later file of the package.
 */
export class ClassReader {
  private readonly out: ClassInfo[] = [];
  private readonly goMethods: GoMethod[] = [];

  /** Read the tree of `file` in grammar `key` (its `classGrammar`). */
  read(file: IndexedFile, key: string, root: Node): void {
    if (key === "java") {
      for (const c of named(root)) if (JAVA_CLASS[c.type] !== undefined) javaClass(c, file, this.out, "");
    } else if (key === "python") pyFile(root, file, this.out);
    else if (key === "go") goFile(root, file, this.out, this.goMethods);
    else tsFile(root, file, this.out);
  }

  /** Every class read, Go methods attached; call once. */
  finish(): ClassInfo[] {
    attachGoMethods(this.out, this.goMethods);
    // Express mount prefixes (`app.use("/api", router)`) need every module read first.
    mountExpressRoutes(this.out);
    return this.out;
  }
}

/** Classes of every Java, Python, TypeScript/JavaScript and Go file of the index, in file order. */
export async function readClasses(root: string, files: readonly IndexedFile[]): Promise<ClassInfo[]> {
  const reader = new ClassReader();
  for (const file of files) {
    const key = classGrammar(file);
    if (key === undefined) continue;
    const text = await readFile(path.join(root, file.path), "utf8");
    await withTree(text, key, (tree) => reader.read(file, key, tree.rootNode));
  }
  return reader.finish();
}
