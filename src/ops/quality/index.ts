import type { OperatorDef } from "../../core/operator.js";
import { c4Quality } from "./c4_quality.js";
import { codeQuality } from "./code_quality.js";
import { finewebQuality } from "./fineweb_quality.js";
import { gopherQuality } from "./gopher_quality.js";
import { gopherRepetition } from "./gopher_repetition.js";

/** The quality family: code heuristics (The Stack / StarCoder) and text heuristics (Gopher, C4, FineWeb). */
export const qualityOperators: OperatorDef[] = [
  codeQuality,
  gopherQuality,
  gopherRepetition,
  c4Quality,
  finewebQuality,
];
