import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { findOperator } from "../../../src/core/registry.js";
import { decontaminate } from "../../../src/ops/safety/decontaminate.js";
import { forEachNgram, NgramSet } from "../../../src/ops/safety/ngrams.js";
import { runYaml, tempDir, writeFiles, writeJsonl } from "../../writers/helpers.js";
import { plainWords, ROOT, reason, rows, runOp } from "./helpers.js";

/** Three HumanEval-style problems, written for this test. */
const PROBLEMS = [
  {
    task_id: "Smelt/0",
    prompt:
      "def running_median(values: list) -> list:\n" +
      '    """Return a list whose i-th item is the median of values[0..i].\n' +
      "    >>> running_median([5, 1, 3])\n" +
      "    [5, 3.0, 3]\n" +
      '    """\n',
    canonical_solution:
      "    import bisect\n" +
      "    seen = []\n" +
      "    out = []\n" +
      "    for v in values:\n" +
      "        bisect.insort(seen, v)\n" +
      "        mid = len(seen) // 2\n" +
      "        if len(seen) % 2 == 1:\n" +
      "            out.append(seen[mid])\n" +
      "        else:\n" +
      "            out.append((seen[mid - 1] + seen[mid]) / 2)\n" +
      "    return out\n",
    test:
      "def check(candidate):\n" +
      "    assert candidate([5, 1, 3]) == [5, 3.0, 3]\n" +
      "    assert candidate([]) == []\n" +
      "    assert candidate([2, 2, 2, 2]) == [2, 2.0, 2, 2.0]\n",
    entry_point: "running_median",
  },
  {
    task_id: "Smelt/1",
    prompt:
      "def rotate_words(sentence: str, k: int) -> str:\n" +
      '    """Rotate the words of sentence k places to the right, keeping single spaces.\n' +
      "    >>> rotate_words('the quick brown fox', 1)\n" +
      "    'fox the quick brown'\n" +
      '    """\n',
    canonical_solution:
      "    words = sentence.split()\n" +
      "    if not words:\n" +
      "        return ''\n" +
      "    k = k % len(words)\n" +
      "    return ' '.join(words[-k:] + words[:-k]) if k else ' '.join(words)\n",
    test: "def check(candidate):\n    assert candidate('a b c', 4) == 'c a b'\n",
    entry_point: "rotate_words",
  },
  {
    task_id: "Smelt/2",
    prompt:
      "def count_islands(grid: list) -> int:\n" +
      '    """Count groups of 1s connected up, down, left or right in a grid of 0s and 1s.\n' +
      "    >>> count_islands([[1, 0], [0, 1]])\n" +
      "    2\n" +
      '    """\n',
    canonical_solution:
      "    rows, cols = len(grid), len(grid[0]) if grid else 0\n" +
      "    seen = set()\n" +
      "    def sink(r, c):\n" +
      "        stack = [(r, c)]\n" +
      "        while stack:\n" +
      "            y, x = stack.pop()\n" +
      "            if (y, x) in seen or not (0 <= y < rows and 0 <= x < cols) or grid[y][x] != 1:\n" +
      "                continue\n" +
      "            seen.add((y, x))\n" +
      "            stack.extend([(y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)])\n" +
      "    count = 0\n" +
      "    for r in range(rows):\n" +
      "        for c in range(cols):\n" +
      "            if grid[r][c] == 1 and (r, c) not in seen:\n" +
      "                sink(r, c)\n" +
      "                count += 1\n" +
      "    return count\n",
    test: "def check(candidate):\n    assert candidate([[1, 1], [0, 1]]) == 1\n",
    entry_point: "count_islands",
  },
];

/** A grade-school word problem set (question/answer fields). */
const WORD_PROBLEMS = [
  {
    question:
      "A baker fills 14 trays with 12 rolls each and sells all but 9 rolls by noon. How many rolls did the baker sell before noon?",
    answer: "14 * 12 = 168 rolls were baked, and 168 - 9 = 159 were sold. #### 159",
  },
];

/**
 * Words as the GPT-3 normalization defines them, written independently of the operator's
 * scanner: NFKC, lower case, runs of letters/marks/digits, each Han or kana character alone.
 */
function refWords(text: string): string[] {
  const runs =
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return runs.flatMap(
    (r) =>
      r.match(/[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]|[^\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]+/gu) ?? [],
  );
}

function refGrams(text: string, n: number): Set<string> {
  const w = refWords(text);
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(" "));
  return out;
}

