import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chunk, indexRepository, type RepoIndex } from "../../src/synth/index/index.js";
import { unknownIdentifiers } from "../../src/synth/qa/checks.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const repo = (name: string) => path.join(ROOT, "examples/repos", name);

function chunk(ix: RepoIndex, qualified: string, file?: string): Chunk {
  const found = ix.chunks.find((c) => c.qualified === qualified && (file === undefined || c.path === file));
  if (found === undefined) throw new Error(`no chunk ${qualified}`);
  return found;
}

function linesOf(ix: RepoIndex, c: Chunk): string[] {
  return readFileSync(path.join(ix.root, c.path), "utf8")
    .split("\n")
    .slice(c.start_line - 1, c.end_line);
}

/** The first line that is not a decorator or annotation (with its arguments), comment or blank. */
function declarationLine(lines: string[]): string {
  let depth = 0;
  for (const l of lines) {
    const open = (l.match(/[([]/g) ?? []).length - (l.match(/[)\]]/g) ?? []).length;
    if (depth > 0 || /^\s*@/.test(l)) {
      depth = Math.max(0, depth + open);
      continue;
    }
    if (!/^\s*(?:\/\/|\/\*|\*(?:\s|\/|$)|$)/.test(l)) return l;
  }
  return "";
}

/** Every chunk's span starts with its declaration: the first non-decoration line names it. */
function expectSpansStartAtDeclarations(ix: RepoIndex): void {
  const bad = ix.chunks.filter((c) => !declarationLine(linesOf(ix, c)).includes(c.name));
  expect(bad.map((c) => `${c.id} ${declarationLine(linesOf(ix, c))}`)).toEqual([]);
}

describe("indexRepository: Python (inkwell)", () => {
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await indexRepository(repo("inkwell"));
  });

  it("chunks classes, methods and functions with 1-based inclusive line ranges", () => {
    expect(chunk(ix, "BlockParser")).toMatchObject({ kind: "class", path: "inkwell/blocks.py", start_line: 38 });
    expect(chunk(ix, "BlockParser").end_line).toBe(193);
    expect(chunk(ix, "parse_document")).toMatchObject({ kind: "function", start_line: 196, end_line: 198 });
    const parse = chunk(ix, "BlockParser.parse");
    expect(parse).toMatchObject({ kind: "method", name: "parse", path: "inkwell/blocks.py" });
    expect(linesOf(ix, parse)[0]).toMatch(/^ {4}def parse\(/);
    // Decorated classes include their decorator line.
    const text = chunk(ix, "Text", "inkwell/nodes.py");
    expect(linesOf(ix, text).slice(0, 2)).toEqual(["@dataclass", "class Text:"]);
    const file = readFileSync(path.join(ix.root, "inkwell/blocks.py"), "utf8").split("\n");
    expect(file[parse.end_line]?.trim() ?? "").not.toMatch(/^return\b/); // the method ends where it ends
    expectSpansStartAtDeclarations(ix);
  });

  it("lists files with language, lines and imports; skips binary files; honours .gitignore", () => {
    const blocks = ix.files.find((f) => f.path === "inkwell/blocks.py");
    expect(blocks).toMatchObject({ lang: "python", lines: 198 });
    expect(blocks?.imports).toEqual(expect.arrayContaining(["re", ".inline", ".nodes"]));
    expect(ix.files.find((f) => f.path === "README.md")?.lang).toBe("markdown");
    expect(ix.skipped).toContainEqual(expect.objectContaining({ path: "docs/logo.png", reason: "binary" }));
    // build/ is in inkwell's .gitignore: never listed at all.
    expect(ix.files.some((f) => f.path.startsWith("build/"))).toBe(false);
    expect(ix.skipped.some((s) => s.path.startsWith("build/"))).toBe(false);
    expect(ix.chunks.every((c) => ix.files.some((f) => f.path === c.path))).toBe(true);
  });
});

