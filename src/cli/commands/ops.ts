import type { Command } from "commander";
import { z } from "zod";
import { UserError } from "../../core/errors.js";
import type { OperatorDef } from "../../core/operator.js";
import { findOperator, listOperators, suggestName } from "../../core/registry.js";
import { renderTable } from "../table.js";

export function registerOps(program: Command): void {
  const ops = program.command("ops").description("List operators and show their parameters and docs.");
  ops
    .command("list")
    .description("List every operator with its kind and version.")
    .action(() => {
      const rows = listOperators().map((o) => [o.name, o.kind, o.version, o.summary]);
      process.stdout.write(`${renderTable(["operator", "kind", "version", "summary"], rows)}\n`);
    });
  ops
    .command("show")
    .description("Show one operator: what it does, its parameters with types and defaults.")
    .argument("<name>", "operator name")
    .action((name: string) => {
      const def = findOperator(name);
      if (!def) {
        const hint = suggestName(
          name,
          listOperators().map((o) => o.name),
        );
        throw new UserError(
          `unknown operator \`${name}\`${hint ? ` — did you mean \`${hint}\`?` : ""} (see \`smelt ops list\`)`,
        );
      }
      process.stdout.write(describeOperator(def));
    });
}

interface JsonSchemaProp {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchemaProp[];
  items?: JsonSchemaProp;
}

function typeText(p: JsonSchemaProp): string {
  if (p.enum) return p.enum.map((e) => JSON.stringify(e)).join(" | ");
  if (p.anyOf) return p.anyOf.map(typeText).join(" | ");
  if (p.type === "array" && p.items) return `${typeText(p.items)}[]`;
  if (Array.isArray(p.type)) return p.type.join(" | ");
  return p.type ?? "any";
}

/** Render an operator's docs and parameter table from its zod schema (one source of truth). */
export function describeOperator(def: OperatorDef): string {
  const schema = z.toJSONSchema(def.params, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, JsonSchemaProp>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {}).map(([k, p]) => [
    k,
    typeText(p),
    p.default !== undefined ? JSON.stringify(p.default) : required.has(k) ? "(required)" : "",
    p.description ?? "",
  ]);
  return [
    `${def.name} (${def.kind}, v${def.version})`,
    "",
    def.summary,
    "",
    def.docs,
    "",
    rows.length ? renderTable(["param", "type", "default", "description"], rows) : "(no parameters)",
    "",
  ].join("\n");
}
