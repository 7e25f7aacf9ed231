/** Worker-thread entry of the pool: runs one shard task. */
import { UserError } from "../core/errors.js";
import { processShard } from "./processShard.js";
import { type ShardResult, type ShardTask, USER_ERROR_TAG } from "./task.js";

export default async function runTask(task: ShardTask): Promise<ShardResult> {
  try {
    return await processShard(task);
  } catch (err) {
    if (err instanceof UserError) {
      throw new Error(`${USER_ERROR_TAG}${JSON.stringify({ message: err.message, problems: err.problems })}`);
    }
    throw err;
  }
}
