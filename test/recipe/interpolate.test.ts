// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is recipe interpolation syntax, not a JS template
import { describe, expect, it } from "vitest";
import { interpolateString, isSecretEnvName, isSecretKey } from "../../src/recipe/interpolate.js";

describe("interpolateString", () => {
  const env = { A: "1", EMPTY: "", HOME: "/home/me" };

  it("substitutes variables and defaults", () => {
    expect(interpolateString("${HOME}/data", env)).toMatchObject({
      value: "/home/me/data",
      refs: [{ name: "HOME", value: "/home/me", fromEnv: true }],
      errors: [],
      whole: false,
    });
    expect(interpolateString("${A}", env)).toMatchObject({ value: "1", whole: true });
    expect(interpolateString("${NOPE:-x y}", env)).toMatchObject({
      value: "x y",
      refs: [{ name: "NOPE", value: "x y", fromEnv: false }],
    });
    // `:-` also applies to empty variables, like the shell
    expect(interpolateString("${EMPTY:-d}", env).value).toBe("d");
    expect(interpolateString("${EMPTY}", env).value).toBe("");
    expect(interpolateString("${NOPE:-}", env).value).toBe("");
  });

  it("handles escapes and lone dollars", () => {
    expect(interpolateString("$${A} costs $5 ${A}$", env).value).toBe("${A} costs $5 1$");
    // left to right: the first `$` is literal, then `$${` is the escape
    expect(interpolateString("$$${A}", env).value).toBe("$${A}");
  });

  it("reports missing, invalid and unterminated references", () => {
    expect(interpolateString("${X} ${Y}", env).errors).toEqual([
      { kind: "missing", name: "X" },
      { kind: "missing", name: "Y" },
    ]);
    expect(interpolateString("${1BAD}", env).errors).toEqual([{ kind: "invalid", ref: "${1BAD}" }]);
    expect(interpolateString("a ${A", env).errors).toEqual([{ kind: "unterminated", ref: "${A" }]);
  });
});

describe("secret names", () => {
  it("recognises secret keys but not look-alikes", () => {
    for (const k of [
      "api_key",
      "apiKey",
      "hf_token",
      "token",
      "password",
      "client_secret",
      "secret_key",
      "authorization",
    ]) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of ["max_tokens", "tokenizer", "keep_dropped", "min_chars", "secretary_name"]) {
      expect(isSecretKey(k), k).toBe(false);
    }
  });

  it("recognises secret environment variables", () => {
    expect(isSecretEnvName("OPENAI_API_KEY")).toBe(true);
    expect(isSecretEnvName("HF_TOKEN")).toBe(true);
    expect(isSecretEnvName("DATA_DIR")).toBe(false);
  });
});
