/**
 * Scanning big inputs on several cores: a piscina pool (as the run engine's ShardPool) whose
 * workers run scan tasks. Small scans stay in the main thread, where starting workers would
 * cost more than it saves.
 */
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ScanTask, TaskResult } from "./types.js";

/** Below this many planned bytes a scan runs in the main thread. */
export const POOL_MIN_BYTES = 128 * 1024 * 1024;

export class ScanPool {
  private readonly pool: Piscina<ScanTask, TaskResult>;

  constructor(workers: number) {
    const here = import.meta.url;
    // From the TypeScript sources (tests, tsx) workers load the .ts worker through tsx.
    const fromSource = here.endsWith(".ts");
    this.pool = new Piscina({
      filename: fileURLToPath(new URL(fromSource ? "./worker.ts" : "./worker.js", here)),
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: 1,
      execArgv: fromSource ? [...process.execArgv, "--import", "tsx"] : process.execArgv,
    });
  }

  run(task: ScanTask): Promise<TaskResult> {
    return this.pool.run(task);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
