import { describe, expect, it } from "vitest";
import { reasonCategory } from "../../src/synth/reasons.js";

describe("rejection reason categories", () => {
  it("group design reuse reasons without the component names", () => {
    expect(reasonCategory("reuses[2]: OrderService.refundEverything is not an indexed class or method")).toBe(
      "unknown component",
    );
    expect(reasonCategory("reuses[0]: cited evidence does not show StockRepository")).toBe(
      "component not shown by its evidence",
    );
    expect(reasonCategory("evidence[1]: snippet differs from a/B.java:3-4")).toBe(
      "evidence snippet differs from the file",
    );
    expect(reasonCategory("model: http 500 after 3 attempts")).toBe("model: http error");
  });
});
