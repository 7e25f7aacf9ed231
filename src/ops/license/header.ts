/**
 * What a file says about its own license at its top: an `SPDX-License-Identifier:` tag, a
 * standard license notice (Apache, GNU, MPL, EPL, MIT), or a whole license text in the leading
 * comment.
 */
import { type Expression, parseExpression } from "./spdx.js";

/** Lines searched for the SPDX tag (REUSE puts it in the header comment). */
export const HEADER_LINES = 50;
/** Characters searched at most, so a minified first line of megabytes costs nothing. */
const HEADER_CHARS = 20_000;
/** Characters of leading comment matched against license texts. */
export const COMMENT_CHARS = 3072;

function head(text: string, lines: number, chars: number): string {
  let end = -1;
  for (let i = 0; i < lines; i++) {
    end = text.indexOf("\n", end + 1);
    if (end === -1 || end > chars) return text.slice(0, Math.min(text.length, chars));
  }
  return text.slice(0, end);
}

const SPDX_TAG = /(`?)SPDX-License-Identifier:[ \t]*([^\r\n]*)/gi;

/**
 * The expression of the first `SPDX-License-Identifier:` tag in the first 50 lines, normalized
 * (`mit or apache-2.0` -> `MIT OR Apache-2.0`); what follows the expression on the line (a comment
 * closer, `| https://...`) is ignored. A tag quoted in Markdown backticks is prose, not a tag.
 */
export function spdxTag(text: string): Expression | undefined {
  const top = head(text, HEADER_LINES, HEADER_CHARS);
  if (!/spdx-license-identifier/i.test(top)) return undefined;
  for (const m of top.matchAll(SPDX_TAG)) {
    if (m[1] === "`") continue;
    const parsed = parseExpression(m[2] as string, true);
    if (parsed) return parsed;
  }
  return undefined;
}

const LINE_COMMENT = /^(?:\/\/+!?|#+!?|--+|;+|%+|!+|'|REM\b)/;

/**
 * The text of the leading comment(s) of a file, comment markers removed, up to COMMENT_CHARS:
 * `/* ... *\/` blocks, `//` `#` `--` `;` `%` line comments, `<!-- -->`, `(* *)`, `{- -}` and a
 * Python module docstring. A shebang, encoding line, `<?php` and blank lines before or between
 * comments are skipped; the first line of code ends it. Undefined when there is none.
 */
export function leadingComment(text: string): string | undefined {
  const lines = text.slice(0, COMMENT_CHARS * 2).split("\n");
  const out: string[] = [];
  let size = 0;
  let close: string | undefined;
  for (let i = 0; i < lines.length && size < COMMENT_CHARS; i++) {
    let line = (lines[i] as string).replace(/\r$/, "");
    const t = line.trim();
    if (close !== undefined) {
      const at = line.indexOf(close);
      if (at >= 0) {
        line = line.slice(0, at);
        close = undefined;
      }
      line = line.replace(/^\s*\*+(?!\/)/, "");
    } else if (t === "" || (i === 0 && (t.startsWith("#!") || t.startsWith("<?php") || t.startsWith("<?xml")))) {
      continue;
    } else {
      const opener = /^(\/\*+!?|<!--|\(\*|\{-|"""|''')/.exec(t);
      if (opener) {
        const o = opener[1] as string;
        const c = o.startsWith("/*") ? "*/" : o === "<!--" ? "-->" : o === "(*" ? "*)" : o === "{-" ? "-}" : o;
        const rest = t.slice(o.length);
        const at = rest.indexOf(c);
        if (at >= 0) line = rest.slice(0, at);
        else {
          line = rest;
          close = c;
        }
      } else if (LINE_COMMENT.test(t)) {
        if (/coding[:=]/.test(t) && i < 2) continue;
        line = t.replace(LINE_COMMENT, "");
      } else break;
    }
    out.push(line);
    size += line.length + 1;
  }
  const comment = out.join("\n").trim();
  return comment === "" ? undefined : comment.slice(0, COMMENT_CHARS);
}

/** Lower-case words joined by single spaces: what the notice patterns are written against. */
function flat(s: string): string {
  return s
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const GNU =
  /\b(?:gnu )?(general|lesser general|library general|affero general) public license as published by the free software foundation (?:either )?version (\d)(?: (\d))?(?: of the license)?( or at your option any later version)?/;
const GNU_FAMILY: Record<string, string> = {
  general: "GPL",
  "lesser general": "LGPL",
  "library general": "LGPL",
  "affero general": "AGPL",
};

/** Standard notices that point at a license instead of containing it. */
const NOTICES: Array<[RegExp, string]> = [
  [/\blicensed under the apache license version 2 0\b/, "Apache-2.0"],
  [/\bsubject to the terms of the mozilla public license v 2 0\b/, "MPL-2.0"],
  [/\bunder the terms of the eclipse public license (?:v )?2 0\b/, "EPL-2.0"],
  [/\bunder the terms of the eclipse public license (?:v )?1 0\b/, "EPL-1.0"],
  [/\b(?:licensed|released|distributed|available) under the (?:terms of the )?mit license\b/, "MIT"],
];

/**
 * The license a standard notice in a header comment names: "Licensed under the Apache License,
 * Version 2.0", "This Source Code Form is subject to the terms of the Mozilla Public License,
 * v. 2.0", the GNU "either version 3 of the License, or (at your option) any later version"
 * (-or-later; without that clause, -only).
 */
export function noticeLicense(comment: string): string | undefined {
  const s = flat(comment);
  const gnu = GNU.exec(s);
  if (gnu) {
    const family = GNU_FAMILY[gnu[1] as string] as string;
    const version = `${gnu[2]}.${gnu[3] ?? "0"}`;
    return `${family}-${version}${gnu[4] ? "-or-later" : "-only"}`;
  }
  for (const [re, id] of NOTICES) if (re.test(s)) return id;
  return undefined;
}
