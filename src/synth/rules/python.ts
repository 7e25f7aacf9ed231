/** Business rules of one Python file: guards (`if …: raise`), raises, status moves, constants, atomic blocks. */
import type { Node } from "web-tree-sitter";
import { constantValue, isPolicyName } from "./constants.js";
import { endLine, firstMessage, kids, line, oneLine } from "./text.js";
import type { RawRule } from "./types.js";

interface Ctx {
  path: string;
  owner: string;
  fn?: string;
  handled: Set<number>;
  out: RawRule[];
}

const symbolOf = (c: Ctx) => [c.owner, c.fn].filter((x) => x !== undefined && x !== "").join(".") || "<module>";

function raised(r: Node): { type: string; message?: string } | undefined {
  const e = kids(r)[0];
  if (e === undefined) return undefined;
  if (e.type === "call") {
    const type = e.childForFieldName("function")?.text ?? "?";
    return { type, message: firstMessage(kids(e.childForFieldName("arguments"))) };
  }
  return { type: e.text };
}

const describe = (x: { type: string; message?: string }) =>
  x.message === undefined ? x.type : `${x.type}: "${x.message}"`;

function walk(n: Node, ctx: Ctx): void {
  let next = ctx;
  const sp = { path: ctx.path, start_line: line(n), end_line: endLine(n) };
  if (n.type === "class_definition") {
    const name = n.childForFieldName("name")?.text ?? "?";
    next = { ...ctx, owner: ctx.owner === "" ? name : `${ctx.owner}.${name}`, fn: undefined };
  } else if (n.type === "function_definition") {
    next = { ...ctx, fn: n.childForFieldName("name")?.text ?? "?" };
    const deco = n.parent?.type === "decorated_definition" ? kids(n.parent).filter((d) => d.type === "decorator") : [];
    const atomic = deco.find((d) => /\b(atomic|transactional|transaction)\b/.test(d.text));
    if (atomic !== undefined) {
      ctx.out.push({
        kind: "transaction",
        owner: ctx.owner,
        symbol: symbolOf(next),
        summary: `${symbolOf(next)} runs in one transaction (${oneLine(atomic.text, 60)})`,
        spans: [{ path: ctx.path, start_line: line(atomic), end_line: line(n) }],
      });
    }
  } else if (n.type === "if_statement" && ctx.fn !== undefined) {
    const cond = oneLine(n.childForFieldName("condition")?.text ?? "");
    const r = kids(n.childForFieldName("consequence")).find((s) => s.type === "raise_statement");
    const x = r === undefined ? undefined : raised(r);
    if (r !== undefined && x !== undefined) {
      ctx.handled.add(r.id);
      ctx.out.push({
        kind: "guard",
        owner: ctx.owner,
        symbol: symbolOf(ctx),
        summary: `${symbolOf(ctx)} refuses to continue when ${cond} (raises ${describe(x)})`,
        spans: [{ path: ctx.path, start_line: line(n), end_line: endLine(r) }],
        condition: cond,
        exception: x.type,
        message: x.message,
      });
    }
  } else if (n.type === "raise_statement" && !ctx.handled.has(n.id)) {
    const x = raised(n);
    if (x?.message !== undefined) {
      ctx.out.push({
        kind: "error",
        owner: ctx.owner,
        symbol: symbolOf(ctx),
        summary: `${symbolOf(ctx)} fails with ${describe(x)}`,
        spans: [sp],
        exception: x.type,
        message: x.message,
      });
    }
  } else if (n.type === "assignment") {
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    const lt = left?.text ?? "";
    if (
      ctx.fn === undefined &&
      left?.type === "identifier" &&
      /^[A-Z][A-Z0-9_]*$/.test(lt) &&
      right &&
      isPolicyName(lt)
    ) {
      const value = right.type === "integer" || right.type === "float" ? right.text : undefined;
      if (value !== undefined) {
        const sym = ctx.owner === "" ? lt : `${ctx.owner}.${lt}`;
        ctx.out.push({
          kind: "policy_constant",
          owner: ctx.owner,
          symbol: sym,
          summary: `${ctx.owner === "" ? "The module" : ctx.owner} fixes ${lt} at ${constantValue(right) ?? value}`,
          spans: [sp],
          value,
        });
      }
    } else if (
      ctx.fn !== undefined &&
      /(^|\.)(status|state)$/i.test(lt) &&
      right &&
      /^[A-Z]\w*\.[A-Z][A-Z0-9_]*$/.test(right.text)
    ) {
      const to = right.text.replace(/^.*\./, "");
      ctx.out.push({
        kind: "state_transition",
        owner: ctx.owner,
        symbol: symbolOf(ctx),
        summary: `${symbolOf(ctx)} moves the status to ${to} (by setting ${lt})`,
        spans: [sp],
        to: [to],
      });
    }
  }
  for (const c of kids(n)) walk(c, next);
}

export function pythonRules(path: string, root: Node): RawRule[] {
  const out: RawRule[] = [];
  walk(root, { path, owner: "", handled: new Set(), out });
  return out;
}
