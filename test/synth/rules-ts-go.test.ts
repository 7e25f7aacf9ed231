import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexRepository } from "../../src/synth/index/index.js";
import { buildDomainMap } from "../../src/synth/map/index.js";
import { type BusinessRule, extractRules } from "../../src/synth/rules/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

const TS = `import { IsInt, Min } from "class-validator";
import { z } from "zod";

export const MAX_RETRIES = 5;
export const DEFAULT_TIMEOUT_MS = 30_000;
let requestCount = 0;

export class Order {
  static readonly MAX_LINES = 50;
  status = "open";

  @IsInt() @Min(1)
  quantity = 1;

  pay(amount: number): void {
    if (amount <= 0) {
      throw new RangeError(\`amount must be positive, got \${amount}\`);
    }
    if (this.status === "open") {
      this.status = "paid";
    }
  }

  total(price: number, qty: number, discount: number): number {
    const subtotal = price * qty;
    const total = Math.round((subtotal - discount) * 100) / 100;
    return total;
  }
}

export function parsePort(raw: string): number {
  if (typeof raw !== "string") throw new TypeError("port must be a string");
  const n = Number(raw);
  if (n > 0) return n;
  throw new Error("not a port: " + raw);
}

export const UserSchema = z.object({
  name: z.string().min(1).max(50),
});

export const api = {
  async save(db: Db) {
    await db.transaction(async (tx) => {
      await tx.insert(requestCount++);
    });
  },
};
`;

const GO = `package shop

import (
	"errors"
	"fmt"
	"time"
)

const (
	MaxItems       = 50
	DefaultTimeout = 30 * time.Second
)

var ErrNotFound = errors.New("order not found")

type Order struct {
	Qty    int    \`json:"qty" validate:"required,min=1"\`
	Status string
	Total  float64
}

func (o *Order) Pay(amount float64) error {
	if amount <= 0 {
		return fmt.Errorf("amount must be positive, got %v", amount)
	}
	if o.Status == "open" {
		o.Status = "paid"
	}
	o.Total = o.Total + amount*1.2
	return nil
}

func Find(id string) (*Order, error) {
	if id == "" {
		panic("empty id")
	}
	return nil, fmt.Errorf("find %s: %w", id, ErrNotFound)
}
`;

const GO_TEST = `package shop

func helper(id string) {
	if id == "" {
		panic("test helper")
	}
}
`;

/** 1-based line of the first line containing `needle`. */
const at = (src: string, needle: string) => src.split("\n").findIndex((l) => l.includes(needle)) + 1;

const dirs: string[] = [];
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "smelt-rules-"));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) writeFileSync(path.join(dir, p), text);
  return dir;
}

async function rulesOf(root: string): Promise<BusinessRule[]> {
  const index = await indexRepository(root);
  return extractRules(index, await buildDomainMap(index, root), root);
}

const find = (rules: BusinessRule[], kind: string, symbol: string, line?: number) =>
  rules.find(
    (r) => r.kind === kind && r.symbol === symbol && (line === undefined || r.evidence[0]?.start_line === line),
  );

const spanOf = (r: BusinessRule | undefined) => r?.evidence.map((e) => [e.path, e.start_line, e.end_line]);