/** Reference count, independent of the hashing: distinct n-grams of `text` found in the benchmark texts. */
function referenceShared(text: string, bench: string[] | Set<string>, n: number): number {
  const set = Array.isArray(bench) ? new Set(bench.flatMap((t) => [...refGrams(t, n)])) : bench;
  return [...refGrams(text, n)].filter((g) => set.has(g)).length;
}

const P0 = PROBLEMS[0] as (typeof PROBLEMS)[number];
const P2 = PROBLEMS[2] as (typeof PROBLEMS)[number];
const BENCH_TEXTS = PROBLEMS.flatMap((p) => [p.prompt, p.canonical_solution, p.test]);

/** A training file that copies problem 0 verbatim between code of its own. */
const VERBATIM = `# utils/stats.py\nimport math\n\n${P0.prompt}${P0.canonical_solution}\n\ndef mean(xs):\n    return sum(xs) / len(xs)\n`;
/** The same copy re-indented with tabs, joined onto fewer lines and upper-cased. */
const REFORMATTED = VERBATIM.toUpperCase().replaceAll("    ", "\t").replaceAll(":\n", ":  ");
/** The first 20 words of problem 2's solution, then unrelated code. */
const PARTIAL = `${plainWords(P2.canonical_solution).slice(0, 20).join(" ")}\nprint("hello from a different program entirely")\n`;
const UNRELATED = readFileSync(join(ROOT, "node_modules", "zod", "README.md"), "utf8").slice(0, 4000);

function benchDir(): string {
  const dir = tempDir("smelt-safety-");
  writeJsonl(join(dir, "bench", "humaneval.jsonl"), PROBLEMS);
  writeFileSync(
    join(dir, "bench", "gsm.jsonl.gz"),
    gzipSync(WORD_PROBLEMS.map((r) => `${JSON.stringify(r)}\n`).join("")),
  );
  return dir;
}

