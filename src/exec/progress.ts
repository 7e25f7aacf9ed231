import cliProgress from "cli-progress";
import type { Logger } from "./log.js";

export interface ProgressSnapshot {
  records: number;
  bytes: number;
  shardsDone: number;
}

/**
 * Progress of one phase (a segment over all its shards). On a terminal: a bar with records/s,
 * MB/s and ETA. Elsewhere (CI, logs, pipes): a plain line every few seconds.
 */
export interface PhaseProgress {
  update(s: ProgressSnapshot): void;
  finish(s: ProgressSnapshot): void;
}

export type ProgressMode = "bar" | "lines" | "off";

export function progressMode(requested: "auto" | ProgressMode = "auto"): ProgressMode {
  if (requested !== "auto") return requested;
  return process.stderr.isTTY ? "bar" : "lines";
}

function formatRate(records: number, bytes: number, seconds: number) {
  const s = Math.max(seconds, 1e-3);
  return { rps: Math.round(records / s), mbps: (bytes / s / 1e6).toFixed(1) };
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)}m`;
  return `${(seconds / 3600).toFixed(1)}h`;
}

export function startPhase(
  mode: ProgressMode,
  label: string,
  totals: { bytes: number; shards: number },
  log: Logger,
  lineEveryMs = 5000,
): PhaseProgress {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const eta = (bytes: number) => {
    const t = elapsed();
    if (bytes <= 0) return Number.NaN; // nothing measured yet: "?" rather than a made-up 0s
    return totals.bytes > bytes ? (t * (totals.bytes - bytes)) / bytes : 0;
  };
  if (mode === "off") return { update() {}, finish() {} };
  if (mode === "lines") {
    let last = 0;
    const line = (s: ProgressSnapshot, done: boolean) => {
      const { rps, mbps } = formatRate(s.records, s.bytes, elapsed());
      const tail = done ? `done in ${elapsed().toFixed(1)}s` : `eta ${formatEta(eta(s.bytes))}`;
      log.info(
        `[${label}] ${s.shardsDone}/${totals.shards} shards, ${s.records} records, ${rps} rec/s, ${mbps} MB/s, ${tail}`,
      );
    };
    return {
      update(s) {
        const now = performance.now();
        if (now - last >= lineEveryMs) {
          last = now;
          line(s, false);
        }
      },
      finish: (s) => line(s, true),
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(18)} [{bar}] {percentage}% | {shards} shards | {records} rec | {rps} rec/s | {mbps} MB/s | ETA {etaText}`,
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  const total = Math.max(totals.bytes, 1);
  const payload = (s: ProgressSnapshot) => ({
    ...formatRate(s.records, s.bytes, elapsed()),
    records: s.records,
    shards: `${s.shardsDone}/${totals.shards}`,
    etaText: formatEta(eta(s.bytes)),
  });
  bar.start(total, 0, payload({ records: 0, bytes: 0, shardsDone: 0 }));
  return {
    update: (s) => bar.update(Math.min(s.bytes, total), payload(s)),
    finish: (s) => {
      bar.update(total, { ...payload(s), etaText: `${elapsed().toFixed(1)}s` });
      bar.stop();
    },
  };
}
