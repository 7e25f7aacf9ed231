/**
 * Progress of a scan on stderr: on a terminal a bar with files/s, MB/s and ETA; elsewhere (CI
 * logs, pipes) a plain line every 10 s, so short scans print nothing and long ones show they
 * are alive. stdout is left to the report.
 */
import cliProgress from "cli-progress";

export interface ScanProgress {
  /** `files` more files or records done, `bytes` more input consumed. */
  add(files: number, bytes: number): void;
  finish(): void;
}

const silent: ScanProgress = { add() {}, finish() {} };

export function scanProgress(enabled: boolean, totalBytes: number): ScanProgress {
  if (!enabled) return silent;
  if (!process.stderr.isTTY) return plainLines(totalBytes);
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  const bar = new cliProgress.SingleBar(
    {
      format: "scanning [{bar}] {percentage}% | {files} files | {fps} files/s | {mbps} MB/s | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  const total = Math.max(totalBytes, 1);
  const payload = () => {
    const s = Math.max((performance.now() - started) / 1000, 1e-3);
    return { files, fps: Math.round(files / s), mbps: (bytes / s / 1e6).toFixed(1) };
  };
  bar.start(total, 0, payload());
  return {
    add(f, b) {
      files += f;
      bytes += b;
      bar.update(Math.min(bytes, total), payload());
    },
    finish() {
      bar.update(total, payload());
      bar.stop();
    },
  };
}

const LOG_EVERY_MS = 10_000;

function plainLines(totalBytes: number): ScanProgress {
  const started = performance.now();
  let last = started;
  let files = 0;
  let bytes = 0;
  return {
    add(f, b) {
      files += f;
      bytes += b;
      const now = performance.now();
      if (now - last < LOG_EVERY_MS) return;
      last = now;
      const s = (now - started) / 1000;
      const rate = bytes / s;
      const left = rate > 0 ? Math.max(0, totalBytes - bytes) / rate : 0;
      const pct = totalBytes > 0 ? Math.min(100, Math.round((bytes / totalBytes) * 100)) : 0;
      process.stderr.write(
        `scan: ${files} files, ${(bytes / 1e6).toFixed(1)} of ${(totalBytes / 1e6).toFixed(1)} MB (${pct}%), ${(rate / 1e6).toFixed(1)} MB/s, ETA ${Math.ceil(left)}s\n`,
      );
    },
    finish() {},
  };
}
