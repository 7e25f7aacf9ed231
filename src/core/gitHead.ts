import { execFileSync } from "node:child_process";

/** The commit checked out in the git work tree holding `dir`, or null when it is not in one. */
export function gitHead(dir: string): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}
