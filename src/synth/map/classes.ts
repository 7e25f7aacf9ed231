/**
 * Classes, fields, methods, annotations and call sites of Java, Python, TypeScript/JavaScript and
 * Go files, read from the tree-sitter tree (parse_code's grammars, loaded once per thread) by one
 * reader per language. Other languages give none.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getLanguage, getParser } from "../../ops/parse/grammars.js";
import { grammarKey } from "../index/symbols.js";
import type { IndexedFile } from "../index/types.js";
import { type ClassInfo, named } from "./class-info.js";
import { attachGoMethods, type GoMethod, goFile } from "./classes-go.js";
import { JAVA_CLASS, javaClass } from "./classes-java.js";
import { pyFile } from "./classes-python.js";
import { tsFile } from "./classes-ts.js";

export { type Annotation, baseType, type CallSite, type ClassInfo, type MethodInfo } from "./class-info.js";

const READ = new Set(["java", "python", "typescript", "tsx", "javascript", "go"]);

/** Classes of every Java, Python, TypeScript/JavaScript and Go file of the index, in file order. */
export async function readClasses(root: string, files: readonly IndexedFile[]): Promise<ClassInfo[]> {
  const out: ClassInfo[] = [];
  const goMethods: GoMethod[] = [];
  const parser = await getParser();
  for (const file of files) {
    const key = grammarKey(file.lang, file.path);
    if (key === undefined || !READ.has(key)) continue;
    const text = await readFile(path.join(root, file.path), "utf8");
    parser.setLanguage(await getLanguage(key));
    const tree = parser.parse(text);
    if (tree === null) continue;
    try {
      if (key === "java") {
        for (const c of named(tree.rootNode)) if (JAVA_CLASS[c.type] !== undefined) javaClass(c, file, out, "");
      } else if (key === "python") pyFile(tree.rootNode, file, out);
      else if (key === "go") goFile(tree.rootNode, file, out, goMethods);
      else tsFile(tree.rootNode, file, out);
    } finally {
      tree.delete();
    }
  }
  attachGoMethods(out, goMethods);
  return out;
}
