import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalJson, configHash } from "../../src/recipe/hash.js";
import { redactPaths, secretPaths } from "../../src/recipe/secrets.js";
import type { Recipe } from "../../src/recipe/types.js";
import { smeltRoot, smeltVersion } from "../../src/version.js";

function recipe(): Recipe {
  return {
    name: "demo",
    seed: 1,
    inputs: [{ id: "docs", type: "jsonl", path: "./docs.jsonl", text_field: "text" }],
    stages: [
      {
        name: "clean",
        operators: [
          { id: "too_short", op: "length_filter", params: { min_chars: 10, min_lines: 0 } },
          { id: "judge", op: "llm_judge", params: { model: "m", api_key: "sk-secret-1", max_tokens: 100 } },
        ],
      },
    ],
    output: {
      path: "/out/a",
      format: "parquet",
      partition_by: [],
      compression: "zstd",
      max_file_bytes: 1000,
      keep_dropped: false,
    },
    file: "/r/recipe.yaml",
    baseDir: "/r",
  };
}

function params(r: Recipe, op: number): Record<string, unknown> {
  const spec = r.stages[0]?.operators[op];
  if (!spec) throw new Error(`no operator ${op}`);
  return spec.params;
}

function mutate(f: (r: Recipe) => void): Recipe {
  const r = recipe();
  f(r);
  return r;
}

describe("configHash", () => {
  const base = configHash(recipe());

  it("is 16 hex chars and stable", () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(configHash(recipe())).toBe(base);
  });

  it("changes with any param, op version, seed, output setting, input or operator id", () => {
    const changed = [
      mutate((r) => {
        params(r, 0).min_chars = 11;
      }),
      mutate((r) => {
        params(r, 1).max_tokens = 101;
      }),
      mutate((r) => {
        r.seed = 2;
      }),
      mutate((r) => {
        r.output.format = "jsonl";
      }),
      mutate((r) => {
        r.output.compression = "snappy";
      }),
      mutate((r) => {
        r.output.partition_by = ["lang"];
      }),
      mutate((r) => {
        r.output.keep_dropped = true;
      }),
      mutate((r) => {
        r.output.max_file_bytes = 2000;
      }),
      mutate((r) => {
        (r.inputs[0] as Record<string, unknown>).path = "./other.jsonl";
      }),
      mutate((r) => {
        (r.stages[0]?.operators[0] as { id: string }).id = "short";
      }),
      mutate((r) => {
        r.name = "demo2";
      }),
    ].map((r) => configHash(r));
    for (const h of changed) expect(h).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
    expect(configHash(recipe(), { length_filter: "9.9.9" })).not.toBe(base);
    expect(configHash(recipe(), { length_filter: "1.0.0" })).toBe(base);
  });

  it("ignores secret values, output.path, file, baseDir and description", () => {
    expect(
      configHash(
        mutate((r) => {
          params(r, 1).api_key = "sk-other";
          r.output.path = "/elsewhere";
          r.file = "/x/y.yaml";
          r.baseDir = "/x";
          r.description = "new words";
        }),
      ),
    ).toBe(base);
  });

  it("ignores values containing given secrets (e.g. from secret env vars in other params)", () => {
    const withHeader = (token: string) =>
      mutate((r) => {
        params(r, 1).model = `m-${token}`;
      });
    expect(configHash(withHeader("aaaa"), {}, ["aaaa"])).toBe(configHash(withHeader("bbbb"), {}, ["bbbb"]));
  });

  it("follows secrets that change the output (redact's salt) through a digest, never the value", () => {
    const withSalt = (salt: string) =>
      mutate((r) => {
        r.stages[0]?.operators.push({ id: "pii", op: "redact", params: { actions: { pii: "pseudonymize" }, salt } });
      });
    const a = configHash(withSalt("salt-number-one-xxxx"), {}, ["salt-number-one-xxxx"]);
    expect(configHash(withSalt("salt-number-one-xxxx"), {}, ["salt-number-one-xxxx"])).toBe(a);
    expect(configHash(withSalt("salt-number-two-yyyy"), {}, ["salt-number-two-yyyy"])).not.toBe(a);
  });

  it("does not depend on key order", () => {
    const r = recipe();
    const op = r.stages[0]?.operators[0];
    if (op) op.params = { min_lines: 0, min_chars: 10 };
    const { keep_dropped, max_file_bytes, ...rest } = r.output;
    r.output = { max_file_bytes, keep_dropped, ...rest };
    expect(configHash(r)).toBe(base);
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe("secrets", () => {
  it("finds secret-named params and redacts them without touching the original", () => {
    const r = recipe();
    expect(secretPaths(r)).toEqual([["stages", 0, "operators", 1, "params", "api_key"]]);
    const red = redactPaths(r, secretPaths(r));
    expect(red.stages[0]?.operators[1]?.params).toEqual({ model: "m", api_key: "***", max_tokens: 100 });
    expect(r.stages[0]?.operators[1]?.params.api_key).toBe("sk-secret-1");
  });
});

describe("smeltVersion", () => {
  it("reads the package version", () => {
    const pkg = JSON.parse(readFileSync(`${smeltRoot()}/package.json`, "utf8")) as { name: string; version: string };
    expect(pkg.name).toBe("smelt");
    expect(smeltVersion()).toBe(pkg.version);
  });
});
