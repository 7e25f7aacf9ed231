import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { loadRecipe } from "../../src/recipe/load.js";
import {
  listTemplates,
  resolveRecipeArg,
  showTemplate,
  templatePath,
  templatesDir,
} from "../../src/recipe/templates.js";
import { smeltRoot } from "../../src/version.js";

let dir: string;
let prevCwd: string;

beforeEach(() => {
  prevCwd = process.cwd();
  dir = mkdtempSync(join(tmpdir(), "smelt-templates-"));
  mkdirSync(join(dir, "recipes"));
  writeFileSync(
    join(dir, "recipes", "quickstart.yaml"),
    "name: quickstart\ndescription: |\n  Start here.\n  More text.\n",
  );
  writeFileSync(join(dir, "recipes", "code.yaml"), "name: code\n");
  writeFileSync(join(dir, "recipes", "notes.txt"), "not a template");
  writeFileSync(join(dir, "mine.yaml"), "name: mine\n");
  process.chdir(dir);
});

afterEach(() => {
  process.chdir(prevCwd);
  rmSync(dir, { recursive: true, force: true });
});

describe("templates", () => {
  it("lists the YAML files with the first line of their description", () => {
    expect(listTemplates(join(dir, "recipes"))).toEqual([
      { name: "code", description: "" },
      { name: "quickstart", description: "Start here." },
    ]);
  });

  it("shows a template and finds its path", () => {
    const recipes = join(dir, "recipes");
    expect(showTemplate("code", recipes)).toBe("name: code\n");
    expect(templatePath("quickstart", recipes)).toBe(join(recipes, "quickstart.yaml"));
  });

  it("suggests a close name for an unknown template", () => {
    const recipes = join(dir, "recipes");
    expect(() => showTemplate("quikstart", recipes)).toThrow(
      new UserError("unknown template `quikstart` — did you mean `quickstart`?"),
    );
    expect(() => templatePath("zzzzzzzzzz", recipes)).toThrow(
      new UserError("unknown template `zzzzzzzzzz` — available templates: code, quickstart"),
    );
  });

  it("resolves a recipe argument: file first, then template name", () => {
    const recipes = join(dir, "recipes");
    expect(resolveRecipeArg("mine.yaml", recipes)).toBe("mine.yaml");
    expect(resolveRecipeArg("quickstart", recipes)).toBe(join(recipes, "quickstart.yaml"));
    expect(resolveRecipeArg("quickstart.yaml", recipes)).toBe(join(recipes, "quickstart.yaml"));
    expect(() => resolveRecipeArg("quikstart", recipes)).toThrow(
      new UserError("no recipe file or template named `quikstart` — did you mean `quickstart`?"),
    );
    expect(() => resolveRecipeArg("./missing.yaml", recipes)).toThrow(
      new UserError("recipe file not found: ./missing.yaml"),
    );
    expect(() => resolveRecipeArg("recipes", recipes)).toThrow(/is a folder/);
  });

  it("the built-in templates live in <package root>/recipes", () => {
    expect(templatesDir()).toBe(join(smeltRoot(), "recipes"));
  });

  it("every shipped template loads without problems", async () => {
    for (const t of listTemplates()) {
      const { recipe } = await loadRecipe(templatePath(t.name), { env: {} });
      expect(recipe.name).toBe(t.name);
    }
  });
});
