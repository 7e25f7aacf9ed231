import type { Command } from "commander";
import { listTemplates, showTemplate } from "../../recipe/templates.js";
import { renderTable } from "../table.js";

export function registerRecipes(program: Command): void {
  const recipes = program.command("recipes").description("List and show the built-in recipe templates.");
  recipes
    .command("list")
    .description("List the built-in templates.")
    .action(() => {
      const rows = listTemplates().map((t) => [t.name, t.description ?? ""]);
      process.stdout.write(`${renderTable(["template", "description"], rows)}\n`);
      process.stdout.write("\nShow one with `smelt recipes show NAME`; run it with `smelt run NAME`.\n");
    });
  recipes
    .command("show")
    .description("Print a template's YAML (copy it to start your own recipe).")
    .argument("<name>", "template name")
    .action((name: string) => {
      process.stdout.write(showTemplate(name));
    });
}
