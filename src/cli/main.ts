import { Command, CommanderError } from "commander";
import { errorMessage, RunError, UserError } from "../core/errors.js";
import { registeredSecrets, scrubSecrets } from "../exec/log.js";
import { smeltVersion } from "../version.js";
import { registerInspect } from "./commands/inspect.js";
import { registerOps } from "./commands/ops.js";
import { registerRecipes } from "./commands/recipes.js";
import { registerRun } from "./commands/run.js";
import { FindingsFound, registerScan } from "./commands/scan.js";
import { registerSynth } from "./commands/synth.js";
import { registerValidate } from "./commands/validate.js";

/** Exit codes: 0 success, 1 the run failed, 2 usage or recipe error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = new Command("smelt")
    .description("Turn raw code and text into clean, deduplicated, documented LLM training data.")
    .version(smeltVersion(), "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's own messages ("unknown option '--wrokers'") get our one-line shape.
      outputError: (str, write) => write(`smelt: ${str.replace(/^error: /, "").trim()}\n`),
    });
  registerRun(program);
  registerValidate(program);
  registerRecipes(program);
  registerOps(program);
  registerInspect(program);
  registerScan(program);
  registerSynth(program);
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      outputError: (str, write) => write(`smelt ${cmd.name()}: ${str.replace(/^error: /, "").trim()}\n`),
    });
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}

/** Run the CLI; returns the exit code instead of exiting so it can be tested in-process. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0; a missing command shows the
      // help too, but as a usage error.
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof FindingsFound) return EXIT.failed; // `smelt scan`: report written, findings exist
    const say = (text: string) => process.stderr.write(`${scrubSecrets(text, registeredSecrets())}\n`);
    if (err instanceof UserError) {
      for (const p of err.problems) say(`error: ${p}`);
      return EXIT.usage;
    }
    if (err instanceof RunError) {
      say(`run failed: ${err.message}`);
      return EXIT.failed;
    }
    say(`run failed: ${errorMessage(err)}`);
    if (process.env.SMELT_DEBUG) say((err as Error)?.stack ?? "");
    else process.stderr.write("(set SMELT_DEBUG=1 for the stack trace and report it as a bug)\n");
    return EXIT.failed;
  }
}
