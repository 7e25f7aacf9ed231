import type { Command } from "commander";
import { configHash } from "../../recipe/hash.js";
import { loadRecipe } from "../../recipe/load.js";
import { resolveRecipeArg } from "../../recipe/templates.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("Check a recipe completely (schema, operators, params, input paths) without running it.")
    .argument("<recipe>", "recipe file or built-in template name")
    .addHelpText(
      "after",
      "\nExit code 0 when the recipe is valid, 2 with every problem listed (file:line:col) when not.",
    )
    .action(async (recipeArg: string) => {
      const { recipe, secrets } = await loadRecipe(resolveRecipeArg(recipeArg));
      const ops = recipe.stages.reduce((n, s) => n + s.operators.length, 0);
      process.stdout.write(
        `${recipeArg}: ok — ${recipe.inputs.length} input(s), ${recipe.stages.length} stage(s), ${ops} operator(s); ` +
          `output ${recipe.output.format} to ${recipe.output.path}; config hash ${configHash(recipe, {}, secrets)}\n`,
      );
    });
}
