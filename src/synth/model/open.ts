/** The provider named by the settings, ready to take requests. */
import type { Logger } from "../../exec/log.js";
import { createLocalClient } from "./local.js";
import { createOpenAiClient } from "./openai.js";
import type { ModelSettings } from "./settings.js";
import type { ModelClient } from "./types.js";

export async function openModel(
  settings: Exclude<ModelSettings, { provider: "offline" }>,
  opts: { cacheDir: string; log: Logger },
): Promise<ModelClient> {
  const log = (line: string) => opts.log.info(line);
  const cacheDir = settings.cache_dir ?? opts.cacheDir;
  return settings.provider === "openai"
    ? createOpenAiClient(settings, { cacheDir, log })
    : createLocalClient(settings, { cacheDir, log });
}
