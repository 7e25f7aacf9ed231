#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
/* This Source Code Form is subject to the terms of the Mozilla Public
 * License, v. 2.0. If a copy of the MPL was not distributed with this
 * file, You can obtain one at https://mozilla.org/MPL/2.0/. */

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type CountOptions, countText, sumTallies, type Tally } from "./count.js";

const VERSION = "0.3.1";

const HELP = `tallyho ${VERSION} - count words, lines and the words you use most

usage: tallyho [options] [file ...]

  -t, --top N         show the N most frequent words (default 10, 0 = none)
  -l, --locale TAG    language for word splitting and stopwords (default en)
      --keep-stopwords  include "the", "and"... in the top list
      --numbers       count tokens like "2024" as words
      --json          print JSON instead of a table
  -h, --help          show this help
  -v, --version       print the version

With no file, or when file is -, read standard input.`;

async function readInput(path: string): Promise<string> {
  if (path !== "-") return readFile(path, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}

function renderTable(rows: Tally[]): string {
  const out: string[] = [];
  const header = ["lines", "words", "unique", "chars", "read(min)", "source"];
  out.push(`${header.slice(0, 5).map((h) => pad(h, 9)).join(" ")} ${header[5]}`);
  for (const r of rows) {
    const cells = [r.lines, r.words, r.unique, r.chars, r.readingMinutes.toFixed(1)].map((c) => pad(c, 9));
    out.push(`${cells.join(" ")} ${r.source}`);
  }
  const last = rows[rows.length - 1];
  if (last && last.top.length > 0) {
    out.push("");
    out.push(`top words${rows.length > 1 ? " (all inputs)" : ""}:`);
    const width = Math.max(...last.top.map(([w]) => [...w].length));
    for (const [word, count] of last.top) {
      out.push(`  ${word.padEnd(width)}  ${count}`);
    }
  }
  return out.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`tallyho: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }

  const top = Number(values.top ?? 10);
  if (!Number.isInteger(top) || top < 0) {
    process.stderr.write(`tallyho: --top must be a non-negative integer, got "${values.top}"\n`);
    return 2;
  }
  const opts: CountOptions = {
    top,
    locale: values.locale ?? "en",
    skipStopwords: !values["keep-stopwords"],
    keepNumbers: Boolean(values.numbers),
  };

  const inputs = positionals.length > 0 ? positionals : ["-"];
  const tallies: Tally[] = [];
  let failed = false;
  for (const path of inputs) {
    try {
      tallies.push(countText(await readInput(path), path, opts));
    } catch (err) {
      process.stderr.write(`tallyho: ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      failed = true;
    }
  }
  if (tallies.length > 1) tallies.push(sumTallies(tallies, top));

  if (values.json) {
    process.stdout.write(`${JSON.stringify(tallies.length === 1 ? tallies[0] : tallies, null, 2)}\n`);
  } else if (tallies.length > 0) {
    process.stdout.write(`${renderTable(tallies)}\n`);
  }
  return failed ? 1 : 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      top: { type: "string", short: "t" },
      locale: { type: "string", short: "l" },
      "keep-stopwords": { type: "boolean" },
      numbers: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tallyho: unexpected error: ${String(err)}\n`);
    process.exitCode = 70;
  },
);
