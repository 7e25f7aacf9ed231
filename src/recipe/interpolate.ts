/**
 * `${VAR}` / `${VAR:-default}` interpolation of string scalars in a recipe, plus the rules that
 * decide which values are secrets (never written to manifests or logs).
 */
import { type Document, isMap, isPair, isScalar, isSeq, type Node, Scalar } from "yaml";

/** One `${...}` reference resolved in a string. */
export interface EnvRef {
  name: string;
  /** The text substituted for the reference. */
  value: string;
  /** True when the value came from the environment (not from the `:-default`). */
  fromEnv: boolean;
}

export type InterpolationError =
  | { kind: "missing"; name: string }
  | { kind: "invalid"; ref: string }
  | { kind: "unterminated"; ref: string };

export interface InterpolatedString {
  value: string;
  refs: EnvRef[];
  errors: InterpolationError[];
  /** The whole string was exactly one reference (used to re-type plain scalars). */
  whole: boolean;
}

const VAR_REF = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Substitutes `${VAR}` and `${VAR:-default}` (default when VAR is unset or empty) in `text`.
 * `$${` stands for a literal `${`. Defaults are taken literally (no nested references).
 */
export function interpolateString(text: string, env: NodeJS.ProcessEnv): InterpolatedString {
  const refs: EnvRef[] = [];
  const errors: InterpolationError[] = [];
  let out = "";
  let i = 0;
  let pieces = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      out += "${";
      i += 3;
      pieces++;
      continue;
    }
    if (text.startsWith("${", i)) {
      const end = text.indexOf("}", i + 2);
      if (end === -1) {
        errors.push({ kind: "unterminated", ref: text.slice(i) });
        out += text.slice(i);
        break;
      }
      const inner = text.slice(i + 2, end);
      const m = VAR_REF.exec(inner);
      if (!m) {
        errors.push({ kind: "invalid", ref: text.slice(i, end + 1) });
      } else {
        const name = m[1] as string;
        const fallback = m[2];
        const fromEnv = env[name];
        if (fromEnv !== undefined && (fallback === undefined || fromEnv !== "")) {
          refs.push({ name, value: fromEnv, fromEnv: true });
          out += fromEnv;
        } else if (fallback !== undefined) {
          refs.push({ name, value: fallback, fromEnv: false });
          out += fallback;
        } else {
          errors.push({ kind: "missing", name });
        }
      }
      i = end + 1;
      pieces++;
      continue;
    }
    const next = text.indexOf("$", i + 1);
    const stop = next === -1 ? text.length : next;
    out += text.slice(i, stop);
    i = stop;
    pieces++;
  }
  return { value: out, refs, errors, whole: pieces === 1 && refs.length === 1 };
}

/** Human message (what is wrong and the fix) for an interpolation error. */
export function interpolationMessage(err: InterpolationError): string {
  switch (err.kind) {
    case "missing":
      return `environment variable ${err.name} is not set — export it or write \${${err.name}:-default}`;
    case "invalid":
      return `invalid variable reference \`${err.ref}\` — write \${NAME} or \${NAME:-default} (NAME: letters, digits, _), or $\${ for a literal \${`;
    case "unterminated":
      return `unterminated variable reference \`${err.ref}\` — close it with \`}\`, or write $\${ for a literal \${`;
  }
}

/** A string scalar of the document that contained at least one reference. */
export interface InterpolatedScalar {
  path: (string | number)[];
  node: Scalar;
  refs: EnvRef[];
}

export interface DocumentInterpolation {
  scalars: InterpolatedScalar[];
  errors: { path: (string | number)[]; node: Node; error: InterpolationError }[];
}

/**
 * Interpolates every string value scalar of `doc` in place (map keys are left alone). A plain
 * (unquoted) scalar that is exactly one reference is re-typed when the substituted text is a
 * number or true/false, so `seed: ${SEED}` gives a number; quote it to keep a string.
 */
export function interpolateDocument(doc: Document, env: NodeJS.ProcessEnv): DocumentInterpolation {
  const result: DocumentInterpolation = { scalars: [], errors: [] };
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, [...path, i]);
      });
    } else if (isScalar(node) && typeof node.value === "string" && node.value.includes("${")) {
      const res = interpolateString(node.value, env);
      for (const error of res.errors) result.errors.push({ path, node, error });
      if (res.errors.length > 0) return;
      node.value = res.whole && node.type === Scalar.PLAIN ? retype(res.value) : res.value;
      if (res.refs.length > 0) result.scalars.push({ path, node, refs: res.refs });
    }
  };
  walk(doc.contents, []);
  return result;
}

function retype(text: string): string | number | boolean {
  const t = text.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (/^[-+]?(\d[\d_]*)(\.\d+)?([eE][-+]?\d+)?$/.test(t)) {
    const n = Number(t.replace(/_/g, ""));
    if (Number.isFinite(n)) return n;
  }
  return text;
}

const SECRET_KEY =
  /(^|[_-])(api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?token|token|password|passwd|passphrase|secret|credentials?|authorization)$/i;

/** Whether a parameter / field name holds a secret (api_key, hf_token, password, client_secret...). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const SECRET_ENV = /(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY)/i;

/** Whether an environment variable name suggests a secret (OPENAI_API_KEY, HF_TOKEN...). */
export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV.test(name);
}
