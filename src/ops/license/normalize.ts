/**
 * License text normalization, applied the same way to the SPDX texts and to the files being
 * matched, so that what differs between a real LICENSE file and the reference text (line
 * wrapping, Markdown, the filled-in copyright line, the title, placeholders, punctuation,
 * British spelling, the optional appendix) disappears before the texts are compared.
 *
 * The result is a token list in which GAP marks a hole (a removed placeholder, copyright line or
 * title): word bigrams never span a GAP, so a filled-in holder adds a few bigrams to a file but
 * never removes one the template has.
 */

/** Token marking a hole in the text; never a word. */
export const GAP = "\uE000";
const GAP_S = ` ${GAP} `;

/**
 * What follows "END OF TERMS AND CONDITIONS" is the "how to apply" appendix (Apache-2.0, the GPL
 * family): often left out or edited in real files, never part of the terms. GitHub's licensee
 * strips it. Here it is kept apart as the `tail`, so that whatever else a file appends there
 * (a Commons Clause...) can still count against the match.
 */
const END_OF_TERMS = /\bend\W+of\W+terms\W+and\W+conditions\b/i;

/**
 * A copyright statement: "Copyright (c) 2024 Jane", "Copyright 2019-2024 ACME", "Copyright
 * [yyyy] [name of copyright owner]", "Copyright <year> <owner>", "(c) 2024 Jane", "© 2024 Jane".
 * Removed to the end of its line, or to the end of its sentence when another sentence follows
 * on the same line ("Copyright (c) 2005 Lawrence Rosen. Permission is granted..."), so that
 * rewrapping a paragraph does not change what is removed. "copyright notice" / "copyright
 * holders" in running text do not match (no symbol, year or placeholder follows).
 */
