/**
 * SPDX identifiers and expressions: canonical spelling of ids (`mit` -> `MIT`), a prefix parser
 * for `SPDX-License-Identifier:` values and manifest fields, and the aliases manifests use
 * instead of ids (`Apache 2.0`, `GPLv3+`, trove classifiers).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

let idsByLower: Map<string, string> | undefined;

/** Every SPDX license id of `spdx-license-list`, keyed by its lower-case form (lazy, per worker). */
export function spdxIds(): Map<string, string> {
  if (!idsByLower) {
    const ids = require("spdx-license-list/simple") as ReadonlySet<string>;
    idsByLower = new Map([...ids].map((id) => [id.toLowerCase(), id]));
  }
  return idsByLower;
}

/** SPDX license exceptions seen in the wild (`WITH ...`), for their canonical spelling. */
const EXCEPTIONS = [
  "389-exception",
  "Autoconf-exception-2.0",
  "Autoconf-exception-3.0",
  "Bison-exception-2.2",
  "Bootloader-exception",
  "Classpath-exception-2.0",
  "eCos-exception-2.0",
  "Font-exception-2.0",
  "GCC-exception-2.0",
  "GCC-exception-3.1",
  "Linux-syscall-note",
  "LLVM-exception",
  "OCaml-LGPL-linking-exception",
  "OpenJDK-assembly-exception-1.0",
  "openvpn-openssl-exception",
  "OpenSSL-exception",
  "Qt-GPL-exception-1.0",
  "Qt-LGPL-exception-1.1",
  "Swift-exception",
  "u-boot-exception-2.0",
  "Universal-FOSS-exception-1.0",
  "WxWindows-exception-3.1",
];
const exceptionsByLower = new Map(EXCEPTIONS.map((e) => [e.toLowerCase(), e]));

/** The canonical spelling of a license id, or undefined when it is not an SPDX license id. */
export function canonicalId(raw: string): string | undefined {
  const ids = spdxIds();
  const hit = ids.get(raw.toLowerCase());
  if (hit) return hit;
  if (raw.endsWith("+")) {
    const base = ids.get(raw.slice(0, -1).toLowerCase());
    if (base) return `${base}+`;
  }
  return undefined;
}

export interface Expression {
  /** The normalized expression: canonical ids, upper-case operators, single spaces. */
  expression: string;
  /** License ids in order of appearance (canonical where known). */
  ids: string[];
  /** Ids that are neither SPDX license ids nor `LicenseRef-` / `DocumentRef-` references. */
  unknown: string[];
}

const TOKEN = /\s*(\(|\)|\/|[A-Za-z0-9][A-Za-z0-9.+:_-]*)/y;
const OPERATOR = /^(?:and|or|with)$/i;

/**
 * Parse an SPDX license expression. With `prefix`, the longest complete expression at the start
 * of `raw` is taken (`MPL-2.0 | https://...` -> `MPL-2.0`, `MIT` then a comment closer -> `MIT`); without it, all of
 * `raw` must parse. `a/b` (legacy Cargo and npm) reads as `a OR b`; lower-case operators are
 * accepted. Returns undefined when nothing parses.
 */