/** Every snippet is exactly the file's lines. */
function expectExactEvidence(root: string, rules: BusinessRule[]): void {
  for (const r of rules) {
    for (const e of r.evidence) {
      const lines = readFileSync(path.join(root, e.path), "utf8").split("\n");
      expect(e.snippet, r.id).toBe(lines.slice(e.start_line - 1, e.end_line).join("\n"));
    }
  }
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Validated fields whose constraints must read as one phrase, each with its expected summary. */
const VALIDATED = `import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, IsNotEmpty } from "class-validator";
import { z } from "zod";

export class Person {
  @IsInt() @Min(1) @Max(120)
  age = 1;

  @IsString() @IsNotEmpty() @MaxLength(50)
  name = "";

  @IsOptional() @IsEmail()
  email?: string;

  @Length(3, 20, { message: "3 to 20" })
  nick = "";

  @IsIn(["a", "b"])
  grade = "a";

  @IsOptional()
  note?: string;
}

export const PersonSchema = z.object({
  age: z.number().int().min(1).max(120),
  email: z.string().email().optional(),
  qty: z.number().int().nonnegative(),
  code: z.string().length(6).regex(/^[A-Z0-9]+$/),
  items: z.array(z.string()).min(1).max(10),
  ratio: z.number().gt(0).lte(1, "at most one"),
  step: z.coerce.number().multipleOf(5),
});
`;

describe("validation summaries (class-validator and zod)", () => {
  it("word a field's constraints as one phrase: type, sign, bounds with units, format, optional", async () => {
    const rules = await rulesOf(repo({ "person.ts": VALIDATED }));
    const says = Object.fromEntries(
      rules.filter((r) => r.kind === "validation").map((r) => [r.symbol, r.summary.replace(/ \(.*\)$/, "")]),
    );
    expect(says).toEqual({
      "Person.age": "Person.age must be an integer between 1 and 120",
      "Person.name": "Person.name must be a non-empty string of at most 50 characters",
      "Person.email": "Person.email must be a valid email address when present",
      "Person.nick": "Person.nick must be 3 to 20 characters long",
      "Person.grade": 'Person.grade must be one of ["a", "b"]',
      "PersonSchema.age": "PersonSchema.age must be an integer between 1 and 120",
      "PersonSchema.email": "PersonSchema.email must be a valid email address when present",
      "PersonSchema.qty": "PersonSchema.qty must be a non-negative integer",
      "PersonSchema.code": "PersonSchema.code must be a string of exactly 6 characters matching /^[A-Z0-9]+$/",
      "PersonSchema.items": "PersonSchema.items must be a non-empty array with at most 10 items",
      "PersonSchema.ratio": "PersonSchema.ratio must be a number greater than 0 and at most 1",
      "PersonSchema.step": "PersonSchema.step must be a number that is a multiple of 5",
    });
    // The decorators stay quoted after the phrase, and the span starts at the first constraint.
    const age = rules.find((r) => r.symbol === "Person.age");
    expect(age?.summary).toContain("(@IsInt() @Min(1) @Max(120))");
    expect(age?.evidence[0]?.start_line).toBe(at(VALIDATED, "@IsInt() @Min(1)"));
  }, 60_000);
});

/** Go struct tags: the field's type decides what min/max count, and the tag is quoted after the phrase. */
const TAGGED = `package shop

import "time"

type Signup struct {
	Name    string    \`json:"name" validate:"required,min=1,max=50"\`
	Email   string    \`json:"email" validate:"omitempty,email"\`
	Age     int       \`json:"age" validate:"gte=18,lte=130"\`
	Ratio   float64   \`json:"ratio" validate:"gt=0,lte=1"\`
	Tags    []string  \`json:"tags" validate:"required,max=5,dive,min=2"\`
	Plan    string    \`json:"plan" binding:"required,oneof=free pro"\`
	Code    string    \`json:"code" validate:"len=6,alphanum"\`
	Owner   *User     \`json:"owner" validate:"required"\`
	Born    time.Time \`json:"born" validate:"required"\`
	Comment string    \`json:"comment"\`
}

type User struct{ ID string }
`;

describe("validation summaries (Go struct tags)", () => {
  it("word a field's tag rules as one phrase, by the field's declared type", async () => {
    const rules = await rulesOf(repo({ "signup.go": TAGGED }));
    const says = Object.fromEntries(
      rules.filter((r) => r.kind === "validation").map((r) => [r.symbol, r.summary.replace(/ \(.*\)$/, "")]),
    );
    expect(says).toEqual({
      "Signup.Name": "Signup.Name is required and must be a non-empty string of at most 50 characters",
      "Signup.Email": "Signup.Email must be a valid email address when present",
      "Signup.Age": "Signup.Age must be an integer between 18 and 130",
      "Signup.Ratio": "Signup.Ratio must be a number greater than 0 and at most 1",
      // `min=2` after `dive` bounds each tag, not the list.
      "Signup.Tags": "Signup.Tags is required and must be an array with at most 5 items",
      "Signup.Plan": 'Signup.Plan is required and must be one of "free", "pro"',
      "Signup.Code": "Signup.Code must be an alphanumeric string of exactly 6 characters",
      "Signup.Owner": "Signup.Owner must be present",
      "Signup.Born": "Signup.Born must be present",
    });
    const plan = rules.find((r) => r.symbol === "Signup.Plan");
    expect(plan?.summary).toContain('(binding:"required,oneof=free pro")');
    expect(plan?.evidence[0]?.start_line).toBe(at(TAGGED, "Plan    string"));
  }, 60_000);
});

describe("TypeScript rules", () => {
  let root: string;
  let rules: BusinessRule[];
  beforeAll(async () => {
    root = repo({ "order.ts": TS, "order.test.ts": TS });
    rules = await rulesOf(root);
  }, 60_000);

  it("finds guards with condition, exception, template message and exact span", () => {
    const g = find(rules, "guard", "Order.pay");
    expect(g?.condition).toBe("amount <= 0");
    expect(g?.exception).toBe("RangeError");
    expect(g?.message).toBe("amount must be positive, got {amount}");
    expect(spanOf(g)).toEqual([["order.ts", at(TS, "if (amount <= 0)"), at(TS, "throw new RangeError")]]);
    const one = find(rules, "guard", "parsePort");
    expect(one?.condition).toBe('typeof raw !== "string"');
    expect(one?.summary).toBe(
      'parsePort refuses to continue when typeof raw !== "string" (throws TypeError: "port must be a string")',
    );
  });

  it("reports throws outside guards as errors, and skips test files", () => {
    const e = find(rules, "error", "parsePort");
    expect(e?.message).toBe("not a port: {raw}");
    expect(spanOf(e)).toEqual([["order.ts", at(TS, "not a port"), at(TS, "not a port")]]);
    expect(rules.every((r) => r.evidence.every((x) => x.path === "order.ts"))).toBe(true);
  });

  it("finds status transitions with the state they come from", () => {
    const t = find(rules, "state_transition", "Order.pay");
    expect(t?.from).toEqual(["open"]);
    expect(t?.to).toEqual(["paid"]);
    expect(spanOf(t)).toEqual([["order.ts", at(TS, 'this.status = "paid"'), at(TS, 'this.status = "paid"')]]);
  });

  it("finds money computations, policy constants, validations and transactions", () => {
    const c = find(rules, "computation", "Order.total");
    expect(c?.summary).toContain("computes subtotal = price * qty");
    expect(c?.summary).toContain("(rounded)");
    expect(spanOf(c)).toEqual([["order.ts", at(TS, "const subtotal"), at(TS, "const total")]]);
    expect(find(rules, "policy_constant", "MAX_RETRIES")?.value).toBe("5");
    expect(find(rules, "policy_constant", "DEFAULT_TIMEOUT_MS")?.value).toBe("30_000");
    expect(find(rules, "policy_constant", "Order.MAX_LINES")?.summary).toBe("Order fixes MAX_LINES at 50");
    expect(find(rules, "policy_constant", "requestCount")).toBeUndefined(); // a `let` counter is state
    const v = find(rules, "validation", "Order.quantity");
    expect(v?.summary).toBe("Order.quantity must be an integer of at least 1 (@IsInt() @Min(1))");
    expect(spanOf(v)).toEqual([["order.ts", at(TS, "@IsInt()"), at(TS, "quantity = 1")]]);
    const z = find(rules, "validation", "UserSchema.name");
    expect(z?.summary).toBe("UserSchema.name must be a non-empty string of at most 50 characters (zod schema)");
    const tx = find(rules, "transaction", "api.save");
    expect(spanOf(tx)).toEqual([["order.ts", at(TS, "db.transaction"), at(TS, "db.transaction") + 2]]);
    expect(rules.some((r) => r.summary.includes("…"))).toBe(false);
    expectExactEvidence(root, rules);
  });
});

describe("Go rules", () => {
  let root: string;
  let rules: BusinessRule[];
  beforeAll(async () => {
    root = repo({ "order.go": GO, "order_test.go": GO_TEST });
    rules = await rulesOf(root);
  }, 60_000);

  it("finds guards returning errors and panicking, with fmt verbs as placeholders", () => {
    const g = find(rules, "guard", "Order.Pay");
    expect(g?.condition).toBe("amount <= 0");
    expect(g?.exception).toBe("error");
    expect(g?.message).toBe("amount must be positive, got {amount}");
    expect(spanOf(g)).toEqual([["order.go", at(GO, "if amount <= 0"), at(GO, "return fmt.Errorf")]]);
    const p = find(rules, "guard", "Find");
    expect(p?.condition).toBe('id == ""');
    expect(p?.exception).toBe("panic");
    expect(p?.message).toBe("empty id");
    expect(p?.summary).toBe('Find refuses to continue when id == "" (panics with "empty id")');
  });

  it("finds wrapped and sentinel errors, and skips _test.go files", () => {
    const e = find(rules, "error", "Find");
    expect(e?.exception).toBe("ErrNotFound");
    expect(e?.message).toBe("find {id}: {ErrNotFound}");
    const s = find(rules, "error", "ErrNotFound");
    expect(s?.message).toBe("order not found");
    expect(spanOf(s)).toEqual([["order.go", at(GO, "var ErrNotFound"), at(GO, "var ErrNotFound")]]);
    expect(rules.some((r) => r.evidence.some((x) => x.path === "order_test.go"))).toBe(false);
  });

  it("finds transitions, computations, constants and struct-tag validations", () => {
    const t = find(rules, "state_transition", "Order.Pay");
    expect(t?.from).toEqual(["open"]);
    expect(t?.to).toEqual(["paid"]);
    expect(spanOf(t)).toEqual([["order.go", at(GO, 'o.Status = "paid"'), at(GO, 'o.Status = "paid"')]]);
    const c = find(rules, "computation", "Order.Pay");
    expect(c?.summary).toBe("Order.Pay computes o.Total = o.Total + amount*1.2");
    expect(find(rules, "policy_constant", "MaxItems")?.value).toBe("50");
    expect(find(rules, "policy_constant", "DefaultTimeout")?.value).toBe("30 seconds");
    const v = find(rules, "validation", "Order.Qty");
    expect(v?.summary).toBe('Order.Qty is required and must be an integer of at least 1 (validate:"required,min=1")');
    expect(spanOf(v)).toEqual([["order.go", at(GO, "Qty    int"), at(GO, "Qty    int")]]);
    expectExactEvidence(root, rules);
  });

  it("reads the orbit example: a defaulted limit and guards with formats", async () => {
    const orbit = path.join(ROOT, "examples/repos/orbit");
    const got = await rulesOf(orbit);
    const d = got.find((r) => r.kind === "policy_constant" && r.symbol === "NewServer");
    expect(d?.summary).toBe("NewServer defaults cfg.MaxLimit to 100 when cfg.MaxLimit <= 0");
    expect(got.some((r) => r.evidence.some((e) => e.path.endsWith("_test.go")))).toBe(false);
    expectExactEvidence(orbit, got);
  }, 60_000);
});

describe("a real package (commander's lib/, copied out of node_modules)", () => {
  it("finds many guards in compiled JavaScript with exact evidence", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "smelt-rules-cmd-"));
    dirs.push(root);
    cpSync(path.join(ROOT, "node_modules/commander/lib"), path.join(root, "lib"), { recursive: true });
    const got = await rulesOf(root);
    expect(got.filter((r) => r.kind === "guard").length).toBeGreaterThan(15);
    expect(got.every((r) => r.symbol !== "" && !r.summary.includes("…"))).toBe(true);
    const parse = got.find((r) => r.kind === "guard" && r.symbol === "Command._prepareUserArgs");
    expect(parse?.message).toBe("first parameter to parse must be array or undefined");
    expectExactEvidence(root, got);
  }, 60_000);
});

