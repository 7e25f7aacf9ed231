/** Worker-thread entry of the scan pool: runs one scan task. */
import { runScanTask } from "./task.js";
import type { ScanTask, TaskResult } from "./types.js";

export default function scanTask(task: ScanTask): Promise<TaskResult> {
  return runScanTask(task);
}
