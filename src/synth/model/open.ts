/**
 * The provider named by the settings, ready to take requests. Providers are imported only when
 * chosen: the tokenizer tables and node-llama-cpp (an optional dependency) cost time to load.
 */
import type { Logger } from "../../exec/log.js";
import type { ModelSettings } from "./settings.js";
import type { ModelClient } from "./types.js";

export async function openModel(
  settings: Exclude<ModelSettings, { provider: "offline" }>,
  opts: { cacheDir: string; log: Logger },
): Promise<ModelClient> {
  const log = (line: string) => opts.log.info(line);
  const cacheDir = settings.cache_dir ?? opts.cacheDir;
  if (settings.provider === "openai") {
    const { createOpenAiClient } = await import("./openai.js");
    return createOpenAiClient(settings, { cacheDir, log });
  }
  const { createLocalClient } = await import("./local.js");
  return createLocalClient(settings, { cacheDir, log });
}
