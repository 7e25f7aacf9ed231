/** Worker-thread entry of the pool: runs one shard task. */
import { processShard } from "./processShard.js";
import type { ShardResult, ShardTask } from "./task.js";

export default async function runTask(task: ShardTask): Promise<ShardResult> {
  return processShard(task);
}