export function parseExpression(raw: string, prefix = false): Expression | undefined {
  const out: string[] = [];
  const ids: string[] = [];
  const unknown: string[] = [];
  let depth = 0;
  let expectOperand = true;
  let good = { out: 0, ids: 0, unknown: 0, pos: 0 };
  TOKEN.lastIndex = 0;
  let pos = 0;
  for (;;) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(raw);
    if (!m) break;
    const tok = m[1] as string;
    if (expectOperand) {
      if (tok === "(") {
        depth++;
        out.push("(");
      } else if (tok !== ")" && tok !== "/" && !OPERATOR.test(tok)) {
        const id = canonicalId(tok);
        if (id) ids.push(id);
        else {
          if (!/^(?:LicenseRef-|DocumentRef-)/i.test(tok)) unknown.push(tok);
          ids.push(tok);
        }
        out.push(id ?? tok);
        expectOperand = false;
      } else break;
    } else if (/^(?:and|or)$/i.test(tok) || tok === "/") {
      out.push(tok === "/" ? "OR" : tok.toUpperCase());
      expectOperand = true;
    } else if (/^with$/i.test(tok)) {
      const next = TOKEN.exec(raw);
      const exc = next?.[1];
      if (!next || !exc || /^[()/]$/.test(exc) || OPERATOR.test(exc)) break;
      out.push("WITH", exceptionsByLower.get(exc.toLowerCase()) ?? exc);
      pos = TOKEN.lastIndex;
      if (depth === 0) good = { out: out.length, ids: ids.length, unknown: unknown.length, pos };
      continue;
    } else if (tok === ")" && depth > 0) {
      depth--;
      out.push(")");
    } else break;
    pos = TOKEN.lastIndex;
    if (!expectOperand && depth === 0) good = { out: out.length, ids: ids.length, unknown: unknown.length, pos };
  }
  if (good.out === 0) return undefined;
  if (!prefix && raw.slice(good.pos).trim() !== "") return undefined;
  const parts = out.slice(0, good.out);
  const expression = parts.join(" ").replace(/\( /g, "(").replace(/ \)/g, ")");
  return { expression, ids: ids.slice(0, good.ids), unknown: unknown.slice(0, good.unknown) };
}

/**
 * Names manifests use instead of SPDX ids, keyed by their compact form (see `compact`). The GNU
 * names without "or later" map to the bare ids (GPL-3.0...), like the text matcher's verdicts.
 */
const ALIASES: Record<string, string> = {
  mit: "MIT",
  expat: "MIT",
  mit0: "MIT-0",
  mitnoattribution: "MIT-0",
  apache: "Apache-2.0",
  apache2: "Apache-2.0",
  apache20: "Apache-2.0",
  "apache2.0": "Apache-2.0",
  apachev2: "Apache-2.0",
  "apachev2.0": "Apache-2.0",
  asl2: "Apache-2.0",
  "asl2.0": "Apache-2.0",
  apachesoftware: "Apache-2.0",
  "apachesoftware2.0": "Apache-2.0",
  bsd3: "BSD-3-Clause",
  bsd3clause: "BSD-3-Clause",
  "3clausebsd": "BSD-3-Clause",
  newbsd: "BSD-3-Clause",
  modifiedbsd: "BSD-3-Clause",
  revisedbsd: "BSD-3-Clause",
  bsd2: "BSD-2-Clause",
  bsd2clause: "BSD-2-Clause",
  "2clausebsd": "BSD-2-Clause",
  simplifiedbsd: "BSD-2-Clause",
  freebsd: "BSD-2-Clause",
  "0bsd": "0BSD",
  gpl2: "GPL-2.0",
  gplv2: "GPL-2.0",
  "gpl2.0": "GPL-2.0",
  gnugplv2: "GPL-2.0",
  gnugeneralpublic2: "GPL-2.0",
  "gpl2+": "GPL-2.0-or-later",
  "gplv2+": "GPL-2.0-or-later",
  "gpl2.0+": "GPL-2.0-or-later",
  gplv2orlater: "GPL-2.0-or-later",
  gnugeneralpublic2orlater: "GPL-2.0-or-later",
  gpl3: "GPL-3.0",
  gplv3: "GPL-3.0",
  "gpl3.0": "GPL-3.0",
  gnugplv3: "GPL-3.0",
  gnugeneralpublic3: "GPL-3.0",
  "gpl3+": "GPL-3.0-or-later",
  "gplv3+": "GPL-3.0-or-later",
  "gpl3.0+": "GPL-3.0-or-later",
  gplv3orlater: "GPL-3.0-or-later",
  gnugeneralpublic3orlater: "GPL-3.0-or-later",
  "lgpl2.1": "LGPL-2.1",
  "lgplv2.1": "LGPL-2.1",
  lgpl21: "LGPL-2.1",
  "lgpl2.1+": "LGPL-2.1-or-later",
  "lgplv2.1+": "LGPL-2.1-or-later",
  "lgplv2+": "LGPL-2.0-or-later",
  lgpl3: "LGPL-3.0",
  lgplv3: "LGPL-3.0",
  "lgpl3.0": "LGPL-3.0",
  "lgpl3+": "LGPL-3.0-or-later",
  "lgplv3+": "LGPL-3.0-or-later",
  "lgpl3.0+": "LGPL-3.0-or-later",
  agpl3: "AGPL-3.0",
  agplv3: "AGPL-3.0",
  "agpl3.0": "AGPL-3.0",
  gnuafferogeneralpublic3: "AGPL-3.0",
  "agpl3+": "AGPL-3.0-or-later",
  "agplv3+": "AGPL-3.0-or-later",
  "agpl3.0+": "AGPL-3.0-or-later",
  gnuafferogeneralpublic3orlater: "AGPL-3.0-or-later",
  mpl2: "MPL-2.0",
  "mpl2.0": "MPL-2.0",
  "mozillapublic2.0": "MPL-2.0",
  isc: "ISC",
  iscl: "ISC",
  unlicense: "Unlicense",
  epl2: "EPL-2.0",
  "epl2.0": "EPL-2.0",
  "eclipsepublic2.0": "EPL-2.0",
  "epl1.0": "EPL-1.0",
  "eclipsepublic1.0": "EPL-1.0",
  cc0: "CC0-1.0",
  "cc01.0": "CC0-1.0",
  "cc01.0universal": "CC0-1.0",
  zlib: "Zlib",
  zliblibpng: "Zlib",
  boost: "BSL-1.0",
  "bsl1.0": "BSL-1.0",
  "boostsoftware1.0": "BSL-1.0",
  wtfpl: "WTFPL",
  psf: "PSF-2.0",
  psf2: "PSF-2.0",
  pythonsoftwarefoundation: "PSF-2.0",
  "artistic2.0": "Artistic-2.0",
};

