/**
 * Content rules for extensions (and a few file names) that several Linguist languages share,
 * in the spirit of Linguist's `lib/linguist/heuristics.yml`: for each extension, an ordered
 * list of (language, pattern); the first pattern found in the file's content decides. The
 * patterns are written for this project (JavaScript regexes, `m` flag so `^`/`$` are line
 * anchors as in Ruby) and cover the common cases, not every language Linguist knows.
 *
 * When no rule matches, `EXTENSION_DEFAULTS` names the language to assume (the common one),
 * and anything not listed there falls back to a popularity order (see linguist.ts).
 * Language names are Linguist's names; a test checks every one exists.
 */

export interface HeuristicRule {
  /** Linguist language name. */
  lang: string;
  /** Matches when this pattern is found in the content... */
  pattern: RegExp;
  /** ...and this one is not. */
  not?: RegExp;
}

export interface Heuristic {
  /** Lowercased extensions with the dot (`.h`), or exact file names (`.eslintrc`). */
  keys: readonly string[];
  rules: readonly HeuristicRule[];
}

// Shared patterns.
const OBJC =
  /^\s*(?:@(?:interface|implementation|protocol|property|synthesize|end|class|selector|autoreleasepool)\b|#import\s*[<"][^>"\n]+\.h[>"])|\bNS(?:String|Object|Array|Dictionary|Log)\b|\[\[\w+\s+alloc\]/m;
const CPP =
  /^\s*#\s*include\s*<(?:iostream|[io]?fstream|sstream|string|string_view|vector|map|set|unordered_map|unordered_set|memory|algorithm|functional|utility|array|list|deque|queue|stack|bitset|tuple|optional|variant|thread|mutex|chrono|cstdint|cstdio|cstdlib|cstring|cmath|cassert|iomanip|limits|type_traits|atomic|regex|numeric)>|^\s*template\s*<|^\s*(?:class|namespace)\s+\w+|^\s*using\s+namespace\s|^\s*(?:public|private|protected)\s*:|\bstd::\w|\b(?:constexpr|nullptr|noexcept|static_cast|dynamic_cast|reinterpret_cast)\b|^\s*virtual\s/m;
const PERL =
  /\buse\s+(?:strict|warnings|v?5[.\d]*)\b|^\s*use\s+[A-Z]\w*(?:::\w+)*|^\s*package\s+\w+(?:::\w+)*\s*;|^\s*sub\s+\w+\s*\{|\bmy\s+[$@%]\w+|\$\w+\s*=~|^\s*1;\s*$|^__(?:END|DATA)__$/m;
const RAKU = /^\s*use\s+v6\b|^\s*unit\s+(?:module|class|grammar|role)\b|^\s*(?:my\s+)?grammar\s+\w+/m;
const JSON_START = /^\s*[{[]/;
const XML_DECL = /^\s*<\?xml\b/m;
const M68K = /^\s*(?:moveq|movem|move\.[bwl]|btst|dbra)\b/im;
const X86_INTEL = /\bmov\s+[^\s%$,]+\s*,|^\s*(?:section|segment)\s+\.?\w+|^\s*(?:bits|org)\s+\d/im;

export const HEURISTICS: readonly Heuristic[] = [
  {
    keys: [".h"],
    rules: [
      { lang: "Objective-C", pattern: OBJC },
      { lang: "C++", pattern: CPP },
    ],
  },
  {
    keys: [".m"],
    rules: [
      { lang: "Objective-C", pattern: OBJC },
      { lang: "Mercury", pattern: /^:-\s*(?:module|interface|implementation)\b/m },
      { lang: "Wolfram Language", pattern: /^\s*\(\*[\s\S]*?\*\)\s*$|\w\[[^\]\n]*\]\s*:=/m },
      {
        lang: "MATLAB",
        pattern:
          /^\s*%|^\s*function\s+(?:\[[^\]\n]*\]\s*=\s*|\w+\s*=\s*)?\w+\s*(?:\(|$)|\.\^|\.\*|\.\/|\b(?:disp|fprintf|zeros|ones|linspace|plot|numel|size|figure|printf)\s*\(|^\s*end\s*$/m,
      },
    ],
  },
  {
    keys: [".mm"],
    rules: [{ lang: "XML", pattern: /^\s*(?:<\?xml\b|<map\b)/m }],
  },
  {
    keys: [".ts"],
    // Qt Linguist translation files: `<?xml ...?><!DOCTYPE TS><TS version="2.1" ...>`.
    rules: [{ lang: "XML", pattern: /^\s*(?:<\?xml\b|<!DOCTYPE\s+TS\b|<TS\b)/m }],
  },
  {
    keys: [".tsx"],
    rules: [{ lang: "XML", pattern: /^\s*<\?xml\s+version/m }],
  },
  {
    keys: [".pl"],
    rules: [
      // A Prolog clause (`head(Args) :- body.`) or directive (`:- module(...)`).
      { lang: "Prolog", pattern: /^\s*:-\s*\w|^[a-z]\w*(?:\([^)\n]*\))?\s*:-/m },
      { lang: "Raku", pattern: RAKU },
      { lang: "Perl", pattern: PERL },
    ],
  },
  {
    keys: [".pm"],
    rules: [
      { lang: "Raku", pattern: RAKU },
      { lang: "Perl", pattern: PERL },
      { lang: "X PixMap", pattern: /^\s*\/\* XPM \*\// },
    ],
  },
  {
    keys: [".t"],
    rules: [
      { lang: "Raku", pattern: RAKU },
      { lang: "Perl", pattern: PERL },
      { lang: "Turing", pattern: /^\s*%[ \t]+|^\s*var\s+\w+(?:\s*:\s*\w+)?\s*:=\s*\w+/m },
    ],
  },
  {
    keys: [".pro"],
    rules: [
      { lang: "Proguard", pattern: /^-(?:keep\w*|dontwarn|dontobfuscate|include|keepattributes)\b/m },
      { lang: "QMake", pattern: /^\s*(?:HEADERS|SOURCES|TEMPLATE|TARGET|QT|CONFIG|FORMS|INCLUDEPATH)\s*[+-]?=/m },
      { lang: "Prolog", pattern: /^\s*:-\s*\w|^[a-z]\w*(?:\([^)\n]*\))?\s*:-/m },
      { lang: "IDL", pattern: /^\s*(?:pro|function|compile_opt)\s+\w[\w ,:]*$/im },
    ],
  },
  {
    keys: [".r"],
    rules: [
      { lang: "Rebol", pattern: /\bREBOL\s*\[/i },
      { lang: "Rez", pattern: /#include\s+["<](?:Types|Carbon\/Carbon)\.r[">]|^\s*(?:resource|data|type)\s+'\w{4}'/m },
      { lang: "R", pattern: /<-|^\s*#|\blibrary\s*\(|\bfunction\s*\(/m },
    ],
  },
  {
    keys: [".v"],
    rules: [
      {
        lang: "Rocq Prover",
        pattern:
          /(?:^|\s)(?:Proof|Qed|Defined|Admitted)\.(?:$|\s)|^\s*(?:Require\s+(?:Import|Export)|From\s+\w+\s+Require)\b|^\s*(?:Theorem|Lemma|Inductive|Fixpoint)\s+\w+/m,
      },
      {
        lang: "Verilog",
        pattern:
          /^\s*module\s+\w+\s*(?:#\s*)?\(|^\s*`(?:define|ifdef|ifndef|include|timescale)\b|^\s*always\s*@|^\s*(?:input|output|inout)\s+(?:wire|reg|logic|\[)|^\s*endmodule\b/m,
      },
      { lang: "V", pattern: /^\s*fn\s+\w+\s*\(.*\).*\{|^\s*module\s+\w+\s*$|\$if\s/m },
    ],
  },
  {
    keys: [".cs"],
    rules: [
      { lang: "Smalltalk", pattern: /![\w\s]+methodsFor: / },
      {
        lang: "C#",
        pattern:
          /^\s*(?:using\s+[A-Z][\w.]*\s*;|namespace\s+[\w.]+|(?:public|private|internal|protected)\s+(?:(?:static|sealed|abstract|partial)\s+)*(?:class|interface|struct|enum|record)\b)/m,
      },
    ],
  },
  {
    keys: [".sql"],
    rules: [
      { lang: "PLpgSQL", pattern: /^\\i\b|\bAS\s+\$\$|\bLANGUAGE\s+'?plpgsql'?|\bRAISE\s+NOTICE\b/im },
      { lang: "SQLPL", pattern: /\bALTER\s+MODULE\b|\bMODE\s+DB2SQL\b|\bSYS(?:CAT|PROC)\./i },
      {
        lang: "PLSQL",
        pattern:
          /\$\$PLSQL_|\bXMLTYPE\b|\bsystimestamp\b|\.nextval\b|\bCONNECT\s+BY\b|\bAUTHID\s+(?:DEFINER|CURRENT_USER)\b|\bVARCHAR2\b|\bDBMS_OUTPUT\./i,
      },
      { lang: "TSQL", pattern: /^\s*GO\s*$|\bBEGIN\s+(?:TRY|CATCH)\b|\bOUTPUT\s+INSERTED\b|\bDECLARE\s+@|\[dbo\]/im },
    ],
  },
  {
    keys: [".inc"],
    rules: [
      { lang: "PHP", pattern: /^\s*<\?(?:php\b|=|\s)/m },
      { lang: "SourcePawn", pattern: /^\s*#include\s+<sourcemod>|^\s*methodmap\s+\w+/m },
      { lang: "POV-Ray SDL", pattern: /^\s*#(?:declare|local|macro|while)\s/m },
      { lang: "Pascal", pattern: /^\s*\{\$(?:mode|ifdef|ifndef|undef|define)\b|^\s*end[.;]\s*$/im },
      { lang: "BitBake", pattern: /^\s*inherit(?:\s+[\w.-]+)+\s*$|^\s*(?:SRC_URI|DEPENDS|RDEPENDS\w*)\s*[+?:]?=/m },
      { lang: "Assembly", pattern: /\bmov\s+[^\s,]+\s*,|^\s+(?:db|dw|dd)\s+[\w"'$]|^\s*\w+\s+equ\s/im },
      {
        lang: "C++",
        pattern:
          /^\s*#\s*(?:include|define|ifndef|ifdef|pragma|if)\b|^\s*(?:static\s+)?(?:const\s+)?(?:unsigned\s+|signed\s+)?(?:int|char|void|float|double|bool|long|short)\s+\**\w+\s*[[(=;]/m,
      },
      { lang: "SQL", pattern: /^\s*(?:SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|VIEW))\b/im },
      { lang: "HTML", pattern: /^\s*<(?:!DOCTYPE|html|head|body|div|p|table|span|ul|li|a|script|link|meta)\b/im },
    ],
  },
  {
    keys: [".md"],
    rules: [
      {
        lang: "GCC Machine Description",
        pattern: /^\s*\(define_(?:insn|expand|split|peephole2?|attr|constants|mode_iterator|predicate)\b/m,
      },
    ],
  },
  {
    keys: [".rs"],
    rules: [
      { lang: "XML", pattern: XML_DECL },
      { lang: "RenderScript", pattern: /#pragma\s+(?:rs|version)\b/ },
    ],
  },
  {
    keys: [".fs"],
    rules: [
      { lang: "Forth", pattern: /^(?:: |new-device)/m },
      { lang: "GLSL", pattern: /^\s*(?:#version\b|precision\s|uniform\s|varying\s|(?:in|out)\s+vec[234]\b)/m },
      { lang: "Filterscript", pattern: /#pragma\s+(?:rs|version)\b/ },
    ],
  },
  {
    keys: [".d"],
    rules: [
      {
        lang: "D",
        pattern: /^\s*module\s+[\w.]+\s*;|^\s*import\s+[\w.]+(?:\s*:\s*[\w, ]+)?\s*;|\bunittest\s*\{|\bwriteln\s*\(/m,
      },
      { lang: "DTrace", pattern: /^\s*(?:\w+:\w*:\w*:\w*|BEGIN|END)\s*(?:\/|\{|$)|#pragma\s+D\s/m },
      // Compiler-made dependency files: `obj/foo.o: src/foo.c include/foo.h \`.
      { lang: "Makefile", pattern: /^[\w./\\-]+\.\w+\s*:(?:\s+[\w./\\-]+)*\s*\\?$/m },
    ],
  },
  {
    keys: [".ex"],
    rules: [
      { lang: "Elixir", pattern: /^\s*(?:defmodule|defp?|defmacro|@moduledoc|use|import|alias)\s/m },
      { lang: "Euphoria", pattern: /^\s*(?:include|namespace|(?:global\s+)?(?:function|procedure|type)\s+\w+\()/m },
    ],
  },
  {
    keys: [".ml"],
    rules: [
      { lang: "OCaml", pattern: /^\s*(?:module|open)\s|\blet\s+rec\s|\bmatch\s+.+\s+with\b|;;/m },
      { lang: "Standard ML", pattern: /^\s*(?:structure|signature|functor|fun|val)\s|\bcase\s+.+\s+of\b/m },
    ],
  },
  {
    keys: [".pp"],
    rules: [
      { lang: "Pascal", pattern: /^\s*end\.\s*$|^\s*(?:program|unit)\s+\w+\s*;|^\s*uses\s+[\w, .]+;/im },
      { lang: "Puppet", pattern: /^\s*(?:class|define|node)\s+[\w:'"]+|^\s+\w+\s+=>\s/m },
    ],
  },
  {
    keys: [".cl"],
    rules: [
      { lang: "Common Lisp", pattern: /^\s*\((?:defun|in-package|defpackage|defmacro|defvar|defparameter)\b/im },
      { lang: "OpenCL", pattern: /\b__kernel\b|\bkernel\s+void\b|\b__global\b|\bget_global_id\s*\(/ },
      { lang: "Cool", pattern: /^class\s/m },
    ],
  },
  {
    keys: [".l"],
    rules: [
      { lang: "Common Lisp", pattern: /\(def(?:un|macro)\s/ },
      { lang: "Lex", pattern: /^%[%{}]|^%(?:option|x|s)\b/m },
      { lang: "Roff", pattern: /^\.[A-Za-z]{2}(?:\s|$)/m },
      { lang: "PicoLisp", pattern: /^\((?:de|class|rel|code|data|must)\s/m },
    ],
  },
  {
    keys: [".s"],
    rules: [
      { lang: "Motorola 68K Assembly", pattern: M68K },
      { lang: "Unix Assembly", pattern: /\bmov[lqwb]?\s+[%$]|^\s*\.(?:globl|global|text|data|section|type|size)\b/im },
      { lang: "Assembly", pattern: X86_INTEL },
    ],
  },
  {
    keys: [".asm"],
    rules: [{ lang: "Motorola 68K Assembly", pattern: M68K }],
  },
  {
    keys: [".i"],
    rules: [
      { lang: "Motorola 68K Assembly", pattern: M68K },
      { lang: "SWIG", pattern: /^[ \t]*%(?:module|include|inline|typemap)\b|^%[{}]$/m },
      { lang: "Assembly", pattern: X86_INTEL },
    ],
  },
  {
    keys: [".re"],
    rules: [
      { lang: "C++", pattern: /^\s*#\s*include\s*[<"]|^\s*template\s*</m },
      { lang: "Reason", pattern: /^\s*(?:let|module|type|open|include)\s/m },
    ],
  },
  {
    keys: [".es"],
    rules: [{ lang: "Erlang", pattern: /^\s*(?:%%|-module\(|main\s*\(.*?\)\s*->)/m }],
  },
  {
    keys: [".gs"],
    rules: [
      { lang: "GLSL", pattern: /^#version\s+\d+/m },
      { lang: "Gosu", pattern: /^uses (?:java|gw)\./m },
      { lang: "Genie", pattern: /^\[indent=\d+\]/m },
    ],
  },
  {
    keys: [".sc"],
    rules: [{ lang: "SuperCollider", pattern: /\^(?:this|super)\.|^\s*~\w+\s*=|\bSynthDef\b/m }],
  },
  {
    keys: [".cls"],
    rules: [
      { lang: "TeX", pattern: /^\s*\\(?:NeedsTeXFormat|ProvidesClass)\{/m },
      { lang: "VBA", pattern: /^\s*VERSION\s+\d\.\d\s+CLASS/m },
      { lang: "Apex", pattern: /\b(?:with|without|inherited)\s+sharing\b|@isTest\b|\bSObject\b/i },
      { lang: "ObjectScript", pattern: /^Class\s/m },
    ],
  },
  {
    keys: [".spec"],
    rules: [
      {
        lang: "RPM Spec",
        pattern:
          /^(?:Name|Version|Release|Summary|License|BuildRequires|Requires)\s*:|^%(?:description|prep|build|install|files)\b/m,
      },
      { lang: "Ruby", pattern: /Gem::Specification|^\s*(?:describe|it|context)\s+["'\w]/m },
      { lang: "Python", pattern: /^(?:import|from)\s+\w|\bAnalysis\s*\(/m },
    ],
  },
  {
    keys: [".properties"],
    rules: [{ lang: "INI", pattern: /^\s*\[[^\]\n]+\]\s*$|^\s*;/m }],
  },
  {
    keys: [".php", ".hh"],
    rules: [{ lang: "Hack", pattern: /<\?hh\b/ }],
  },
  {
    keys: [".cake"],
    rules: [{ lang: "CoffeeScript", pattern: /^\s*\w+\s*=\s*(?:\([^)\n]*\))?\s*->|^\s*task\s+['"]/m }],
  },
  {
    keys: [".f", ".for"],
    rules: [{ lang: "Forth", pattern: /^: /m }],
  },
  {
    keys: [".vba"],
    rules: [{ lang: "Vim script", pattern: /^UseVimball/m }],
  },
  {
    keys: [".ice", ".yy"],
    rules: [{ lang: "JSON", pattern: JSON_START }],
  },
  {
    keys: [".gd"],
    rules: [{ lang: "GAP", pattern: /\b(?:Declare\w*|BindGlobal|InstallMethod|KeyDependentOperation)\s*\(/ }],
  },
  {
    keys: [".typ", ".mojo", ".res", ".sw", ".ncl", ".gml", ".workflow", ".mod", ".csl", ".sch"],
    rules: [{ lang: "XML", pattern: XML_DECL }],
  },
  {
    keys: [".cue"],
    rules: [{ lang: "Cue Sheet", pattern: /^\s*TRACK\s+\d+\s+\w+|^\s*FILE\s+"/m }],
  },
  {
    keys: [".rpy"],
    rules: [{ lang: "Python", pattern: /^(?:import|from|class|def)\s/m }],
  },
  {
    keys: [".tpl"],
    rules: [{ lang: "Go Template", pattern: /\{\{-?\s*(?:\.|define\b|if\b|range\b|template\b|end\b|block\b)/ }],
  },
  {
    keys: [".lean"],
    rules: [{ lang: "Lean", pattern: /^import [a-z]/m }],
  },
  {
    keys: [".toc"],
    rules: [
      { lang: "World of Warcraft Addon Data", pattern: /^## |@no-lib-strip@/m },
      { lang: "TeX", pattern: /^\\(?:contentsline|defcounter|beamer|boolfalse)/m },
    ],
  },
  {
    keys: [".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9", ".man", ".mdoc", ".1in", ".1m", ".1x", ".3pm"],
    rules: [{ lang: "Roff Manpage", pattern: /^[.'][ \t]*(?:TH|Dt)\s+\S+/m }],
  },
  {
    keys: [".cfg"],
    rules: [
      { lang: "HAProxy", pattern: /^\s*(?:frontend|backend|listen|defaults|global)\s*(?:\w+\s*)?$/m, not: /^\s*\[/m },
    ],
  },
  {
    keys: [".vhost"],
    rules: [{ lang: "Nginx", pattern: /\bserver\s*\{|^\s*listen\s+[\d:.[\]]+[^;\n]*;/m }],
  },
  {
    keys: [".pod"],
    rules: [{ lang: "Pod 6", pattern: /^=begin pod\b/m }],
  },
  {
    keys: [".nu"],
    rules: [{ lang: "Nushell", pattern: /^\s*(?:def|let|export|use|module|mut)\s/m }],
  },
  {
    keys: [".plist"],
    rules: [{ lang: "XML Property List", pattern: /^\s*(?:<\?xml\b|<!DOCTYPE\s+plist|<plist\b)/m }],
  },
  // File names Linguist gives to two languages.
  {
    keys: [".releaserc"],
    rules: [{ lang: "JSON", pattern: JSON_START }],
  },
  {
    keys: [".eslintrc"],
    rules: [{ lang: "JSON with Comments", pattern: JSON_START }],
  },
];

/**
 * Language to assume for a shared extension (or file name) when no rule above matched: the
 * one such files are in the common case. Keys not listed fall back to the popularity order.
 */
export const EXTENSION_DEFAULTS: Readonly<Record<string, string>> = {
  ".h": "C",
  ".m": "Objective-C",
  ".mm": "Objective-C++",
  ".ts": "TypeScript",
  ".tsx": "TSX",
  ".pl": "Perl",
  ".pm": "Perl",
  ".t": "Perl",
  ".pro": "QMake",
  ".r": "R",
  ".v": "Verilog",
  ".cs": "C#",
  ".sql": "SQL",
  ".inc": "C++",
  ".md": "Markdown",
  ".rs": "Rust",
  ".fs": "F#",
  ".d": "D",
  ".ex": "Elixir",
  ".ml": "OCaml",
  ".pp": "Puppet",
  ".cl": "Common Lisp",
  ".l": "Lex",
  ".s": "Unix Assembly",
  ".asm": "Assembly",
  ".i": "SWIG",
  ".re": "Reason",
  ".es": "JavaScript",
  ".gs": "JavaScript",
  ".frag": "GLSL",
  ".sc": "Scala",
  ".cls": "TeX",
  ".spec": "RPM Spec",
  ".properties": "Java Properties",
  ".php": "PHP",
  ".hh": "C++",
  ".cp": "C++",
  ".cake": "C#",
  ".f": "Fortran",
  ".for": "Fortran",
  ".vba": "VBA",
  ".ice": "Slice",
  ".yy": "Yacc",
  ".gd": "GDScript",
  ".typ": "Typst",
  ".mojo": "Mojo",
  ".res": "ReScript",
  ".sw": "Sway",
  ".cue": "CUE",
  ".rpy": "Ren'Py",
  ".tpl": "Smarty",
  ".lean": "Lean 4",
  ".toc": "TeX",
  ".cfg": "INI",
  ".vhost": "ApacheConf",
  ".pod": "Pod",
  ".nu": "Nushell",
  ".plist": "XML Property List",
  ".json": "JSON",
  ".yml": "YAML",
  ".yaml": "YAML",
  ".html": "HTML",
  ".txt": "Text",
  ".cgi": "Perl",
  ".fcgi": "Perl",
  ".lisp": "Common Lisp",
  ".lsp": "Common Lisp",
  ".bb": "BitBake",
  ".st": "Smalltalk",
  ".scm": "Scheme",
  ".as": "ActionScript",
  ".ls": "LiveScript",
  ".sol": "Solidity",
  ".star": "Starlark",
  ".tl": "Teal",
  ".ftl": "FreeMarker",
  ".gts": "Glimmer TS",
  ".odin": "Odin",
  ".pkl": "Pkl",
  ".al": "Perl",
  ".trigger": "Apex",
  ".ddl": "SQL",
  ".prc": "SQL",
  ".srt": "SubRip Text",
  ".k": "KCL",
  ".tst": "Scilab",
  ".man": "Roff",
  ".releaserc": "YAML",
  ".eslintrc": "YAML",
  HOSTS: "Hosts File",
  hosts: "Hosts File",
};

const byKey = new Map<string, readonly HeuristicRule[]>();
for (const h of HEURISTICS) {
  for (const k of h.keys) byKey.set(k, [...(byKey.get(k) ?? []), ...h.rules]);
}

/** Content scanned by the rules: enough for any header, bounded for huge files. */
const SCAN_CHARS = 64 * 1024;

/** The first rule of `key` (an extension or file name) whose pattern is in `text`. */
export function matchHeuristic(key: string, text: string): string | undefined {
  const rules = byKey.get(key);
  if (!rules) return undefined;
  const head = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
  for (const r of rules) {
    if (r.pattern.test(head) && !(r.not?.test(head) ?? false)) return r.lang;
  }
  return undefined;
}
