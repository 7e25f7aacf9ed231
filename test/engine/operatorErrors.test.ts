import { describe, expect, it } from "vitest";
import { zeroOpCounts } from "../../src/core/accounting.js";
import type { BatchFn } from "../../src/core/operator.js";
import { type ErroredRecord, newRecord } from "../../src/core/record.js";
import { type LiveOp, runOperator } from "../../src/exec/processShard.js";
import { lengthFilter } from "../../src/ops/basic/length_filter.js";
import { redact } from "../../src/ops/safety/redact.js";

/** A batch function that fails on any record whose text contains "boom", whole batches included. */
const failing: BatchFn = (records) => {
  if (records.some((r) => r.text.includes("boom"))) throw new Error("boom inside the operator");
  return { outcomes: records.map(() => ({ keep: true as const })) };
};

async function run(def: LiveOp["def"]): Promise<{ errored: ErroredRecord[]; kept: number }> {
  const errored: ErroredRecord[] = [];
  const records = [
    newRecord({ id: "a", text: "fine", source: "t" }),
    newRecord({ id: "b", text: "boom AKIAQ4VXT7MZ2KHRWB5N", source: "t" }),
  ];
  const op: LiveOp = { spec: { id: def.name, op: def.name, params: {} }, def, fn: failing };
  const kept = await runOperator(
    op,
    records,
    zeroOpCounts(),
    async () => {},
    async (e) => void errored.push(e),
  );
  return { errored, kept: kept.length };
}

describe("a record an operator fails on", () => {
  it("is errored with its text by an ordinary operator (to debug the failure)", async () => {
    const { errored, kept } = await run(lengthFilter);
    expect(kept).toBe(1);
    expect(errored).toEqual([
      expect.objectContaining({ id: "b", errored_by: "length_filter", text: "boom AKIAQ4VXT7MZ2KHRWB5N" }),
    ]);
  });

  it("is errored without its text by a redactor: text it could not clean is not kept", async () => {
    const { errored, kept } = await run(redact);
    expect(kept).toBe(1);
    expect(errored).toHaveLength(1);
    expect(errored[0]).toMatchObject({ id: "b", errored_by: "redact", error: "boom inside the operator" });
    expect(errored[0]).not.toHaveProperty("text");
  });
});
