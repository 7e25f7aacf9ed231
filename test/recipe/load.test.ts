// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is recipe interpolation syntax, not a JS template
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { loadRecipe, parseRecipe } from "../../src/recipe/load.js";

let dir: string;
let prevCwd: string;

beforeEach(() => {
  prevCwd = process.cwd();
  dir = mkdtempSync(join(tmpdir(), "smelt-recipe-"));
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data", "docs.jsonl"), '{"text":"hello"}\n');
  process.chdir(dir);
});

afterEach(() => {
  process.chdir(prevCwd);
  rmSync(dir, { recursive: true, force: true });
});

function write(text: string, name = "recipe.yaml"): string {
  writeFileSync(join(dir, name), text);
  return name;
}

/** Loads a recipe expected to be invalid and returns its problems. */
async function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const file = write(text);
  try {
    await loadRecipe(file, { env });
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).problems;
  }
  throw new Error("recipe unexpectedly loaded");
}

// A valid recipe; tests swap single lines to break it. Line numbers are noted on the right.
const BASE = [
  "name: demo", // 1
  "seed: 7", // 2
  "inputs:", // 3
  "  - id: docs", // 4
  "    type: jsonl", // 5
  "    path: ./data/docs.jsonl", // 6
  "stages:", // 7
  "  - name: clean", // 8
  "    operators:", // 9
  "      - id: too_short", // 10
  "        op: length_filter", // 11
  "        params: { min_chars: 10 }", // 12
  "output:", // 13
  "  path: ./out", // 14
];

function variant(changes: Record<number, string | string[]>): string {
  const lines: string[] = [];
  BASE.forEach((line, i) => {
    const c = changes[i + 1];
    if (c === undefined) lines.push(line);
    else if (Array.isArray(c)) lines.push(...c);
    else lines.push(c);
  });
  return `${lines.join("\n")}\n`;
}

describe("loadRecipe: valid recipes", () => {
  it("resolves paths, fills defaults and validates params", async () => {
    const { recipe, secrets, redacted } = await loadRecipe(write(variant({})), { env: {} });
    expect(recipe.name).toBe("demo");
    expect(recipe.seed).toBe(7);
    expect(recipe.file).toBe(join(dir, "recipe.yaml"));
    expect(recipe.baseDir).toBe(dir);
    expect(recipe.inputs[0]).toMatchObject({ id: "docs", type: "jsonl", path: "./data/docs.jsonl" });
    expect(recipe.stages).toEqual([
      {
        name: "clean",
        operators: [{ id: "too_short", op: "length_filter", params: { min_chars: 10, min_lines: 0 } }],
      },
    ]);
    expect(recipe.output).toEqual({
      path: join(dir, "out"),
      format: "parquet",
      partition_by: [],
      compression: "zstd",
      max_file_bytes: 256 * 1024 * 1024,
      keep_dropped: false,
    });
    expect(secrets).toEqual([]);
    expect(redacted).toEqual(recipe);
  });

  it("defaults seed to 0, params to {} and jsonl compression to none", async () => {
    const { recipe } = await loadRecipe(
      write(variant({ 2: [], 12: [], 14: ["  path: /tmp/abs-out", "  format: jsonl", "  partition_by: [lang]"] })),
      { env: {} },
    );
    expect(recipe.seed).toBe(0);
    expect(recipe.stages[0]?.operators[0]?.params).toEqual({ min_chars: 1, min_lines: 0 });
    expect(recipe.output).toMatchObject({
      path: "/tmp/abs-out",
      format: "jsonl",
      compression: "none",
      partition_by: ["lang"],
    });
  });

  it("accepts a folder input and leaves its path as written", async () => {
    const { recipe } = await loadRecipe(
      write(variant({ 5: "    type: folder", 6: "    path: data", 2: "description: folder input" })),
      { env: {} },
    );
    expect(recipe.description).toBe("folder input");
    expect(recipe.inputs[0]).toMatchObject({ id: "docs", type: "folder", path: "data" });
  });

  it("does not check paths with glob characters or URLs", async () => {
    const { recipe } = await loadRecipe(write(variant({ 6: "    path: ./data/*.jsonl" })), { env: {} });
    expect(recipe.inputs[0]?.path).toBe("./data/*.jsonl");
  });

  it("parseRecipe works on text with a label and a base folder", () => {
    const { recipe } = parseRecipe(variant({}), "<template:demo>", { env: {}, baseDir: dir });
    expect(recipe.file).toBe("<template:demo>");
    expect(recipe.baseDir).toBe(dir);
    expect(recipe.output.path).toBe(join(dir, "out"));
  });
});

