import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatBytes } from "../../src/core/format.js";
import { globFiles, globPaths } from "../../src/io/readers/glob.js";
import { builtinReaders, findReader } from "../../src/io/readers/index.js";
import { lineAlignedRanges, splitLines } from "../../src/io/readers/lines.js";
import { toFieldValue } from "../../src/io/readers/rows.js";
import { decodeUtf8, firstInvalidUtf8 } from "../../src/io/readers/utf8.js";
import { tempDir, writeFiles } from "./helpers.js";

/** Deterministic pseudo-random bytes (xorshift), biased towards UTF-8 lead/continuation bytes. */
function randomBytes(seed: number, n: number): Uint8Array {
  let x = seed || 1;
  const out = new Uint8Array(n);
  const pool = [0x41, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f, 0xc0];
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = pool[(x >>> 0) % pool.length] as number;
  }
  return out;
}

async function collectLines(chunks: Buffer[]) {
  const out: Array<[number, string, number]> = [];
  for await (const l of splitLines(Readable.from(chunks))) out.push([l.number, l.bytes.toString(), l.size]);
  return out;
}

describe("reader building blocks", () => {
  it("finds the first invalid UTF-8 byte exactly where TextDecoder rejects", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    for (let seed = 1; seed <= 3000; seed++) {
      const bytes = randomBytes(seed, 1 + (seed % 9));
      let valid = true;
      try {
        strict.decode(bytes);
      } catch {
        valid = false;
      }
      const at = firstInvalidUtf8(bytes);
      expect(at === -1, `seed ${seed}`).toBe(valid);
      if (!valid) {
        // Everything before the reported byte decodes; the sequence starting there does not.
        expect(() => strict.decode(bytes.subarray(0, at))).not.toThrow();
      }
    }
    expect(decodeUtf8(Buffer.from("\ufeffhé"))).toEqual({ ok: true, text: "hé" });
    expect(decodeUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toEqual({ ok: false, reason: "invalid UTF-8 at byte 1" });
  });

  it("splits lines across any chunking, strips CR, keeps a last line without newline", async () => {
    const text = 'a\r\n{"x":1}\n\nlast';
    const expected = [
      [1, "a", 3],
      [2, '{"x":1}', 8],
      [3, "", 1],
      [4, "last", 4],
    ];
    const buf = Buffer.from(text);
    for (let size = 1; size <= buf.length; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
      expect(await collectLines(chunks)).toEqual(expected);
    }
    // A stream that fails drops its unfinished line and passes the error on.
    async function* failing() {
      yield Buffer.from("ok\npart");
      throw new Error("cut");
    }
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const l of splitLines(failing())) seen.push(l.bytes.toString());
      })(),
    ).rejects.toThrow("cut");
    expect(seen).toEqual(["ok"]);
  });

  it("cuts line files at line starts with exact first line numbers", async () => {
    const dir = tempDir();
    const file = path.join(dir, "l.txt");
    const lines = Array.from({ length: 500 }, (_, i) => `${i + 1}:${"x".repeat((i * 37) % 23)}`);
    const content = `${lines.join("\n")}\n`;
    fs.writeFileSync(file, content);
    for (const target of [1, 10, 100, 1000, 100_000]) {
      const ranges = await lineAlignedRanges(file, Buffer.byteLength(content), target);
      expect(ranges[0]?.start).toBe(0);
      expect(ranges.at(-1)?.end).toBe(Buffer.byteLength(content));
      for (const r of ranges) {
        const first = content.slice(r.start, content.indexOf("\n", r.start));
        expect(first.split(":")[0]).toBe(String(r.firstLine));
        expect(r.end).toBeGreaterThan(r.start);
      }
    }
  });

  it("globs a path list exactly like the file system", async () => {
    const root = tempDir();
    const files = ["a.py", ".hidden/x.py", "src/b.ts", "src/deep/c.py", "vendor/v.py", "docs/readme.md", ".git/HEAD"];
    writeFiles(root, Object.fromEntries(files.map((f) => [f, "x"])));
    const cases: Array<[string[], string[]]> = [
      [["**/*"], []],
      [["**/*.py"], ["vendor"]],
      [["src"], ["**/deep/**"]],
      [["*.py", "docs/*.md"], []],
      [["**/*.{py,md}"], ["vendor/**", ".hidden/**"]],
    ];
    for (const [include, exclude] of cases) {
      const real = (await globFiles(root, include, exclude)).sort();
      expect(globPaths(files, include, exclude).sort(), JSON.stringify([include, exclude])).toEqual(real);
      expect(real).not.toContain(".git/HEAD");
    }
  });

  it("converts metadata values without losing precision", () => {
    expect(toFieldValue(2n ** 60n)).toBe("1152921504606846976");
    expect(toFieldValue(5n)).toBe(5);
    expect(toFieldValue(["a", "b"])).toEqual(["a", "b"]);
    expect(toFieldValue([1, "a"])).toBe('[1,"a"]');
    expect(toFieldValue({ big: 2n ** 60n, list: [1n] })).toBe('{"big":"1152921504606846976","list":[1]}');
    expect(toFieldValue(new Date(Date.UTC(2024, 0, 2)))).toBe("2024-01-02T00:00:00.000Z");
    expect(toFieldValue(undefined)).toBeNull();
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(2_345_678)).toBe("2.3 MB");
  });

  it("registers every reader once, with a strict schema whose type matches", () => {
    const types = builtinReaders.map((r) => r.type);
    expect(types).toEqual(["folder", "git", "jsonl", "parquet", "csv", "repositories"]);
    for (const r of builtinReaders) {
      expect(findReader(r.type)).toBe(r);
      const minimal = { id: "x", type: r.type, path: "p" };
      expect(r.params.safeParse(minimal).success, r.type).toBe(true);
      expect(r.params.safeParse({ ...minimal, unknown_key: 1 }).success, r.type).toBe(false);
      expect(r.params.safeParse({ ...minimal, type: "other" }).success, r.type).toBe(false);
    }
  });
});
