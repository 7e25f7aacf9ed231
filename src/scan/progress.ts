/**
 * Progress of a scan on a terminal: a bar with files/s and MB/s on stderr. Nothing at all
 * when stderr is not a terminal (CI logs, pipes), so reports and logs stay clean.
 */
import cliProgress from "cli-progress";

export interface ScanProgress {
  /** `files` more files or records done, `bytes` more input consumed. */
  add(files: number, bytes: number): void;
  finish(): void;
}

const silent: ScanProgress = { add() {}, finish() {} };

export function scanProgress(enabled: boolean, totalBytes: number): ScanProgress {
  if (!enabled || !process.stderr.isTTY) return silent;
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  const bar = new cliProgress.SingleBar(
    {
      format: "scanning [{bar}] {percentage}% | {files} files | {fps} files/s | {mbps} MB/s",
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
