/**
 * Progress of model calls (the only slow part of `smelt synth`): a bar with samples/s and ETA
 * on a terminal, a plain line every 10 s otherwise, nothing when off.
 */
import cliProgress from "cli-progress";
import type { Logger } from "../exec/log.js";
import type { ProgressMode } from "../exec/progress.js";

export interface Counter {
  tick(): void;
  finish(): void;
}

export function startCounter(mode: ProgressMode, label: string, total: number, log: Logger, everyMs = 10_000): Counter {
  const started = performance.now();
  let done = 0;
  const seconds = () => (performance.now() - started) / 1000;
  const rate = () => done / Math.max(seconds(), 1e-3);
  const eta = () => (done === 0 ? "?" : `${Math.round((total - done) / rate())}s`);
  if (mode === "off" || total === 0) return { tick: () => void done++, finish() {} };
  if (mode === "lines") {
    let last = performance.now();
    const line = (tail: string) => log.info(`[${label}] ${done}/${total}, ${rate().toFixed(1)}/s, ${tail}`);
    return {
      tick() {
        done++;
        if (performance.now() - last >= everyMs) {
          last = performance.now();
          line(`eta ${eta()}`);
        }
      },
      finish: () => line(`done in ${seconds().toFixed(1)}s`),
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(14)} [{bar}] {value}/{total} | {rate}/s | ETA {etaText}`,
      hideCursor: true,
      stream: process.stderr,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: "0.0", etaText: "?" });
  return {
    tick() {
      done++;
      bar.update(done, { rate: rate().toFixed(1), etaText: eta() });
    },
    finish: () => bar.stop(),
  };
}
