#!/usr/bin/env node
/**
 * What the test suite needs from the machine, installed when missing (Debian/Ubuntu, as root or
 * with password-less sudo): the JDK 17 sources (`openjdk-17-source`, for `smelt synth` on real
 * Java) and Python's standard library (`python3`, for `smelt synth` on real Python). When it
 * cannot install, it says so and the tests that need them are skipped with that reason.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const JDK_SRC = "/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip";
const hasPythonStdlib = () =>
  readdirSync("/usr/lib", { withFileTypes: true }).some(
    (e) => e.isDirectory() && /^python3\.\d+$/.test(e.name) && existsSync(`/usr/lib/${e.name}/json/__init__.py`),
  );

const missing = [];
if (!existsSync(JDK_SRC)) missing.push("openjdk-17-source");
if (!hasPythonStdlib()) missing.push("python3");
if (missing.length === 0) process.exit(0);

const ok = (cmd, args) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
const root = process.getuid?.() === 0;
const sudo = !root && ok("sudo", ["-n", "true"]) ? ["sudo", "-n"] : root ? [] : null;
if (sudo === null || !ok("sh", ["-c", "command -v apt-get"])) {
  console.warn(
    `test-setup: cannot install ${missing.join(", ")} (needs apt-get as root); the tests on them are skipped`,
  );
  process.exit(0);
}
const run = (args) => {
  const [cmd, ...rest] = [...sudo, ...args];
  execFileSync(cmd, rest, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
};
console.log(`test-setup: installing ${missing.join(", ")} with apt-get`);
try {
  run(["apt-get", "update", "-qq"]);
  run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...missing]);
} catch (err) {
  console.warn(
    `test-setup: apt-get failed (${err.message.split("\n")[0]}); the tests on ${missing.join(", ")} are skipped`,
  );
}