describe("decontaminate against a small HumanEval-style benchmark", () => {
  it("counts the shared 13-grams exactly, verbatim and reformatted alike", async () => {
    const dir = benchDir();
    const { outcomes } = await runOp(
      decontaminate,
      { benchmarks: ["bench/humaneval.jsonl"] },
      [VERBATIM, REFORMATTED, PARTIAL, UNRELATED, P0.prompt.split(" ").slice(0, 12).join(" ")],
      dir,
    );
    // Prompt and solution of problem 0 are each copied whole: every 13-gram inside each.
    const expected = plainWords(P0.prompt).length - 12 + (plainWords(P0.canonical_solution).length - 12);
    expect(expected).toBe(referenceShared(VERBATIM, BENCH_TEXTS, 13));
    expect(expected).toBe(41);
    expect(reason(outcomes[0])).toBe("benchmark_overlap 41 13-grams shared with humaneval.jsonl");
    expect(outcomes[0]).toMatchObject({ extra: { contamination_matches: 41, contaminated_by: ["humaneval.jsonl"] } });
    expect(reason(outcomes[1])).toBe("benchmark_overlap 41 13-grams shared with humaneval.jsonl");
    // 20 copied words hold 20 - 13 + 1 = 8 13-grams.
    expect(referenceShared(PARTIAL, BENCH_TEXTS, 13)).toBe(8);
    expect(reason(outcomes[2])).toBe("benchmark_overlap 8 13-grams shared with humaneval.jsonl");
    expect(reason(outcomes[3])).toBe("kept");
    // Fewer than 13 words can never match.
    expect(reason(outcomes[4])).toBe("kept");
  });

  it("applies min_matches, a smaller n and the fields list", async () => {
    const dir = benchDir();
    const strict = await runOp(
      decontaminate,
      { benchmarks: ["bench/humaneval.jsonl"], min_matches: 10 },
      [VERBATIM, PARTIAL],
      dir,
    );
    expect(strict.outcomes.map(reason)).toEqual([
      "benchmark_overlap 41 13-grams shared with humaneval.jsonl (>= 10)",
      "kept",
    ]);
    const eight = await runOp(decontaminate, { benchmarks: ["bench/humaneval.jsonl"], ngram: 8 }, [PARTIAL], dir);
    expect(reason(eight.outcomes[0])).toBe(
      `benchmark_overlap ${referenceShared(PARTIAL, BENCH_TEXTS, 8)} 8-grams shared with humaneval.jsonl`,
    );
    expect(referenceShared(PARTIAL, BENCH_TEXTS, 8)).toBe(13);
    // Only the tests as benchmark text: the copied prompt + solution no longer match.
    const testsOnly = await runOp(
      decontaminate,
      { benchmarks: ["bench/humaneval.jsonl"], fields: ["test"] },
      [VERBATIM, `${P0.test}\ncheck(running_median)\n`],
      dir,
    );
    expect(testsOnly.outcomes.map(reason)).toEqual([
      "kept",
      `benchmark_overlap ${plainWords(P0.test).length - 12} 13-grams shared with humaneval.jsonl`,
    ]);
  });

  it("tags instead of dropping, naming every benchmark a record overlaps (gzip too)", async () => {
    const dir = benchDir();
    const q = WORD_PROBLEMS[0]?.question as string;
    const { outcomes, records } = await runOp(
      decontaminate,
      { benchmarks: ["bench/humaneval.jsonl", join(dir, "bench", "gsm.jsonl.gz")], mode: "tag" },
      [`${VERBATIM}\n# ${q}\n`, UNRELATED, `Homework: ${q}`],
      dir,
    );
    expect(outcomes.every((o) => o.keep)).toBe(true);
    const qGrams = plainWords(q).length - 12;
    expect(records[0]?.meta).toEqual({
      contaminated: true,
      contamination_matches: 41 + qGrams,
      contaminated_by: ["humaneval.jsonl", "gsm.jsonl.gz"],
    });
    expect(records[1]?.meta).toEqual({ contaminated: false, contamination_matches: 0, contaminated_by: [] });
    expect(records[2]?.meta).toEqual({
      contaminated: true,
      contamination_matches: qGrams,
      contaminated_by: ["gsm.jsonl.gz"],
    });
  });

  it("names the benchmark file and the fix when it cannot be used", async () => {
    const dir = benchDir();
    const run = (params: Record<string, unknown>) => runOp(decontaminate, params, ["x"], dir);
    await expect(run({ benchmarks: ["bench/mbpp.jsonl"] })).rejects.toThrow(
      `decontaminate: benchmark bench/mbpp.jsonl: file not found (resolved to ${join(dir, "bench", "mbpp.jsonl")}; relative paths resolve against the recipe folder ${dir}) — fix params.benchmarks or create the file`,
    );
    await expect(run({ benchmarks: ["bench"] })).rejects.toThrow(/is not a file/);
    writeFiles(dir, { "bench/broken.jsonl": `${JSON.stringify(PROBLEMS[0])}\n{"prompt": "def f(\n` });
    await expect(run({ benchmarks: ["bench/broken.jsonl"] })).rejects.toThrow(
      "decontaminate: benchmark bench/broken.jsonl: line 2 is not valid JSON — benchmarks must be JSON lines (one object per line)",
    );
    await expect(run({ benchmarks: ["bench/humaneval.jsonl"], fields: ["instruction"] })).rejects.toThrow(
      "no row has any of the fields instruction (its fields: task_id, prompt, canonical_solution, test, entry_point) — set params.fields",
    );
    await expect(run({ benchmarks: ["bench/gsm.jsonl.gz"], ngram: 50 })).rejects.toThrow(
      "no text in fields prompt, solution, question, answer, canonical_solution, test, text has 50 words or more",
    );
    writeFileSync(join(dir, "bench", "fake.jsonl.gz"), Buffer.from([0x1f, 0x8b, 0x6e, 0x6f, 0x74, 0x20, 0x67, 0x7a]));
    await expect(run({ benchmarks: ["bench/fake.jsonl.gz"] })).rejects.toThrow(/not a valid gzip file/);
  });
});