describe("indexRepository: TypeScript (tallyho)", () => {
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await indexRepository(repo("tallyho"));
  });

  it("skips the generated stopwords file and dist/ as vendored", () => {
    expect(ix.skipped).toContainEqual(
      expect.objectContaining({ path: "src/stopwords.generated.ts", reason: "generated" }),
    );
    expect(ix.skipped).toContainEqual({
      path: "dist/tallyho.min.js",
      reason: "vendored",
      detail: "path segment dist/",
    });
    expect(ix.files.map((f) => f.path)).not.toContain("src/stopwords.generated.ts");
    expect(ix.chunks.some((c) => c.path.startsWith("dist/") || c.path.includes("generated"))).toBe(false);
  });

  it("chunks functions and interfaces and records relative imports", () => {
    const tokenize = chunk(ix, "tokenize", "src/tokenize.ts");
    expect(tokenize.kind).toBe("function");
    expect(linesOf(ix, tokenize)[0]).toMatch(/^export function tokenize\(/);
    expect(chunk(ix, "Tally").kind).toBe("interface");
    const count = ix.files.find((f) => f.path === "src/count.ts");
    expect(count?.lang).toBe("typescript");
    expect(count?.imports).toEqual(["./stopwords.generated.js", "./tokenize.js"]);
    expectSpansStartAtDeclarations(ix);
  });
});

describe("indexRepository: Go (orbit)", () => {
  it("names methods after their receiver, types by kind, imports by path; non-UTF-8 files skipped", async () => {
    const ix = await indexRepository(repo("orbit"));
    expect(chunk(ix, "Server")).toMatchObject({ kind: "struct", path: "server.go", start_line: 30 });
    expect(chunk(ix, "NewServer")).toMatchObject({ kind: "function", start_line: 39 });
    const serve = chunk(ix, "Server.ServeHTTP");
    expect(serve).toMatchObject({ kind: "method", name: "ServeHTTP", start_line: 67 });
    expect(linesOf(ix, serve)[0]).toBe("func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {");
    expect(linesOf(ix, serve).at(-1)).toBe("}");
    expect(ix.files.find((f) => f.path === "handlers.go")?.imports).toEqual(
      expect.arrayContaining(["net/http", "example.org/orbit/internal/catalog"]),
    );
    expect(ix.skipped).toContainEqual(expect.objectContaining({ path: "testdata/latin1.txt", reason: "not_utf8" }));
    expectSpansStartAtDeclarations(ix);
  });
});