/** "The MIT License" -> "mit", "Apache License, Version 2.0" -> "apache2.0", "GPLv3+" -> "gplv3+". */
function compact(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b(?:the|licen[cs]e|version)\b/g, "")
    .replace(/\bv(?=\d)/g, "")
    .replace(/[^a-z0-9.+]+/g, "")
    .replace(/\.+$/, "");
}

/**
 * Resolve a manifest's license value: an SPDX expression whose ids are all known, else a known
 * alias ("Apache 2.0", "GPLv3+", "MIT License"). Undefined for "UNLICENSED", "SEE LICENSE IN
 * ...", "Proprietary" and other values that name no SPDX license.
 */
export function resolveLicenseName(raw: string): Expression | undefined {
  const value = raw.trim();
  if (value === "" || value.length > 200) return undefined;
  const parsed = parseExpression(value);
  if (parsed && parsed.unknown.length === 0 && !/^unlicensed$/i.test(value)) return parsed;
  const alias = ALIASES[compact(value)];
  if (alias) return { expression: alias, ids: [alias], unknown: [] };
  return undefined;
}

/**
 * A PyPI trove classifier (`License :: OSI Approved :: MIT License`): its short form in
 * parentheses is tried first (`... v3 or later (GPLv3+)`), then the full name. Unversioned or
 * ambiguous ones (`BSD License`, `GNU Library or Lesser General Public License (LGPL)`) give
 * nothing. `Apache Software License` reads as Apache-2.0, the only Apache license in use.
 */
export function classifierLicense(classifier: string): Expression | undefined {
  const parts = classifier.split("::").map((p) => p.trim());
  if (parts[0] !== "License" || parts.length < 2) return undefined;
  const name = parts[parts.length - 1] as string;
  const paren = /\(([^()]+)\)\s*$/.exec(name)?.[1];
  return (paren ? resolveLicenseName(paren) : undefined) ?? resolveLicenseName(name.replace(/\([^()]*\)/g, ""));
}
