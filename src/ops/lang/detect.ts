/**
 * Programming/markup/data language of one file from its path and content, decided in this
 * order: exact file name, Emacs/Vim modeline, shebang interpreter, extension (content
 * heuristics when the extension is shared). Pure functions over the Linguist tables.
 */
import { EXTENSION_DEFAULTS, matchHeuristic } from "./heuristics.js";
import { type LangInfo, type LinguistTables, preferred } from "./linguist.js";

export type DecidedBy = "filename" | "modeline" | "shebang" | "extension" | "heuristic";

export interface Detection {
  info: LangInfo;
  by: DecidedBy;
}

function basename(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i === -1 ? path : path.slice(i + 1);
}

/** Candidate extensions of a file name, longest first: `a.h.in` gives `.h.in`, `.in`. */
export function extensionsOf(name: string): string[] {
  const out: string[] = [];
  // A leading dot marks a dotfile, not an extension (`.bashrc`, `.eslintrc.json` -> `.json`).
  let from = name.startsWith(".") ? 1 : 0;
  for (;;) {
    const i = name.indexOf(".", from);
    if (i === -1 || i === name.length - 1) break;
    out.push(name.slice(i).toLowerCase());
    from = i + 1;
  }
  return out;
}

/** Resolve a set of candidates for `key` with the heuristics table, then the defaults. */
function resolveShared(
  t: LinguistTables,
  key: string,
  cands: readonly LangInfo[],
  text: string,
): { info: LangInfo; viaRule: boolean } {
  const ruled = matchHeuristic(key, text);
  const fromRule = ruled === undefined ? undefined : t.byName.get(ruled);
  if (fromRule) return { info: fromRule, viaRule: true };
  const def = EXTENSION_DEFAULTS[key];
  const fromDefault = def === undefined ? undefined : t.byName.get(def);
  return { info: fromDefault ?? (preferred(cands) as LangInfo), viaRule: false };
}

function byFilename(t: LinguistTables, name: string, text: string): LangInfo | undefined {
  const cands = t.filenames.get(name) ?? t.filenamesLower.get(name.toLowerCase());
  if (!cands || cands.length === 0) return undefined;
  if (cands.length === 1) return cands[0];
  return resolveShared(t, name, cands, text).info;
}

/** Lines a modeline may sit on: Emacs on the first two, Vim on the first and last five. */
function headTail(text: string): { head: string[]; tail: string[] } {
  const head = text.slice(0, 2048).split("\n", 5);
  const tail = text.length > 2048 ? text.slice(-2048).split("\n").slice(-5) : text.split("\n").slice(-5);
  return { head, tail };
}