describe("loadRecipe: problems point at file:line:col with a fix", () => {
  it("reports a missing recipe file", async () => {
    await expect(loadRecipe("nope.yaml")).rejects.toThrow(new UserError("recipe file not found: nope.yaml"));
  });

  it("unknown operator with did-you-mean", async () => {
    expect(await problemsOf(variant({ 11: "        op: lenght_filter" }))).toEqual([
      "recipe.yaml:11:13: unknown operator `lenght_filter` — did you mean `length_filter`?",
    ]);
  });

  it("unknown operator without a close match lists the operators", async () => {
    const [p] = await problemsOf(variant({ 11: "        op: frobnicate" }));
    expect(p).toMatch(
      /^recipe\.yaml:11:13: unknown operator `frobnicate` — run `smelt ops list` to see the operators \(/,
    );
    expect(p).toContain("length_filter");
  });

  it("mistyped param", async () => {
    expect(await problemsOf(variant({ 12: "        params: { min_chars: ten }" }))).toEqual([
      'recipe.yaml:12:30: stages[0].operators[0].params.min_chars: expected a number, got "ten" — write min_chars: 10',
    ]);
  });

  it("quoted number param suggests the unquoted number", async () => {
    expect(await problemsOf(variant({ 12: ["        params:", '          min_chars: "25"'] }))).toEqual([
      'recipe.yaml:13:22: stages[0].operators[0].params.min_chars: expected a number, got "25" — write min_chars: 25',
    ]);
  });

  it("unknown param key with did-you-mean", async () => {
    expect(await problemsOf(variant({ 12: "        params: { min_char: 10 }" }))).toEqual([
      "recipe.yaml:12:19: stages[0].operators[0].params: unknown param `min_char` — did you mean `min_chars`? (see `smelt ops show length_filter`)",
    ]);
  });

  it("unknown param key without a close match lists the allowed params", async () => {
    expect(await problemsOf(variant({ 12: "        params: { colour: red }" }))).toEqual([
      "recipe.yaml:12:19: stages[0].operators[0].params: unknown param `colour` — allowed params: min_chars, max_chars, min_lines, max_lines (see `smelt ops show length_filter`)",
    ]);
  });

  it("operator-level refinements are reported at the params map", async () => {
    expect(await problemsOf(variant({ 12: "        params: { min_chars: 10, max_chars: 5 }" }))).toEqual([
      "recipe.yaml:12:17: stages[0].operators[0].params: max_chars must be >= min_chars",
    ]);
  });

  it("unknown top-level key", async () => {
    expect(await problemsOf(variant({ 2: "descripton: hi" }))).toEqual([
      "recipe.yaml:2:1: unknown key `descripton` — did you mean `description`?",
    ]);
    expect(await problemsOf(variant({ 2: "colour: red" }))).toEqual([
      "recipe.yaml:2:1: unknown key `colour` — allowed keys: name, description, seed, inputs, stages, output",
    ]);
  });

  it("unknown key in output and an invalid enum value", async () => {
    expect(await problemsOf(variant({ 14: ["  path: ./out", "  formt: jsonl", "  compression: lz4"] }))).toEqual([
      "recipe.yaml:15:3: output: unknown key `formt` — did you mean `format`?",
      "recipe.yaml:16:16: output.compression: `lz4` is not available for parquet output — use one of zstd, snappy, gzip, uncompressed",
    ]);
    expect(await problemsOf(variant({ 14: ["  path: ./out", "  format: jsnl"] }))).toEqual([
      'recipe.yaml:15:11: output.format: expected one of parquet, jsonl, got "jsnl" — did you mean `jsonl`?',
    ]);
  });

  it("missing required keys point at the parent map", async () => {
    expect(await problemsOf(variant({ 11: [] }))).toEqual([
      "recipe.yaml:10:9: stages[0].operators[0]: missing required key `op` — add `op: <operator name>` (see `smelt ops list`)",
    ]);
    expect(await problemsOf(variant({ 13: [], 14: [] }))).toEqual([
      "recipe.yaml:1:1: missing required key `output` — add `output: { path: ./out }` (where the results are written)",
    ]);
  });

  it("unknown input type", async () => {
    expect(await problemsOf(variant({ 5: "    type: jsnol" }))).toEqual([
      "recipe.yaml:5:11: input `docs`: unknown input type `jsnol` — did you mean `jsonl`?",
    ]);
  });

  it("input keys are validated by the reader's schema", async () => {
    expect(await problemsOf(variant({ 6: ["    path: ./data/docs.jsonl", "    pth: x"] }))).toEqual([
      "recipe.yaml:7:5: inputs[0]: unknown key `pth` — did you mean `path`?",
    ]);
  });

  it("missing input path", async () => {
    expect(await problemsOf(variant({ 6: "    path: ./data/x.jsonl" }))).toEqual([
      `recipe.yaml:6:11: input \`docs\`: path ./data/x.jsonl does not exist (resolved to ${join(dir, "data", "x.jsonl")}) — fix the path or create the file`,
    ]);
  });

  it("duplicate input ids, stage names and operator ids", async () => {
    const text = variant({
      6: ["    path: ./data/docs.jsonl", "  - id: docs", "    type: jsonl", "    path: ./data/docs.jsonl"],
      12: [
        "        params: { min_chars: 10 }",
        "      - id: too_short",
        "        op: length_filter",
        "  - name: clean",
        "    operators:",
        "      - id: too_short",
        "        op: exact_dedup",
      ],
    });
    expect(await problemsOf(text)).toEqual([
      "recipe.yaml:7:9: duplicate input id `docs` (first used at recipe.yaml:4:9) — give each input a unique id",
      "recipe.yaml:16:13: duplicate operator id `too_short` (first used at recipe.yaml:13:13) — give each operator a unique id",
      "recipe.yaml:18:11: duplicate stage name `clean` (first used at recipe.yaml:11:11) — give each stage a unique name",
      "recipe.yaml:20:13: duplicate operator id `too_short` (first used at recipe.yaml:13:13) — give each operator a unique id",
    ]);
  });

  it("YAML syntax errors", async () => {
    const problems = await problemsOf(variant({ 12: "        params: { min_chars: 10" }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^recipe\.yaml:13:1: YAML syntax error: .+ — fix the YAML syntax/);
  });

  it("duplicate YAML keys", async () => {
    expect(await problemsOf(variant({ 2: ["seed: 7", "seed: 8"] }))).toEqual([
      "recipe.yaml:3:1: YAML syntax error: Map keys must be unique — remove or rename the repeated key",
    ]);
  });

  it("bad names and ids suggest a valid spelling", async () => {
    expect(await problemsOf(variant({ 1: "name: My Recipe", 10: "      - id: Too-Short" }))).toEqual([
      'recipe.yaml:1:7: name: recipe names use lowercase letters, digits, _ and - (starting with a letter or digit) — write name: my_recipe, got "My Recipe"',
      'recipe.yaml:10:13: stages[0].operators[0].id: operator ids use only lowercase letters, digits and _ — write id: too_short, got "Too-Short"',
    ]);
  });

  it("empty lists and empty files", async () => {
    expect(await problemsOf(variant({ 3: "inputs: []", 4: [], 5: [], 6: [] }))).toEqual([
      "recipe.yaml:3:9: inputs: a recipe needs at least one input — add one under inputs:",
    ]);
    expect(await problemsOf("")).toEqual([
      "recipe.yaml:1:1: expected a map (key: value) of recipe settings (name, inputs, stages, output), got an empty value — start from `smelt recipes show quickstart`",
    ]);
  });

  it("reports every problem of a file at once, in file order", async () => {
    const text = variant({
      1: "name: demo",
      2: "sed: 7",
      6: "    path: ./missing.jsonl",
      11: "        op: lenght_filter",
      12: "        params: { min_chars: ten }",
      14: ["  path: ./out", "  format: csv"],
    });
    const problems = await problemsOf(text);
    expect(problems).toEqual([
      "recipe.yaml:2:1: unknown key `sed` — did you mean `seed`?",
      `recipe.yaml:6:11: input \`docs\`: path ./missing.jsonl does not exist (resolved to ${join(dir, "missing.jsonl")}) — fix the path or create the file`,
      "recipe.yaml:11:13: unknown operator `lenght_filter` — did you mean `length_filter`?",
      'recipe.yaml:15:11: output.format: expected one of parquet, jsonl, got "csv" — write format: parquet',
    ]);
    try {
      await loadRecipe("recipe.yaml", { env: {} });
    } catch (err) {
      expect((err as UserError).message).toBe(`recipe.yaml: 4 problems\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
  });

  it("uses the path as given when the recipe is outside cwd", async () => {
    write(variant({ 11: "        op: lenght_filter" }));
    process.chdir(join(dir, "data"));
    await expect(loadRecipe(join(dir, "recipe.yaml"), { env: {} })).rejects.toThrow(
      `${join(dir, "recipe.yaml")}:11:13: unknown operator`,
    );
  });
});

describe("environment interpolation", () => {
  it("substitutes ${VAR}, ${VAR:-default} and $${ escapes", async () => {
    const text = variant({
      1: "name: ${NAME}",
      2: "seed: ${SEED:-3}",
      6: "    path: ${DATA_DIR:-./data}/docs.jsonl",
      12: ["        params: { min_chars: 10 }", "      - id: tag", "        op: set_field"],
      14: ["  path: ./out/${NAME}", "", "# trailing comment"],
    });
    const withParams = text.replace(
      "        op: set_field\n",
      () => '        op: set_field\n        params: { field: note, value: "cost $${AMOUNT} ${UNIT:-usd}" }\n',
    );
    const { recipe } = await loadRecipe(write(withParams), { env: { NAME: "envdemo", UNIT: "" } });
    expect(recipe.name).toBe("envdemo");
    expect(recipe.seed).toBe(3);
    expect(recipe.inputs[0]?.path).toBe("./data/docs.jsonl");
    expect(recipe.output.path).toBe(join(dir, "out", "envdemo"));
    expect(recipe.stages[0]?.operators[1]?.params.value).toBe("cost ${AMOUNT} usd");
  });

  it("re-types a plain scalar that is exactly one reference; quoted stays a string", async () => {
    // (block style: `{` and `}` are flow-map indicators, so `${MIN}` cannot go in `{ ... }` unquoted)
    const { recipe } = await loadRecipe(
      write(variant({ 2: "seed: ${SEED}", 12: ["        params:", "          min_chars: ${MIN}"] })),
      { env: { SEED: "42", MIN: "5" } },
    );
    expect(recipe.seed).toBe(42);
    expect(recipe.stages[0]?.operators[0]?.params.min_chars).toBe(5);
    expect(await problemsOf(variant({ 2: 'seed: "${SEED}"' }), { SEED: "42" })).toEqual([
      'recipe.yaml:2:7: seed: expected a number, got "42" — write seed: 42',
    ]);
  });

  it("reports missing variables (all of them) at their scalar", async () => {
    expect(
      await problemsOf(
        variant({ 1: "name: ${RECIPE_NAME}", 12: ["        params:", "          max_chars: ${MAX_CHARS}"] }),
      ),
    ).toEqual([
      "recipe.yaml:1:7: environment variable RECIPE_NAME is not set — export it or write ${RECIPE_NAME:-default}",
      "recipe.yaml:13:22: environment variable MAX_CHARS is not set — export it or write ${MAX_CHARS:-default}",
    ]);
  });

  it("reports malformed references", async () => {
    expect(await problemsOf(variant({ 1: "name: ${not valid}" }))).toEqual([
      "recipe.yaml:1:7: invalid variable reference `${not valid}` — write ${NAME} or ${NAME:-default} (NAME: letters, digits, _), or $${ for a literal ${",
    ]);
  });

  it("collects secrets from secret-looking variables and redacts them", async () => {
    const text = variant({
      12: [
        "        params: { min_chars: 10 }",
        "      - id: tag",
        "        op: set_field",
        "        params: { field: auth, value: 'Bearer ${HF_TOKEN}' }",
      ],
    });
    const { recipe, secrets, redacted } = await loadRecipe(write(text), { env: { HF_TOKEN: "hf_abcdef123456" } });
    expect(recipe.stages[0]?.operators[1]?.params.value).toBe("Bearer hf_abcdef123456");
    expect(secrets).toEqual(["Bearer hf_abcdef123456", "hf_abcdef123456"]);
    const red = redacted as typeof recipe;
    expect(red.stages[0]?.operators[1]?.params.value).toBe("***");
    expect(red.stages[0]?.operators[1]?.params.field).toBe("auth");
    expect(JSON.stringify(redacted)).not.toContain("hf_abcdef");
    // the recipe itself is untouched
    expect(recipe.stages[0]?.operators[1]?.params.value).toBe("Bearer hf_abcdef123456");
  });

  it("non-secret variables are not secrets", async () => {
    const { secrets, redacted, recipe } = await loadRecipe(write(variant({ 1: "name: ${NAME}" })), {
      env: { NAME: "plain" },
    });
    expect(secrets).toEqual([]);
    expect(redacted).toEqual(recipe);
  });
});

describe("fix suggestions", () => {
  it("turns sizes and words into numbers", async () => {
    expect(await problemsOf(variant({ 14: ["  path: ./out", "  max_file_bytes: 256MiB"] }))).toEqual([
      'recipe.yaml:15:19: output.max_file_bytes: expected a number, got "256MiB" — write max_file_bytes: 268435456',
    ]);
    expect(await problemsOf(variant({ 14: ["  path: ./out", "  keep_dropped: yes"] }))).toEqual([
      'recipe.yaml:15:17: output.keep_dropped: expected a boolean (true or false), got "yes" — write keep_dropped: true',
    ]);
    expect(await problemsOf(variant({ 14: ["  path: ./out", "  max_file_bytes: 0"] }))).toEqual([
      "recipe.yaml:15:19: output.max_file_bytes: must be > 0, got 0 — write max_file_bytes: 1",
    ]);
  });
});