const TABLES_TS = `export type Stage = "draft" | "sent" | "paid" | "void";

const FLOW = new Map<Stage, Stage[]>([
  ["draft", ["sent", "void"]],
  ["sent", ["paid"]],
  ["paid", []],
  ["void", []],
]);

export class Invoice {
  private static readonly ALLOWED = {
    draft: ["sent"],
    sent: ["paid", "void"],
  };
  status: Stage = "draft";

  nextStages(state: Stage): Stage[] {
    switch (state) {
      case "draft":
        return ["sent", "void"];
      case "paid":
      case "void":
        return [];
    }
    return [];
  }

  settle(): void {
    if (this.status === "sent") {
      transition(this, "paid");
    }
  }
}

const LABELS = { draft: ["Draft"], sent: ["Sent"] };
`;

const TABLES_GO = `package billing

type Status string

const (
	StatusOpen   Status = "open"
	StatusPaid   Status = "paid"
	StatusClosed Status = "closed"
)

func (o *Order) Next() []Status {
	switch o.Status {
	case StatusOpen:
		return []Status{StatusPaid, StatusClosed}
	case StatusClosed:
		return []Status{}
	}
	return nil
}
`;

describe("transition tables and argument-style transitions", () => {
  const PARCEL = path.join(ROOT, "examples/services/parcel");
  const SERVICE = "src/services/parcel.service.ts";
  let parcel: BusinessRule[];
  let tables: BusinessRule[];
  beforeAll(async () => {
    parcel = await rulesOf(PARCEL);
    tables = await rulesOf(repo({ "invoice.ts": TABLES_TS, "order.go": TABLES_GO }));
  }, 60_000);

  it("reads parcel's NEXT record (R4) as one rule per source state", () => {
    const next = parcel.filter((r) => r.kind === "state_transition" && r.symbol === "NEXT");
    expect(next.map((r) => [r.from, r.to, spanOf(r)])).toEqual([
      [["REGISTERED"], ["IN_TRANSIT", "CANCELLED"], [[SERVICE, 18, 18]]],
      [["IN_TRANSIT"], ["DELIVERED", "RETURNED"], [[SERVICE, 19, 19]]],
      [["DELIVERED"], [], [[SERVICE, 20, 20]]],
      [["CANCELLED"], [], [[SERVICE, 21, 21]]],
      [["RETURNED"], [], [[SERVICE, 22, 22]]],
    ]);
    expect(next[0]?.summary).toBe("NEXT: from REGISTERED the only allowed next states are IN_TRANSIT or CANCELLED");
    expect(next[2]?.summary).toBe("NEXT: DELIVERED is terminal (no transition allowed)");
    expectExactEvidence(PARCEL, parcel);
  });

  it("reads parcel's moveTo calls with the new status as a later argument, not a variable one", () => {
    const moves = parcel.filter((r) => r.kind === "state_transition" && r.summary.includes("via moveTo"));
    expect(moves.map((r) => [r.symbol, r.to, r.from, spanOf(r)])).toEqual([
      ["ParcelService.cancel", ["CANCELLED"], undefined, [[SERVICE, 67, 67]]],
      ["ParcelService.returnStale", ["RETURNED"], undefined, [[SERVICE, 79, 79]]],
    ]);
    expect(moves[0]?.summary).toBe("ParcelService.cancel moves the status to CANCELLED (via moveTo)");
  });

  it("reads Map literals, static object tables, switches returning lists and guarded calls", () => {
    const rows = (symbol: string) =>
      tables.filter((r) => r.kind === "state_transition" && r.symbol === symbol).map((r) => [r.from, r.to, spanOf(r)]);
    expect(rows("FLOW")).toEqual([
      [["draft"], ["sent", "void"], [["invoice.ts", 4, 4]]],
      [["sent"], ["paid"], [["invoice.ts", 5, 5]]],
      [["paid"], [], [["invoice.ts", 6, 6]]],
      [["void"], [], [["invoice.ts", 7, 7]]],
    ]);
    expect(rows("Invoice.ALLOWED")).toEqual([
      [["draft"], ["sent"], [["invoice.ts", 12, 12]]],
      [["sent"], ["paid", "void"], [["invoice.ts", 13, 13]]],
    ]);
    expect(rows("Invoice.nextStages")).toEqual([
      [["draft"], ["sent", "void"], [["invoice.ts", 19, 20]]],
      [["paid", "void"], [], [["invoice.ts", 21, 23]]],
    ]);
    expect(rows("Invoice.settle")).toEqual([[["sent"], ["paid"], [["invoice.ts", 30, 30]]]]);
    // Labels map states to display names, not to next states.
    expect(tables.some((r) => r.symbol === "LABELS")).toBe(false);
  });

  it("reads a Go switch that returns the next states", () => {
    const rows = tables
      .filter((r) => r.kind === "state_transition" && r.symbol === "Order.Next")
      .map((r) => [r.from, r.to, spanOf(r)]);
    expect(rows).toEqual([
      [["StatusOpen"], ["StatusPaid", "StatusClosed"], [["order.go", 13, 14]]],
      [["StatusClosed"], [], [["order.go", 15, 16]]],
    ]);
  });
});

describe("Go transition calls", () => {
  it("an exported, capitalised transition method (o.SetStatus(StatusCancelled)) is a state transition", async () => {
    const src = `package order

type Status string

const (
	StatusPaid      Status = "PAID"
	StatusCancelled Status = "CANCELLED"
)

type Order struct{ Status Status }

func (o *Order) SetStatus(s Status) { o.Status = s }

func Cancel(o *Order) {
	o.SetStatus(StatusCancelled)
}
`;
    const root = repo({ "go.mod": "module example.com/order\n\ngo 1.22\n", "order.go": src });
    const rules = await rulesOf(root);
    const t = rules.find((r) => r.kind === "state_transition" && r.symbol === "Cancel");
    expect(t?.to).toEqual(["StatusCancelled"]);
    expect(t?.evidence[0]?.start_line).toBe(at(src, "o.SetStatus(StatusCancelled)"));
    expectExactEvidence(root, rules);
  });
});
