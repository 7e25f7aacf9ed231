import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ShardResult, ShardTask } from "./task.js";

/** Default worker count: every core the machine offers. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * The worker-thread pool that runs shard tasks. When Smelt runs from its TypeScript sources
 * (tests, `tsx`), workers load the `.ts` worker through tsx; the built package uses `.js`.
 */
export class ShardPool {
  private readonly pool: Piscina<ShardTask, ShardResult>;

  constructor(workers: number) {
    const here = import.meta.url;
    const fromSource = here.endsWith(".ts");
    const filename = fileURLToPath(new URL(fromSource ? "./worker.ts" : "./worker.js", here));
    this.pool = new Piscina({
      filename,
      minThreads: workers,
      maxThreads: workers,
      // One task per thread at a time: tasks are large (a whole shard) and I/O-heavy inside.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      execArgv: fromSource ? [...process.execArgv, "--import", "tsx"] : process.execArgv,
    });
  }

  run(task: ShardTask): Promise<ShardResult> {
    return this.pool.run(task);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
