/**
 * Every built-in operator. Adding an operator = one file + one line here.
 */
import type { OperatorDef } from "../core/operator.js";
import { exactDedup } from "./basic/exact_dedup.js";
import { lengthFilter } from "./basic/length_filter.js";
import { regexFilter } from "./basic/regex_filter.js";
import { setField } from "./basic/set_field.js";

export const builtinOperators: OperatorDef[] = [lengthFilter, regexFilter, setField, exactDedup];