const EMACS = /-\*-(.+?)-\*-/;
const VIM = /(?:^|\s)(?:vi|vim|Vim|ex)(?:[<=>]?\d+)?:.*?\b(?:ft|filetype|syntax|syn)\s*=\s*([\w+#.-]+)/;
/** Editor mode names that are not a Linguist name, alias, interpreter or extension. */
export const MODE_EXTRA: Readonly<Record<string, string>> = {
  "shell-script": "Shell",
  js2: "JavaScript",
  js3: "JavaScript",
  rjsx: "JavaScript",
  "c++": "C++",
  "objc++": "Objective-C++",
  "objective-c++": "Objective-C++",
  conf: "INI",
  text: "Text",
  "plain-text": "Text",
  fundamental: "Text",
  gfm: "Markdown",
  latex: "TeX",
  plaintex: "TeX",
  octave: "MATLAB",
  web: "HTML",
  "sh-mode": "Shell",
};

export function lookupMode(t: LinguistTables, raw: string): LangInfo | undefined {
  const tried = new Set<string>();
  const tryName = (s: string): LangInfo | undefined => {
    if (s === "" || tried.has(s)) return undefined;
    tried.add(s);
    const extra = MODE_EXTRA[s];
    return t.modeNames.get(s) ?? (extra === undefined ? undefined : t.byName.get(extra));
  };
  let s = raw.trim().toLowerCase();
  s = s.replace(/-mode$/, "");
  return (
    tryName(s) ??
    // `makefile-gmake` -> `makefile`, `js2` -> `js`, `python3.11` -> `python3`
    tryName(s.split("-")[0] ?? "") ??
    tryName(s.replace(/[\d.]+$/, "")) ??
    tryName(s.replace(/(?:\.\d+)+$/, ""))
  );
}

function byModeline(t: LinguistTables, text: string): LangInfo | undefined {
  const { head, tail } = headTail(text);
  // Emacs: `-*- mode: python -*-`, `-*- C++ -*-`, `-*- coding: utf-8; mode: ruby -*-`.
  for (const line of head.slice(0, 2)) {
    const m = EMACS.exec(line);
    if (!m) continue;
    const body = (m[1] as string).trim();
    let mode: string | undefined;
    if (body.includes(":")) {
      for (const part of body.split(";")) {
        const kv = /^\s*mode\s*:\s*([^\s;]+)/i.exec(part);
        if (kv) mode = kv[1];
      }
    } else {
      mode = body.split(/\s+/)[0];
    }
    const info = mode === undefined ? undefined : lookupMode(t, mode);
    if (info) return info;
  }
  // Vim: `vim: set ft=python:`, `vim: syntax=ruby`, `ex: set filetype=perl`.
  for (const line of [...head, ...tail]) {
    const m = VIM.exec(line);
    if (!m) continue;
    const info = lookupMode(t, m[1] as string);
    if (info) return info;
  }
  return undefined;
}

/** The interpreter named by a `#!` line: `#!/usr/bin/env -S python3 -u` gives `python3`. */
export function shebangInterpreter(text: string): string | undefined {
  if (!text.startsWith("#!")) return undefined;
  const nl = text.indexOf("\n");
  const line = (nl === -1 ? text.slice(2) : text.slice(2, nl)).trim();
  const words = line.split(/\s+/).filter((w) => w.length > 0);
  let prog = words.shift();
  if (prog === undefined) return undefined;
  prog = basename(prog);
  if (prog === "env") {
    // Skip env's own options (-S, -i, -u NAME) and VAR=value assignments.
    for (;;) {
      const w = words.shift();
      if (w === undefined) return undefined;
      if (w === "-u" || w === "--unset") {
        words.shift();
        continue;
      }
      if (w.startsWith("-") || /^\w+=/.test(w)) continue;
      prog = basename(w);
      break;
    }
  }
  return prog;
}

function byShebang(t: LinguistTables, text: string, exts: readonly string[]): LangInfo | undefined {
  const prog = shebangInterpreter(text);
  if (prog === undefined) return undefined;
  const variants = [prog, prog.replace(/(?:\.\d+)+$/, ""), prog.replace(/[\d.]+$/, ""), prog.replace(/-[\d.]+$/, "")];
  for (const v of variants) {
    const cands = t.interpreters.get(v);
    if (!cands || cands.length === 0) continue;
    if (cands.length === 1) return cands[0];
    // `node` runs JavaScript and TypeScript: the extension, when it names one of them, decides.
    for (const e of exts) {
      const hit = cands.find((c) => c.extensions.some((x) => x.toLowerCase() === e));
      if (hit) return hit;
    }
    return cands[0];
  }
  return undefined;
}

function byExtension(t: LinguistTables, exts: readonly string[], text: string): Detection | undefined {
  for (const e of exts) {
    const cands = t.extensions.get(e);
    if (!cands || cands.length === 0) continue;
    if (cands.length === 1) return { info: cands[0] as LangInfo, by: "extension" };
    const { info, viaRule } = resolveShared(t, e, cands, text);
    return { info, by: viaRule ? "heuristic" : "extension" };
  }
  return undefined;
}

/** Decide the language of a file; undefined when nothing identifies it. */
export function detectLanguage(t: LinguistTables, path: string | undefined, text: string): Detection | undefined {
  const name = path === undefined ? undefined : basename(path);
  if (name) {
    const info = byFilename(t, name, text);
    if (info) return { info, by: "filename" };
  }
  const modeline = byModeline(t, text);
  if (modeline) return { info: modeline, by: "modeline" };
  const exts = name ? extensionsOf(name) : [];
  const shebang = byShebang(t, text, exts);
  if (shebang) return { info: shebang, by: "shebang" };
  return byExtension(t, exts, text);
}
