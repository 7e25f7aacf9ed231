/**
 * Every built-in operator. Adding an operator = one file + one line here.
 */
import type { OperatorDef } from "../core/operator.js";
import { exactDedup } from "./basic/exact_dedup.js";
import { lengthFilter } from "./basic/length_filter.js";
import { regexFilter } from "./basic/regex_filter.js";
import { setField } from "./basic/set_field.js";
import { minhashDedup } from "./dedup/minhash_dedup.js";
import { detectLanguageOp } from "./lang/detect_language.js";
import { detectNaturalLanguage } from "./lang/detect_natural_language.js";
import { detectLicense } from "./license/detect_license.js";
import { parseCode } from "./parse/parse_code.js";
import { qualityOperators } from "./quality/index.js";
import { decontaminate } from "./safety/decontaminate.js";
import { detectPii } from "./safety/detect_pii.js";
import { detectSecrets } from "./safety/detect_secrets.js";
import { redact } from "./safety/redact.js";
import { toxicity } from "./safety/toxicity.js";
import { synthCheck } from "./synth/synth_check.js";
import { synthDesign } from "./synth/synth_design.js";
import { synthQa } from "./synth/synth_qa.js";

export const builtinOperators: OperatorDef[] = [
  lengthFilter,
  regexFilter,
  setField,
  exactDedup,
  minhashDedup,
  ...qualityOperators,
  detectLanguageOp,
  detectNaturalLanguage,
  detectLicense,
  parseCode,
  toxicity,
  decontaminate,
  detectSecrets,
  detectPii,
  redact,
  synthQa,
  synthDesign,
  synthCheck,
];
