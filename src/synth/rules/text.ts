/** Small text helpers of rule extraction: collapse code to one line, read message templates. */
import type { Node } from "web-tree-sitter";

export const line = (n: Node) => n.startPosition.row + 1;
export const endLine = (n: Node) => n.endPosition.row + 1;
export const kids = (n: Node | null | undefined): Node[] =>
  n === null || n === undefined ? [] : n.namedChildren.filter((c): c is Node => c !== null);

/** Code on one line, whitespace collapsed, cut to `max` characters. */
export function oneLine(s: string, max = 160): string {
  const t = s.replace(/\s+/g, " ").replace(/\(\s+/g, "(").replace(/\s+\)/g, ")").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** `(x > 1)` → `x > 1`. */
export function stripParens(s: string): string {
  const t = s.trim();
  return t.startsWith("(") && t.endsWith(")") ? t.slice(1, -1).trim() : t;
}

const STRING = new Set(["string_literal", "string"]);

/** The literal's content without quotes / prefixes (Java "…", Python '…', f"…", """…"""). */
export function literalText(n: Node): string {
  const m = /^[rRbBuUfF]*("""|'''|"|')([\s\S]*)\1$/.exec(n.text);
  return m ? (m[2] as string) : n.text;
}

/** Whether a node (or a concatenation of nodes) holds a string literal. */
export function hasLiteral(n: Node): boolean {
  if (STRING.has(n.type)) return true;
  if (n.type === "binary_expression" || n.type === "binary_operator" || n.type === "parenthesized_expression") {
    return kids(n).some(hasLiteral);
  }
  return false;
}

const PRINTF = /%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifxXeEgGcoa]/g;

/** Python `"got %d of %s" % (n, name)` → `got {n} of {name}`; undefined for anything else. */
function percentFormat(x: Node): string | undefined {
  if (x.type !== "binary_operator" || x.childForFieldName("operator")?.text !== "%") return undefined;
  const left = x.childForFieldName("left");
  const right = x.childForFieldName("right");
  if (left === null || right === null || !STRING.has(left.type)) return undefined;
  const args = right.type === "tuple" ? kids(right) : [right];
  let i = 0;
  return literalText(left)
    .replace(PRINTF, (m) => {
      const a = args[i++];
      return a === undefined ? m : `{${oneLine(a.text, 60)}}`;
    })
    .replace(/%%/g, "%");
}

/** A message template: literals as written, other parts as `{expr}`; undefined without a literal. */
export function messageOf(n: Node): string | undefined {
  if (!hasLiteral(n)) return undefined;
  const parts: string[] = [];
  const walk = (x: Node) => {
    const printf = percentFormat(x);
    if (printf !== undefined) parts.push(printf);
    else if (STRING.has(x.type)) parts.push(literalText(x));
    else if ((x.type === "binary_expression" || x.type === "binary_operator") && hasLiteral(x)) {
      for (const c of kids(x)) walk(c);
    } else if (x.type === "parenthesized_expression" && hasLiteral(x)) for (const c of kids(x)) walk(c);
    else parts.push(`{${oneLine(x.text, 60)}}`);
  };
  walk(n);
  return parts.join("");
}

/** The message template among call arguments: the first that is not a bare CODE_LIKE literal. */
export function firstMessage(args: readonly Node[]): string | undefined {
  const all = args.map(messageOf).filter((m): m is string => m !== undefined);
  return all.find((m) => !/^[A-Z0-9_]+$/.test(m)) ?? all[0];
}

/** lowerCamel / UpperCamel → kebab-case (`maxItemsPerOrder` → `max-items-per-order`). */
export function kebab(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();
}
