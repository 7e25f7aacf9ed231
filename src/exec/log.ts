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

export function stderrLogger(secrets: readonly string[] = [], quiet = false): Logger {
  return {
    info: (msg) => {
      if (!quiet) process.stderr.write(`${scrubSecrets(msg, secrets)}\n`);
    },
    warn: (msg) => process.stderr.write(`warning: ${scrubSecrets(msg, secrets)}\n`),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {} };
