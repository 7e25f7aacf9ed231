/**
 * Validation rules a database schema enforces: `CHECK (...)` and `UNIQUE` on the columns of a
 * `CREATE TABLE` (the domain map's tables, with column lines). A constraint is often the last
 * line of defence for a business rule (`quantity BETWEEN 1 AND 99`, `on_hand >= 0`), so it is
 * stated next to the code's own checks.
 */
import type { Table } from "../map/types.js";
import type { RawRule } from "./types.js";

/** The text inside the parentheses that open at `open` (balanced), or undefined. */
function balanced(text: string, open: number): string | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

/** `quantity BETWEEN 1 AND 99` → `must be between 1 and 99`; unknown shapes are quoted. */
export function checkWording(column: string | undefined, expr: string): string {
  const e = expr.replace(/\s+/g, " ").trim();
  const col = column ? column.replace(/[`"[\]]/g, "") : undefined;
  const self = col ? `(?:${col.replace(/\W/g, "\\$&")})` : "\\w+";
  let m = new RegExp(`^${self} BETWEEN (\\S+) AND (\\S+)$`, "i").exec(e);
  if (m) return `must be between ${m[1]} and ${m[2]}`;
  m = new RegExp(`^${self} (>=|>|<=|<|<>|!=) (\\S+)$`, "i").exec(e);
  if (m) {
    const op = {
      ">=": "at least",
      ">": "greater than",
      "<=": "at most",
      "<": "less than",
      "<>": "different from",
      "!=": "different from",
    }[m[1] as string];
    return `must be ${op} ${m[2]}`;
  }
  m = new RegExp(`^${self} IN \\((.*)\\)$`, "i").exec(e);
  if (m)
    return `must be one of ${(m[1] as string)
      .replace(/'/g, "")
      .split(/\s*,\s*/)
      .join(", ")}`;
  return `must satisfy ${e}`;
}

export function sqlRules(table: Table, fileLines: readonly string[]): RawRule[] {
  const out: RawRule[] = [];
  const file = table.path.replace(/^.*\//, "");
  const cols = [...table.columns].sort((a, b) => a.line - b.line);
  cols.forEach((c, i) => {
    const last = (cols[i + 1]?.line ?? table.end_line) - 1;
    const end = Math.max(c.line, Math.min(last, table.end_line));
    const text = fileLines.slice(c.line - 1, end).join("\n");
    // The definition ends at the comma that closes it; later lines may hold table constraints.
    const def = text.replace(/--[^\n]*/g, "");
    const symbol = `${table.name}.${c.name}`;
    for (const m of def.matchAll(/\bCHECK\s*\(/gi)) {
      const expr = balanced(def, (m.index ?? 0) + m[0].length - 1);
      if (expr === undefined) continue;
      const lineOf = c.line + def.slice(0, m.index).split("\n").length - 1;
      out.push({
        kind: "validation",
        owner: table.name,
        symbol,
        summary: `${symbol} ${checkWording(c.name, expr)} (CHECK in ${file})`,
        condition: expr.replace(/\s+/g, " ").trim(),
        spans: [{ path: table.path, start_line: c.line, end_line: lineOf }],
      });
    }
    if (/\bUNIQUE\b/i.test(def.split(",")[0] ?? "")) {
      out.push({
        kind: "validation",
        owner: table.name,
        symbol,
        summary: `${symbol} must be unique across ${table.name} (UNIQUE in ${file})`,
        spans: [{ path: table.path, start_line: c.line, end_line: c.line }],
      });
    }
  });
  return out;
}
