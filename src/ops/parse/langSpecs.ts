/**
 * Per-language node-type tables of `parse_code`: which tree-sitter node types count as
 * functions, classes, imports and comments, and how documentation is recognised.
 *
 * Node type names are those of the grammars bundled in `tree-sitter-wasms` 0.1.13 (e.g.
 * tree-sitter-javascript 0.20, tree-sitter-python 0.21); see each grammar's `node-types.json`.
 *
 * Rule syntax (functions / classes / imports):
 *   - `T`          every node of type T;
 *   - `P>T`        a node of type T whose parent is a P (e.g. an arrow function bound to a name);
 *   - `T:has(C)`   a node of type T with a direct child of type C (a struct *with* a body, a
 *                  method *with* a body: declarations without one are not counted).
 */

export interface TextRule {
  /** Node types the rule looks at. */
  types: string[];
  /** Tested (sticky) at the node's first character. */
  re: RegExp;
}

export interface LangSpec {
  /** Stem of `tree-sitter-<grammar>.wasm` in tree-sitter-wasms/out. */
  grammar: string;
  functions: string[];
  classes: string[];
  imports: string[];
  /** Calls that import (require("x"), `source file`): node type + text at the node start. */
  importCalls?: TextRule;
  comments: string[];
  /** A comment is documentation when it starts with one of these (`/**`, `///`...). */
  docPrefixes?: string[];
  /** A run of comments on the lines right above one of these node types is its documentation (Go, Ruby). */
  leadingDocFor?: string[];
  /** Python docstrings: a string statement first in a module, class or function body. */
  pythonDocstrings?: boolean;
  /** Symbols: nodes whose named children are searched as if they were top level (namespaces, exports). */
  symbolContainers?: string[];
}

const JSDOC = ["/**"];
const DOXYGEN = ["/**", "///", "/*!", "//!"];

/** Function values bound to a name: `const f = () => {}`, `obj.f = function () {}`, `{ f: () => 1 }`, class fields. */
function boundFunctions(fieldType: string): string[] {
  return ["variable_declarator", "assignment_expression", "pair", fieldType].flatMap((p) => [
    `${p}>arrow_function`,
    `${p}>function_expression`,
    `${p}>generator_function`,
  ]);
}