describe("indexRepository: real packages under node_modules", () => {
  it("yaml's dist (JavaScript + .d.ts): methods carry Class.method and spans start at declarations", async () => {
    const ix = await indexRepository(path.join(ROOT, "node_modules/yaml/dist"));
    expect(ix.files.length).toBeGreaterThan(50);
    const compose = chunk(ix, "Composer.compose", "compose/composer.js");
    expect(compose).toMatchObject({ kind: "method", name: "compose" });
    expect(linesOf(ix, compose)[0]).toMatch(/^\s+\*?compose\(/);
    const methods = ix.chunks.filter((c) => c.kind === "method");
    expect(methods.length).toBeGreaterThan(50);
    for (const m of methods) {
      expect(m.qualified).toBe(`${m.qualified.split(".")[0]}.${m.name}`);
      expect(ix.chunks.some((c) => c.path === m.path && c.qualified === m.qualified.split(".")[0])).toBe(true);
    }
    expect(ix.files.find((f) => f.path === "index.js")?.imports).toEqual(expect.arrayContaining(["./doc/Document.js"]));
    expectSpansStartAtDeclarations(ix);
  });

  it("zod's src (TypeScript): exported namespace members get their own spans", async () => {
    const ix = await indexRepository(path.join(ROOT, "node_modules/zod/src"), { include: ["v3/**"] });
    const assertNever = chunk(ix, "assertNever", "v3/helpers/util.ts");
    expect(linesOf(ix, assertNever)[0]).toMatch(/function assertNever\(/);
    expect(assertNever.end_line - assertNever.start_line).toBeLessThan(5);
    expect(chunk(ix, "ZodError.format")).toMatchObject({ kind: "method", path: "v3/ZodError.ts" });
    expectSpansStartAtDeclarations(ix);
  });
});

describe("indexRepository: Java, written here", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "smelt-synth-index-"));
    mkdirSync(path.join(dir, "src/main/java/shop"), { recursive: true });
    mkdirSync(path.join(dir, "target/classes"), { recursive: true });
    writeFileSync(
      path.join(dir, "src/main/java/shop/OrderService.java"),
      [
        "package shop;",
        "",
        "import java.util.List;",
        "import static java.util.Objects.requireNonNull;",
        "",
        "/** Places orders. */",
        "public class OrderService {",
        "    private final List<String> orders;",
        "",
        "    public OrderService(List<String> orders) {",
        "        this.orders = requireNonNull(orders);",
        "    }",
        "",
        "    @Override",
        "    public String toString() {",
        '        return "OrderService";',
        "    }",
        "",
        "    public int place(String sku, int quantity) {",
        '        if (quantity <= 0) throw new IllegalArgumentException("quantity must be positive");',
        "        orders.add(sku);",
        "        return orders.size();",
        "    }",
        "}",
        "",
        "interface Priced {",
        "    long price();",
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(path.join(dir, "target/classes/Gen.java"), "class Gen {}\n");
    writeFileSync(
      path.join(dir, "src/main/java/shop/Proto.java"),
      "// Code generated by protoc. DO NOT EDIT.\npackage shop;\nclass Proto {}\n",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("chunks the class, its constructor and methods, with imports", async () => {
    const ix = await indexRepository(dir);
    const file = "src/main/java/shop/OrderService.java";
    expect(ix.files).toEqual([
      { path: file, lang: "java", lines: 28, imports: ["java.util.List", "java.util.Objects.requireNonNull"] },
    ]);
    expect(
      ix.chunks.filter((c) => c.path === file).map((c) => [c.kind, c.qualified, c.start_line, c.end_line]),
    ).toEqual([
      ["class", "OrderService", 7, 24],
      ["method", "OrderService.OrderService", 10, 12],
      ["method", "OrderService.toString", 14, 17],
      ["method", "OrderService.place", 19, 23],
      ["interface", "Priced", 26, 28],
    ]);
    expect(ix.skipped).toEqual([
      expect.objectContaining({ path: "src/main/java/shop/Proto.java", reason: "generated" }),
      { path: "target/classes/Gen.java", reason: "vendored", detail: "path segment target/" },
    ]);
  });

  it("applies include/exclude globs", async () => {
    const ix = await indexRepository(dir, { exclude: ["**/OrderService.java"] });
    expect(ix.files).toEqual([]);
    expect(ix.chunks).toEqual([]);
  });
});

describe("indexRepository: Java (the shopfloor order/inventory fixture)", () => {
  const root = path.join(import.meta.dirname, "..", "..", "examples", "services", "shopfloor");
  let ix: RepoIndex;
  beforeAll(async () => {
    ix = await indexRepository(root);
  });

  it("chunks every Java file of the three modules, none failing to parse", () => {
    const java = ix.files.filter((f) => f.lang === "java");
    expect(java.length).toBeGreaterThanOrEqual(45);
    expect(ix.skipped.filter((s) => s.reason === "parse_failed")).toEqual([]);
    const modules = new Set(java.map((f) => f.path.split("/")[0]));
    expect([...modules].sort()).toEqual(["common", "inventory-service", "order-service"]);
  });

  it("finds the enum's transition rule and the service entry point at their lines", () => {
    const byName = (q: string) => ix.chunks.find((c: Chunk) => c.qualified === q);
    const transition = byName("OrderStatus.canTransitionTo");
    expect(transition?.path).toBe("order-service/src/main/java/com/shopfloor/order/model/OrderStatus.java");
    expect(transition?.start_line).toBe(14);
    expect(byName("OrderStatus")?.kind).toBe("enum");
    const place = byName("OrderService.placeOrder");
    expect(place?.kind).toBe("method");
    const text = readFileSync(path.join(root, place?.path as string), "utf8").split("\n");
    expect(text.slice((place?.start_line as number) - 1, place?.end_line).join("\n")).toContain(
      "public OrderResponse placeOrder(PlaceOrderRequest request)",
    );
    expect(ix.files.find((f) => f.path.endsWith("OrderService.java"))?.imports).toContain(
      "com.shopfloor.order.client.InventoryClient",
    );
  });
});

describe("indexRepository: nested classes", () => {
  let dir: string;
  let ix: RepoIndex;
  const span = (q: string) => {
    const c = chunk(ix, q);
    return [c.kind, c.name, c.start_line, c.end_line];
  };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "smelt-synth-nested-"));
    const java = [
      "package shop;", // 1
      "",
      "public class Foo {",
      "    private final int size;",
      "",
      "    private Foo(Builder b) { this.size = b.size; }",
      "",
      "    /** Builds a Foo. */",
      "    public static class Builder {",
      "        private int size;", // 10
      "",
      '        @SuppressWarnings("unused")',
      "        public Builder size(int size) {",
      "            this.size = size;",
      "            return this;",
      "        }",
      "",
      "        public Foo build() {",
      "            return new Foo(this);",
      "        }", // 20
      "",
      "        enum Mode { FAST, SLOW; boolean quick() { return this == FAST; } }",
      "    }",
      "",
      "    interface Listener {",
      "        void changed(Foo foo);",
      "    }",
      "}",
      "",
    ];
    const python = [
      "class Outer:", // 1
      "    class Inner:",
      "        def ping(self):",
      "            return 1",
      "",
      "        @staticmethod",
      "        def make():",
      "            return Outer.Inner()",
      "",
      "    def use(self):", // 10
      "        return self.Inner().ping()",
      "",
    ];
    const ts = [
      "export class Shape {", // 1
      "  area(): number {",
      "    return 0;",
      "  }",
      "}",
      "",
      "export namespace Shape {",
      "  export class Builder {",
      "    build(): Shape {",
      "      return new Shape();", // 10
      "    }",
      "  }",
      "}",
      "",
      "export namespace helpers {",
      "  export class Plain {}",
      "}",
      "",
    ];
    writeFileSync(path.join(dir, "Foo.java"), java.join("\n"));
    writeFileSync(path.join(dir, "outer.py"), python.join("\n"));
    writeFileSync(path.join(dir, "shape.ts"), ts.join("\n"));
    ix = await indexRepository(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("Java: static nested classes, their methods and nested enums and interfaces, with exact spans", () => {
    expect(span("Foo")).toEqual(["class", "Foo", 3, 28]);
    expect(span("Foo.Foo")).toEqual(["method", "Foo", 6, 6]);
    expect(span("Foo.Builder")).toEqual(["class", "Builder", 9, 23]);
    expect(span("Foo.Builder.size")).toEqual(["method", "size", 12, 16]);
    expect(span("Foo.Builder.build")).toEqual(["method", "build", 18, 20]);
    expect(span("Foo.Builder.Mode")).toEqual(["enum", "Mode", 22, 22]);
    expect(span("Foo.Builder.Mode.quick")).toEqual(["method", "quick", 22, 22]);
    expect(span("Foo.Listener")).toEqual(["interface", "Listener", 25, 27]);
    expect(ix.chunks.some((c) => c.qualified === "Builder" || c.qualified === "Builder.build")).toBe(false);
  });

  it("Python: a class inside a class, with decorated methods", () => {
    expect(span("Outer")).toEqual(["class", "Outer", 1, 11]);
    expect(span("Outer.Inner")).toEqual(["class", "Inner", 2, 8]);
    expect(span("Outer.Inner.ping")).toEqual(["method", "ping", 3, 4]);
    expect(span("Outer.Inner.make")).toEqual(["method", "make", 6, 8]);
    expect(span("Outer.use")).toEqual(["method", "use", 10, 11]);
  });

  it("TypeScript: a namespace merged into a class holds its nested classes; a plain one does not qualify", () => {
    expect(span("Shape.area")).toEqual(["method", "area", 2, 4]);
    expect(span("Shape.Builder")).toEqual(["class", "Builder", 8, 12]);
    expect(span("Shape.Builder.build")).toEqual(["method", "build", 9, 11]);
    expect(span("Plain")).toEqual(["class", "Plain", 16, 16]);
    expectSpansStartAtDeclarations(ix);
  });

  it("validators accept nested names in full and by their class-qualified suffix", () => {
    const text = "`Foo.Builder.build` calls `Builder.build` and `Outer.Inner.ping`; `Shape.Builder` too.";
    expect(unknownIdentifiers(text, [], ix)).toEqual([]);
    expect(unknownIdentifiers("`Foo.Missing.build` and `Builder.missing`", [], ix)).toEqual([
      "Foo.Missing.build",
      "Builder.missing",
    ]);
  });
});
