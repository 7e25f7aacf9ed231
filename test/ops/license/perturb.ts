/**
 * Make a real-looking LICENSE file out of an SPDX reference text, the ways real files differ from
 * it: rewrapped lines, the copyright holder and year filled in, Markdown (title, bold, bullets),
 * a lead-in line, CRLF. Shared by the tests and `bench/license.ts`; deterministic per seed.
 */
import { rng } from "../../../src/core/random.js";

/** The seeded PRNG, for the bench and fixture generators that import it from here. */
export { rng };

/** The common licenses the accuracy aim names (shared by the tests and bench/license.ts). */
export const COMMON = [
  "MIT",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "GPL-2.0",
  "GPL-3.0",
  "LGPL-2.1",
  "LGPL-3.0",
  "MPL-2.0",
  "ISC",
  "Unlicense",
  "AGPL-3.0",
  "EPL-2.0",
];

export type Perturbation = "rewrap" | "fill" | "markdown" | "leadin" | "crlf";
export const PERTURBATIONS: Perturbation[] = ["rewrap", "fill", "markdown", "leadin", "crlf"];

const HOLDERS = [
  "Jane Doe",
  "The Orbit Authors",
  "ACME Widgets, Inc.",
  "Ferrous contributors",
  "Kim Lee <kim@example.org>",
];

function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** Join each paragraph's lines and wrap it again at `width` columns. */
export function rewrap(text: string, width: number): string {
  return paragraphs(text)
    .map((p) => {
      const words = p.split(/\s+/);
      const lines: string[] = [];
      let line = "";
      for (const w of words) {
        if (line !== "" && line.length + 1 + w.length > width) {
          lines.push(line);
          line = w;
        } else line = line === "" ? w : `${line} ${w}`;
      }
      if (line !== "") lines.push(line);
      return lines.join("\n");
    })
    .join("\n\n");
}

const YEAR_PLACEHOLDER = /<\s*(?:year|yyyy)\s*>|\[\s*(?:year|yyyy)\s*\]|\{\s*year\s*\}/gi;
const HOLDER_PLACEHOLDER =
  /<\s*(?:copyright holders?|owner|name of author|author|organization|holders?)\s*>|\[\s*(?:name of copyright (?:owner|holder)|copyright holders?|fullname|name)\s*\]|\{\s*(?:licensor name|name)\s*\}/gi;

/** Fill in year and holder placeholders; add a copyright line when the text has none. */
export function fillHolder(text: string, rand: () => number): string {
  const year = String(2000 + Math.floor(rand() * 25));
  const holder = HOLDERS[Math.floor(rand() * HOLDERS.length)] as string;
  let out = text.replace(YEAR_PLACEHOLDER, year).replace(HOLDER_PLACEHOLDER, holder);
  if (!/copyright\s*(?:\(c\)|©|\d{4})/i.test(out)) out = `Copyright (c) ${year} ${holder}\n\n${out}`;
  return out;
}

/** A Markdown rendering: `# Title`, bold on a phrase here and there, bullets on numbered clauses. */
export function markdown(text: string, title: string, rand: () => number): string {
  const paras = paragraphs(text);
  const first = paras[0] ?? "";
  const titled = first.split("\n").length === 1 && first.length < 80 && /licen[cs]e/i.test(first);
  const body = titled ? paras.slice(1) : paras;
  const out = [`# ${titled ? first : title}`];
  for (const p of body) {
    let q = p;
    if (/^(?:\d+\.|\([a-z0-9]+\)|[a-z]\))\s/.test(q)) q = `${rand() < 0.5 ? "-" : "*"} ${q}`;
    if (rand() < 0.3) {
      const words = q.split(" ");
      const i = Math.floor(rand() * Math.max(1, words.length - 2));
      if (words.length > 3) {
        words[i] = `**${words[i]}`;
        words[i + 1] = `${words[i + 1]}**`;
        q = words.join(" ");
      }
    }
    out.push(q);
  }
  return out.join("\n\n");
}

export function leadIn(text: string, name: string): string {
  return `This project is licensed under the ${name}.\n\n${text}`;
}

export interface Perturbed {
  text: string;
  applied: Perturbation[];
}

/** Apply the given perturbations (in a fixed, realistic order). */
export function perturb(text: string, name: string, which: readonly Perturbation[], seed: number): Perturbed {
  const rand = rng(seed);
  let t = text;
  if (which.includes("fill")) t = fillHolder(t, rand);
  if (which.includes("rewrap")) t = rewrap(t, [60, 72, 80, 100][Math.floor(rand() * 4)] as number);
  if (which.includes("markdown")) t = markdown(t, name, rand);
  if (which.includes("leadin")) t = leadIn(t, name);
  if (which.includes("crlf")) t = t.replace(/\r?\n/g, "\r\n");
  return { text: t, applied: [...which] };
}