const COPYRIGHT =
  /(?:\bcopyright\s*(?:\(c\)|©)|(?:\(c\)|©)\s*copyright\b|\bcopyright\s+(?=\d{4}|<|\[|\{)|^[ \t]*(?:\(c\)|©)\s*(?=\d{4})|©\s*(?=\d{4}))[^\n]*/gim;
/** A sentence end inside a copyright statement that is not a company suffix ("Inc. Everyone"). */
const SENTENCE_END = /\.\s+(?!(?:inc|ltd|co|corp|llc|gmbh|ag|sa|bv|org)\b)(?=\p{Lu})/iu;
const ALL_RIGHTS = /\ball rights reserved\b\.?/gi;
const SPDX_LINE = /^.*SPDX-License-Identifier:.*$/gim;

/** Template variables (`<year>`, `[yyyy]`, `{licensor name}`) and bracketed URLs. */
const PLACEHOLDER = /<[^<>\n]{1,100}>|\[[^[\]\n]{1,100}\]|\{[^{}\n]{1,60}\}/g;

const MD_IMAGE = /!\[([^\]\n]*)\]\([^)\n]*\)/g;
const MD_LINK = /\[([^\]\n]+)\]\([^)\n]*\)/g;
const MD_EMPHASIS = /\*\*|__/g;
const MD_HEADING = /^[ \t]*(?:>[ \t]*)*#{1,6}[ \t]/;
const MD_LINE_PREFIX = /^[ \t]*(?:>[ \t]*)*(?:#{1,6}[ \t]+|[-*+][ \t]+)?/;
/**
 * List enumerators, which real files renumber, turn into bullets or drop: "(a)", "ii)", "3)"
 * anywhere, "1." / "b." before a capitalized word. Matched anywhere rather than at line starts,
 * so that rewrapping cannot change what is removed.
 */
const ENUMERATOR =
  /(?<=^|[\s(])\(?(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)(?=\s)|(?<=^|\s)(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\.(?=\s+["“(]?\p{Lu})/gmu;
const MD_RULE = /^[ \t]*(?:[-=_*~][ \t]*){3,}$/;

function dropStatement(statement: string): string {
  const end = SENTENCE_END.exec(statement);
  return end ? `${GAP_S}${statement.slice(end.index + 1)}` : GAP_S;
}

function wordCount(line: string): number {
  return line.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** A first line that names the license rather than stating terms. */
function isTitle(line: string): boolean {
  const words = wordCount(line);
  if (words === 0 || words > 10) return false;
  if (/[.;]\s*$|[.;:]\s+\S/.test(line)) return false;
  return /\blicen[cs]e\b|\bversion\b|\blicen[cs]e:/i.test(line);
}

/** "This project is licensed under the MIT License." and similar lead-ins before the text. */
function isLeadIn(line: string): boolean {
  const words = line.split(/\s+/).length;
  return (
    words <= 30 &&
    /\b(?:licen[cs]ed|released|distributed|available|published|provided|offered)\s+under\b/i.test(line) &&
    /^\s*(?:this|the|all|unless|except|[\p{L}\p{N}_.-]+\s+is)\b/iu.test(line)
  );
}

/** British spellings and URL schemes that should not count as differences. */
const WORD_MAP = new Map([
  ["licence", "license"],
  ["licences", "licenses"],
  ["licenced", "licensed"],
  ["licencing", "licensing"],
  ["https", "http"],
]);
const TOKEN = /[\p{L}\p{N}]+|\uE000|\uE001/gu;
/** Marks where END OF TERMS AND CONDITIONS stood. */
const END = "\uE001";

export interface LicenseParts {
  /** Tokens of the terms (everything before END OF TERMS AND CONDITIONS), with GAP markers. */
  terms: string[];
  /** Tokens after it (empty when the text has no such line). */
  tail: string[];
}

/** Normalize a license text (template or file) to the tokens of its terms, with GAP markers. */
export function licenseTokens(raw: string): string[] {
  return licenseParts(raw).terms;
}

/** Normalize a license text to the tokens of its terms and of what follows END OF TERMS. */
export function licenseParts(raw: string): LicenseParts {
  // Markdown: links keep their text, bold goes, heading / quote / bullet prefixes and
  // horizontal rules go (line by line: replacements below never add or remove a line, so
  // `heading` stays aligned with the lines).
  let s = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  s = s.replace(MD_IMAGE, "$1").replace(MD_LINK, "$1").replace(MD_EMPHASIS, "");
  s = s.replace(END_OF_TERMS, ` ${END} `);
  const heading: boolean[] = [];
  s = s
    .split("\n")
    .map((l, i) => {
      if (MD_RULE.test(l)) return "";
      heading[i] = MD_HEADING.test(l);
      return l.replace(MD_LINE_PREFIX, "");
    })
    .join("\n");

  if (s.includes("SPDX-License-Identifier")) s = s.replace(SPDX_LINE, GAP_S);
  s = s
    .replace(COPYRIGHT, dropStatement)
    .replace(ALL_RIGHTS, GAP_S)
    .replace(PLACEHOLDER, GAP_S)
    .replace(ENUMERATOR, " ");

  // Title and lead-in lines at the top (at most three of them); a Markdown heading there is a
  // title whatever it says.
  const out = s.split("\n");
  let first = 0;
  for (let dropped = 0; dropped < 3; ) {
    while (first < out.length && !/[\p{L}\p{N}]/u.test(out[first] as string)) first++;
    const line = out[first];
    if (line === undefined || !((heading[first] && wordCount(line) <= 12) || isTitle(line) || isLeadIn(line))) break;
    out[first] = GAP;
    dropped++;
  }
  s = out
    .join("\n")
    .toLowerCase()
    .replace(/['’`´]/g, "")
    .replace(/&/g, " and ");

  const terms: string[] = [];
  const tail: string[] = [];
  let tokens = terms;
  for (const m of s.matchAll(TOKEN)) {
    const t = m[0];
    if (t === GAP) pushGap(tokens);
    else if (t === END) tokens = tokens === terms ? tail : tokens;
    else tokens.push(WORD_MAP.get(t) ?? t);
  }
  for (const list of [terms, tail]) if (list[list.length - 1] === GAP) list.pop();
  return { terms, tail };
}

/** Add a GAP unless the list is empty or already ends with one. */
function pushGap(tokens: string[]): void {
  if (tokens.length > 0 && tokens[tokens.length - 1] !== GAP) tokens.push(GAP);
}
