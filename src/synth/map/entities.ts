/** Entities from code (JPA, dataclasses, pydantic, SQLAlchemy, model folders) and SQL CREATE TABLE. */
import type { ClassInfo } from "./classes.js";
import type { Column, Entity, Layer, Table } from "./types.js";

const ENTITY_ANNOTATIONS = new Set(["Entity", "Table", "Document", "Embeddable", "MappedSuperclass"]);
const ENTITY_SUPERS = new Set(["BaseModel", "Model", "Base", "SQLModel", "DeclarativeBase"]);

export function entityOf(c: ClassInfo, layer: Layer | undefined, folderModel: boolean): Entity | undefined {
  if (c.kind !== "class" && c.kind !== "record") return undefined;
  let source: string | undefined;
  const ann = c.annotations.find((a) => ENTITY_ANNOTATIONS.has(a.name) || /(^|\.)dataclass$/.test(a.name));
  if (ann !== undefined) source = ann.name.endsWith("dataclass") ? "dataclass" : `@${ann.name}`;
  else if (c.entitySource !== undefined) source = c.entitySource;
  else {
    const sup = c.supers.find((s) => ENTITY_SUPERS.has(s));
    if (sup !== undefined) source = sup === "BaseModel" ? "pydantic" : `extends ${sup}`;
    else if (folderModel && layer === "model") source = "model folder";
  }
  if (source === undefined) return undefined;
  const tableAnn = c.annotations.find((a) => a.name === "Table")?.args;
  const table = c.table ?? (tableAnn === undefined ? undefined : /name\s*=\s*"([^"]+)"/.exec(tableAnn)?.[1]);
  return {
    name: c.name,
    path: c.path,
    start_line: c.start_line,
    end_line: c.end_line,
    source,
    ...(table !== undefined ? { table } : {}),
    fields: c.fields.filter((f) => !f.name.startsWith("__")),
  };
}

const CREATE = /\bcreate\s+(?:temporary\s+|temp\s+)?table\s+(?:if\s+not\s+exists\s+)?([`"[\]\w.]+)\s*\(/gi;
const NOT_COLUMN = /^(constraint|primary|foreign|unique|check|key|index|exclude)\b/i;

/** CREATE TABLE statements of one SQL file: name, span and columns with their lines. */
export function sqlTables(path: string, text: string): Table[] {
  const out: Table[] = [];
  const lineAt = (i: number) => text.slice(0, i).split("\n").length;
  for (const m of text.matchAll(CREATE)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    let depth = 0;
    let end = open;
    let segStart = open + 1;
    const columns: Column[] = [];
    const segment = (from: number, to: number) => {
      const raw = text.slice(from, to);
      const lead = raw.length - raw.replace(/^[\s,]*(--[^\n]*\n\s*)*/, "").length;
      const def = raw.slice(lead).trim();
      const cm =
        /^([`"[]?\w+[`"\]]?)\s+([\w]+(?:\s*\([^)]*\))?(?:\s+(?:with(?:out)?\s+time\s+zone|varying|precision))*)/i.exec(
          def,
        );
      if (cm === null || NOT_COLUMN.test(def)) return;
      columns.push({
        name: (cm[1] as string).replace(/[`"[\]]/g, ""),
        type: (cm[2] as string).trim(),
        line: lineAt(from + lead),
      });
    };
    for (let i = open; i < text.length; i++) {
      const ch = text[i];
      if (ch === "(") depth++;
      else if (ch === ")") {
        depth--;
        if (depth === 0) {
          segment(segStart, i);
          end = i;
          break;
        }
      } else if (ch === "," && depth === 1) {
        segment(segStart, i);
        segStart = i + 1;
      } else if (ch === "-" && text[i + 1] === "-") {
        const nl = text.indexOf("\n", i);
        i = nl === -1 ? text.length : nl;
      }
    }
    const endSemi = text.indexOf(";", end);
    out.push({
      name: (m[1] as string)
        .replace(/[`"[\]]/g, "")
        .split(".")
        .pop() as string,
      path,
      start_line: lineAt(m.index ?? 0),
      end_line: lineAt(endSemi === -1 ? end : endSemi),
      columns,
    });
  }
  return out;
}
