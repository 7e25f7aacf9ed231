/** Business rules of `smelt synth` (step 3): what the code enforces, with the lines that say so. */

export type RuleKind =
  | "guard"
  | "validation"
  | "error"
  | "state_transition"
  | "computation"
  | "transaction"
  | "policy_constant";

export interface Evidence {
  /** Relative to the repository root, forward slashes. */
  path: string;
  /** 1-based, inclusive. */
  start_line: number;
  end_line: number;
  /** Exactly the file's lines start_line..end_line joined with "\n". */
  snippet: string;
}

export interface BusinessRule {
  /** Stable: `<kind>:<symbol>:<path>:<line>`. */
  id: string;
  kind: RuleKind;
  /** A plain-English sentence generated from the code. */
  summary: string;
  /** Qualified class, method or config key: `OrderValidator.validateLines`. */
  symbol: string;
  /** The entity the rule belongs to, else its module, else "". */
  domain: string;
  evidence: Evidence[];
  /** state_transition: the values moved from / to, when stated. */
  from?: string[];
  to?: string[];
  /** guard/error: the exception type and its message template (`{expr}` for non-literal parts). */
  exception?: string;
  message?: string;
  /** guard/computation: the condition as written (whitespace collapsed). */
  condition?: string;
  /** policy_constant: the value, and the config key it is bound to. */
  value?: string;
  config_key?: string;
}

/** A rule before the orchestrator adds the id, domain and snippets. */
export interface RawRule extends Omit<BusinessRule, "id" | "domain" | "evidence"> {
  /** Class the rule is in ("" for module level). */
  owner: string;
  spans: { path: string; start_line: number; end_line: number }[];
}
