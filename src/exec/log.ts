/**
 * The run's log: human lines on stderr, with every secret value scrubbed so an API key that
 * reached a message by accident is never printed.
 */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
}

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("***");
  return out;
}

/** Scrub every string value (never keys) of a JSON-like value, e.g. a manifest. */
export function scrubDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return scrubSecrets(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * Secrets of the recipe being run, so that even an error that ends the process (a failed
 * clone quoting a URL with a token) is printed masked.
 */
const processSecrets = new Set<string>();

export function registerSecrets(values: readonly string[]): void {
  for (const v of values) processSecrets.add(v);
}

export function registeredSecrets(): string[] {
  return [...processSecrets].sort((a, b) => b.length - a.length);
}

export function stderrLogger(secrets: readonly string[] = [], quiet = false): Logger {
  return {
    info: (msg) => {
      if (!quiet) process.stderr.write(`${scrubSecrets(msg, secrets)}\n`);
    },
    warn: (msg) => process.stderr.write(`warning: ${scrubSecrets(msg, secrets)}\n`),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {} };
