import { access } from "node:fs/promises";

/** True when the path exists (any type). */
export async function pathExists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