const JS_FUNCTIONS = ["function_declaration", "generator_function_declaration", "method_definition"];
const JS_IMPORT_CALLS: TextRule = { types: ["call_expression"], re: /require\s*\(/y };

const javascript: LangSpec = {
  grammar: "javascript",
  // Anonymous callbacks are not counted.
  functions: [...JS_FUNCTIONS, ...boundFunctions("field_definition")],
  classes: ["class_declaration"],
  imports: ["import_statement"],
  importCalls: JS_IMPORT_CALLS,
  comments: ["comment"],
  docPrefixes: JSDOC,
  symbolContainers: ["export_statement"],
};

const typescript: LangSpec = {
  grammar: "typescript",
  functions: [...JS_FUNCTIONS, ...boundFunctions("public_field_definition")],
  classes: ["class_declaration", "abstract_class_declaration", "interface_declaration", "enum_declaration"],
  imports: ["import_statement"],
  importCalls: JS_IMPORT_CALLS,
  comments: ["comment"],
  docPrefixes: JSDOC,
  symbolContainers: ["export_statement", "ambient_declaration", "internal_module", "statement_block"],
};

const C_CLASSES = [
  "struct_specifier:has(field_declaration_list)",
  "union_specifier:has(field_declaration_list)",
  "enum_specifier:has(enumerator_list)",
];

/** Specs by grammar key (the ids of `grammars.ts`). */
export const LANG_SPECS: Record<string, LangSpec> = {
  python: {
    grammar: "python",
    functions: ["function_definition"],
    classes: ["class_definition"],
    imports: ["import_statement", "import_from_statement", "future_import_statement"],
    comments: ["comment"],
    pythonDocstrings: true,
    symbolContainers: ["decorated_definition"],
  },
  javascript,
  typescript,
  tsx: { ...typescript, grammar: "tsx" },
  java: {
    grammar: "java",
    functions: ["method_declaration:has(block)", "constructor_declaration", "compact_constructor_declaration"],
    classes: [
      "class_declaration",
      "interface_declaration",
      "enum_declaration",
      "record_declaration",
      "annotation_type_declaration",
    ],
    imports: ["import_declaration"],
    comments: ["line_comment", "block_comment"],
    docPrefixes: JSDOC,
  },
  go: {
    grammar: "go",
    functions: ["function_declaration", "method_declaration"],
    classes: ["type_spec:has(struct_type)", "type_spec:has(interface_type)"],
    // One per imported package: `import ("a"; "b")` counts 2.
    imports: ["import_spec"],
    comments: ["comment"],
    symbolContainers: ["type_declaration"],
    leadingDocFor: [
      "package_clause",
      "function_declaration",
      "method_declaration",
      "type_declaration",
      "const_declaration",
      "var_declaration",
    ],
  },
  rust: {
    grammar: "rust",
    functions: ["function_item"],
    classes: ["struct_item", "enum_item", "union_item", "trait_item"],
    imports: ["use_declaration", "extern_crate_declaration"],
    comments: ["line_comment", "block_comment"],
    docPrefixes: ["///", "//!", "/**", "/*!"],
    symbolContainers: ["mod_item", "declaration_list"],
  },
  c: {
    grammar: "c",
    functions: ["function_definition"],
    classes: C_CLASSES,
    imports: ["preproc_include"],
    comments: ["comment"],
    docPrefixes: DOXYGEN,
    symbolContainers: ["type_definition", "preproc_ifdef", "preproc_if", "linkage_specification"],
  },
  cpp: {
    grammar: "cpp",
    functions: ["function_definition"],
    classes: [...C_CLASSES, "class_specifier:has(field_declaration_list)"],
    imports: ["preproc_include"],
    comments: ["comment"],
    docPrefixes: DOXYGEN,
    symbolContainers: [
      "type_definition",
      "preproc_ifdef",
      "preproc_if",
      "linkage_specification",
      "namespace_definition",
      "declaration_list",
      "template_declaration",
    ],
  },
  c_sharp: {
    grammar: "c_sharp",
    functions: [
      "method_declaration:has(block)",
      "method_declaration:has(arrow_expression_clause)",
      "constructor_declaration",
      "destructor_declaration",
      "operator_declaration",
      "conversion_operator_declaration",
      "local_function_statement",
    ],
    classes: [
      "class_declaration",
      "struct_declaration",
      "interface_declaration",
      "enum_declaration",
      "record_declaration",
      "record_struct_declaration",
    ],
    imports: ["using_directive"],
    comments: ["comment"],
    docPrefixes: ["///", "/**"],
    symbolContainers: ["namespace_declaration", "file_scoped_namespace_declaration", "declaration_list"],
  },
  ruby: {
    grammar: "ruby",
    functions: ["method", "singleton_method"],
    // Modules are Ruby's mixins (like traits), so they count with classes.
    classes: ["class", "module"],
    imports: [],
    importCalls: { types: ["call"], re: /(?:require|require_relative)[\s(]/y },
    comments: ["comment"],
    leadingDocFor: ["method", "singleton_method", "class", "module"],
  },
  php: {
    grammar: "php",
    functions: ["function_definition", "method_declaration:has(compound_statement)"],
    classes: ["class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"],
    imports: [
      "namespace_use_declaration",
      "require_expression",
      "require_once_expression",
      "include_expression",
      "include_once_expression",
    ],
    comments: ["comment"],
    docPrefixes: JSDOC,
    symbolContainers: ["namespace_definition", "compound_statement"],
  },
  bash: {
    grammar: "bash",
    functions: ["function_definition"],
    classes: [],
    imports: [],
    importCalls: { types: ["command"], re: /(?:source|\.)\s/y },
    comments: ["comment"],
  },
  css: {
    grammar: "css",
    functions: [],
    classes: [],
    imports: ["import_statement"],
    comments: ["comment"],
  },
  json: { grammar: "json", functions: [], classes: [], imports: [], comments: ["comment"] },
  toml: { grammar: "toml", functions: [], classes: [], imports: [], comments: ["comment"] },
  html: { grammar: "html", functions: [], classes: [], imports: [], comments: ["comment"] },
  kotlin: {
    grammar: "kotlin",
    functions: ["function_declaration:has(function_body)", "secondary_constructor"],
    classes: ["class_declaration", "object_declaration"],
    imports: ["import_header"],
    comments: ["line_comment", "multiline_comment"],
    docPrefixes: JSDOC,
  },
  swift: {
    grammar: "swift",
    functions: ["function_declaration", "init_declaration", "deinit_declaration"],
    // class_declaration covers class, struct, enum, actor and extension in this grammar.
    classes: ["class_declaration", "protocol_declaration"],
    imports: ["import_declaration"],
    comments: ["comment", "multiline_comment"],
    docPrefixes: ["///", "/**"],
  },
  scala: {
    grammar: "scala",
    functions: ["function_definition"],
    classes: ["class_definition", "object_definition", "trait_definition"],
    imports: ["import_declaration"],
    comments: ["comment"],
    docPrefixes: JSDOC,
  },
};
