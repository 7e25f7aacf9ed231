import { describe, expect, it } from "vitest";
import type { OpContext } from "../../../src/core/operator.js";
import { newRecord } from "../../../src/core/record.js";
import { grammarForLang, grammarForPath, grammarLoadCount } from "../../../src/ops/parse/grammars.js";
import { parseCode } from "../../../src/ops/parse/parse_code.js";
import { FIXTURES } from "./fixtures.js";

// Its own test file: vitest gives each file fresh modules, so the thread's grammar cache starts empty.
const ctx: OpContext = { id: "p", seed: 0, shard: 0, baseDir: ".", repoFiles: () => undefined };

describe("grammar cache", () => {
  it("loads each grammar once per thread, lazily, however many records, batches and shards", async () => {
    expect(grammarLoadCount()).toBe(0);
    const create = parseCode.create;
    if (!create) throw new Error("batch operator");
    const picked = FIXTURES.filter((f) => ["python", "go", "rust"].includes(f.lang));
    const batch = () =>
      Array.from({ length: 30 }, (_, i) => {
        const f = picked[i % picked.length] as (typeof picked)[number];
        return newRecord({ id: `${i}`, text: f.text, source: "t", path: f.file, meta: { lang: f.lang } });
      });
    // Creating the operator loads no grammar: they load when a language is first seen.
    const shard1 = await create(parseCode.params.parse({}), ctx);
    expect(grammarLoadCount()).toBe(0);
    await shard1(batch());
    expect(grammarLoadCount()).toBe(3);
    await shard1(batch());
    const shard2 = await create(parseCode.params.parse({ symbols: true }), { ...ctx, shard: 1 });
    await shard2(batch());
    expect(grammarLoadCount()).toBe(3);
    // A new language loads one more grammar.
    const js = FIXTURES.find((f) => f.lang === "javascript");
    await shard2([newRecord({ id: "js", text: js?.text ?? "", source: "t", meta: { lang: "javascript" } })]);
    expect(grammarLoadCount()).toBe(4);
  });

  it("maps ids and extensions", () => {
    expect(grammarForLang("C++")).toBe("cpp");
    expect(grammarForLang("c#")).toBe("c_sharp");
    expect(grammarForLang("shell")).toBe("bash");
    expect(grammarForLang("tsx")).toBe("tsx");
    expect(grammarForLang("markdown")).toBeUndefined();
    expect(grammarForLang("yaml")).toBeUndefined();
    expect(grammarForPath("src/app/main.TSX")).toBe("tsx");
    expect(grammarForPath("include/list.h")).toBe("c");
    expect(grammarForPath("Makefile")).toBeUndefined();
    expect(grammarForPath(".bashrc")).toBeUndefined();
  });
});
