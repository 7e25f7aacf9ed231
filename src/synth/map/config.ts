/**
 * Configuration keys of application.yml/.yaml/.properties (and friends) and of the files of a
 * `config/` folder (node-config's `config/default.yaml`, `config/production.json`), with values
 * and lines. JSON is read as the YAML it also is.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { ConfigEntry } from "./types.js";

export const CONFIG_FILE =
  /(^|\/)(application|bootstrap|config|settings)([-.][\w-]+)?\.(ya?ml|properties)$|(^|\/)config\/[\w.-]+\.(ya?ml|json)$/i;

export function yamlEntries(path: string, text: string): ConfigEntry[] {
  const lc = new LineCounter();
  const out: ConfigEntry[] = [];
  for (const doc of [parseDocument(text, { lineCounter: lc })]) {
    const walk = (node: Node | null | undefined, prefix: string, keyLine: number) => {
      if (isMap(node)) {
        for (const pair of node.items) {
          const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const pos = isScalar(pair.key) && pair.key.range ? lc.linePos(pair.key.range[0]).line : keyLine;
          walk(pair.value as Node, prefix === "" ? k : `${prefix}.${k}`, pos);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          const pos = (item as Node)?.range ? lc.linePos((item as Node).range?.[0] ?? 0).line : keyLine;
          walk(item as Node, `${prefix}[${i}]`, pos);
        });
      } else if (prefix !== "") {
        // Numbers keep their written form (`4.90`, `0x1F`, `1_000`): the parsed value would print `4.9`.
        const value = !isScalar(node)
          ? ""
          : node.value === null
            ? ""
            : typeof node.value === "number" && typeof node.source === "string"
              ? node.source
              : String(node.value);
        out.push({ path, key: prefix, value, line: keyLine });
      }
    };
    walk(doc.contents as Node, "", 1);
  }
  return out;
}

export function propertiesEntries(path: string, text: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  text.split("\n").forEach((l, i) => {
    const m = /^\s*([^#!\s=:][^=:]*?)\s*[=:]\s*(.*?)\s*$/.exec(l);
    if (m) out.push({ path, key: m[1] as string, value: m[2] as string, line: i + 1 });
  });
  return out;
}
