import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { UserError } from "../core/errors.js";
import { type ShardResult, type ShardTask, USER_ERROR_TAG } from "./task.js";

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

  async run(task: ShardTask): Promise<ShardResult> {
    try {
      return await this.pool.run(task);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message.startsWith(USER_ERROR_TAG)) {
        const { message: text, problems } = JSON.parse(message.slice(USER_ERROR_TAG.length)) as {
          message: string;
          problems: string[];
        };
        throw new UserError(text, problems);
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