describe("decontaminate at scale (node_modules READMEs as the benchmark)", () => {
  it("counts exactly what a plain string n-gram reference counts, on 120 READMEs", async () => {
    const nm = join(ROOT, "node_modules");
    const files = (await glob(["*/README.md"], { cwd: nm })).sort().slice(0, 120);
    const texts = files.map((f) => readFileSync(join(nm, f), "utf8"));
    const dir = tempDir("smelt-safety-");
    // The even-numbered READMEs are the "benchmark"; odd-numbered ones are training data.
    const even = texts.filter((_, i) => i % 2 === 0);
    writeJsonl(
      join(dir, "readmes.jsonl"),
      even.map((text) => ({ text })),
    );
    const { records } = await runOp(decontaminate, { benchmarks: ["readmes.jsonl"], mode: "tag" }, texts, dir);
    const benchGrams = new Set(even.flatMap((t) => [...refGrams(t, 13)]));
    let contaminatedOdd = 0;
    for (const [i, r] of records.entries()) {
      const expected = referenceShared(texts[i] as string, benchGrams, 13);
      if (i % 2 === 1 && expected > 0) contaminatedOdd++;
      expect(r.meta.contamination_matches, files[i]).toBe(expected);
      if (i % 2 === 0 && refWords(texts[i] as string).length >= 13) expect(r.meta.contaminated, files[i]).toBe(true);
    }
    // Unrelated READMEs share boilerplate (MIT license text, install lines): that is overlap too.
    expect(contaminatedOdd).toBeLessThan(30);
  });

  it("keeps 64-bit keys apart in the hash set as it grows", () => {
    const set = new NgramSet(16);
    const keys: Array<[number, number]> = [];
    let x = 12345;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      return x;
    };
    for (let i = 0; i < 50_000; i++) keys.push([next(), next()]);
    let added = 0;
    for (const [i, [a, b]] of keys.entries()) if (set.add(a, b, i % 3)) added++;
    expect(added).toBe(50_000);
    expect(set.size).toBe(50_000);
    expect(set.add(keys[7]?.[0] as number, keys[7]?.[1] as number, 1)).toBe(false);
    let found = 0;
    for (const [a, b] of keys) if (set.get(a, b) >= 0) found++;
    expect(found).toBe(50_000);
    // Same high half, other low half: absent.
    expect(set.get(keys[0]?.[0] as number, (keys[0]?.[1] as number) ^ 1)).toBe(-1);
    expect(set.owners[set.get(keys[7]?.[0] as number, keys[7]?.[1] as number)]).toEqual([1]);
    expect(set.owners[set.get(keys[8]?.[0] as number, keys[8]?.[1] as number)]).toEqual([2]);
  });

  it("hashes words, not layout: case, punctuation and whitespace do not matter", () => {
    const hashes = (t: string) => {
      const out: string[] = [];
      forEachNgram(t, 3, (a, b) => out.push(`${a}:${b}`));
      return out;
    };
    expect(hashes("Return  the\tlist, sorted!")).toEqual(hashes("return the list sorted"));
    expect(hashes("return the list sorted")).not.toEqual(hashes("return the lists sorted"));
    // Han characters are words of their own.
    expect(hashes("计算列表")).toHaveLength(2);
  });
});

describe("decontaminate in a recipe", () => {
  it("drops copies of benchmark solutions through runYaml, benchmark path relative to the recipe", async () => {
    const dir = benchDir();
    writeJsonl(join(dir, "data", "code.jsonl"), [
      { id: "copy", text: VERBATIM },
      { id: "reformatted", text: REFORMATTED },
      { id: "partial", text: PARTIAL },
      { id: "unrelated", text: UNRELATED },
    ]);
    const yaml = (benchmarks: string) => `name: decon
inputs:
  - id: code
    type: jsonl
    path: data
    id_field: id
stages:
  - name: safety
    operators:
      - id: decon
        op: decontaminate
        params:
          benchmarks: [${benchmarks}]
output:
  path: out
  format: jsonl
  compression: none
  keep_dropped: true
`;
    const ran = await runYaml(dir, yaml("bench/humaneval.jsonl, bench/gsm.jsonl.gz"));
    expect(ran.manifest.counts).toMatchObject({ input: 4, output: 1, dropped: 3 });
    const op = ran.manifest.stages[0]?.operators.find((o) => o.id === "decon");
    expect(op).toMatchObject({ op: "decontaminate", kind: "filter", version: "1.0.0" });
    expect(op?.drop_rules).toEqual({ benchmark_overlap: 3 });
    const dropped = Object.fromEntries(rows(ran.out, "dropped").map((r) => [r.id, r.drop_reason]));
    expect(dropped).toEqual({
      copy: "benchmark_overlap 41 13-grams shared with humaneval.jsonl",
      reformatted: "benchmark_overlap 41 13-grams shared with humaneval.jsonl",
      partial: "benchmark_overlap 8 13-grams shared with humaneval.jsonl",
    });
    expect(rows(ran.out, "data").map((r) => r.id)).toEqual(["unrelated"]);

    // A missing benchmark is a recipe error, found while loading, with file:line and the fix.
    const missing = tempDir("smelt-safety-");
    writeJsonl(join(missing, "data", "code.jsonl"), [{ id: "copy", text: VERBATIM }]);
    await expect(runYaml(missing, yaml("bench/humaneval.jsonl"))).rejects.toThrow(
      /recipe\.yaml:\d+:\d+: benchmark bench\/humaneval\.jsonl not found \(resolved to .*bench\/humaneval\.jsonl\) — fix params\.benchmarks/,
    );
  });

  it("is registered with its params schema", () => {
    expect(findOperator("decontaminate")).toBe(decontaminate);
    expect(() => decontaminate.params.parse({})).toThrow();
    expect(() => decontaminate.params.parse({ benchmarks: [] })).toThrow();
    expect(decontaminate.params.parse({ benchmarks: ["a.jsonl"] })).toMatchObject({
      ngram: 13,
      min_matches: 1,
      mode: "filter",
    });
  });
});
