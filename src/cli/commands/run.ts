import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { formatBytes } from "../../core/format.js";
import type { Manifest } from "../../core/manifest.js";
import { registerSecrets, stderrLogger } from "../../exec/log.js";
import { defaultWorkers } from "../../exec/pool.js";
import { runRecipe } from "../../exec/runner.js";
import { loadRecipe } from "../../recipe/load.js";
import { resolveRecipeArg } from "../../recipe/templates.js";
import { positiveInt, positiveNumber } from "../options.js";
import { renderTable } from "../table.js";

interface RunFlags {
  workers: number;
  fresh?: boolean;
  output?: string;
  progress: "auto" | "bar" | "lines" | "off";
  quiet?: boolean;
  keepWork?: boolean;
  shardMb?: number;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("Run a recipe (a YAML file or a built-in template name) end to end.")
    .argument("<recipe>", "recipe file, or the name of a built-in template (see `smelt recipes list`)")
    .option("-w, --workers <n>", "worker threads", positiveInt("--workers"), defaultWorkers())
    .option("--fresh", "discard an earlier or interrupted run in the output folder and start over")
    .option("-o, --output <dir>", "write to this folder instead of the recipe's output.path")
    .addOption(
      new Option("--progress <mode>", "progress display").choices(["auto", "bar", "lines", "off"]).default("auto"),
    )
    .option("-q, --quiet", "print only the summary")
    .option("--keep-work", "keep every stage's shard files in <output>/.smelt/work after success")
    .option("--shard-mb <n>", "target input megabytes per shard (default 4)", positiveNumber("--shard-mb"))
    .addHelpText(
      "after",
      `
An interrupted run (Ctrl-C, crash, kill -9) resumes when you run the same command again:
only unfinished shards are redone. A changed recipe or changed inputs need --fresh.

Examples:
  smelt run recipes/quickstart.yaml
  smelt run quickstart --workers 2 --output out/qs --fresh`,
    )
    .action(async (recipeArg: string, flags: RunFlags) => {
      const { recipe, secrets } = await loadRecipe(resolveRecipeArg(recipeArg));
      registerSecrets(secrets);
      if (flags.output) recipe.output.path = resolve(flags.output);
      const log = stderrLogger(secrets, flags.quiet);
      // Finished shards are already on disk; say how to pick up from there.
      process.once("SIGINT", () => {
        process.stderr.write("\ninterrupted — run the same command again to resume where it stopped\n");
        process.exit(130);
      });
      const { manifest, outputDir } = await runRecipe(recipe, {
        workers: flags.workers,
        fresh: flags.fresh,
        log,
        progress: flags.quiet ? "off" : flags.progress,
        secrets,
        keepWork: flags.keepWork,
        shardBytes: flags.shardMb ? Math.round(flags.shardMb * 1024 * 1024) : undefined,
      });
      process.stdout.write(summarize(manifest, outputDir));
    });
}

/** The end-of-run summary: totals, then every operator's counts. */
export function summarize(m: Manifest, outputDir: string): string {
  const rows: string[][] = [];
  for (const st of m.stages) {
    for (const op of st.operators) {
      const topRule = Object.entries(op.drop_rules).sort((a, b) => b[1] - a[1])[0];
      rows.push([
        st.name,
        op.id,
        op.op,
        String(op.in),
        String(op.out),
        String(op.dropped),
        String(op.errored),
        topRule ? `${topRule[0]} (${topRule[1]})` : "",
      ]);
    }
  }
  const c = m.counts;
  const data = m.outputs.data;
  return [
    "",
    renderTable(["stage", "operator", "op", "in", "out", "dropped", "errored", "top drop rule"], rows),
    "",
    `records: ${c.input} in -> ${c.output} kept, ${c.dropped} dropped, ${c.errored} errored${c.generated ? `, ${c.generated} generated` : ""}`,
    `output:  ${outputDir}/data (${data.files.length} ${data.format} file(s), ${formatBytes(data.bytes)}${data.partition_by.length ? `, partitioned by ${data.partition_by.join(", ")}` : ""})`,
    `manifest: ${outputDir}/manifest.json (config hash ${m.recipe.config_hash}, ${m.duration_s}s)`,
    "",
  ].join("\n");
}
