/**
 * `--focus order,stock`: keep the classes whose name (or one of whose methods, or whose table)
 * matches a keyword, plus their one-step call-graph neighbours; everything else is narrowed to them.
 */
import type { DomainMap } from "./types.js";

const owner = (qualified: string) => qualified.slice(0, Math.max(0, qualified.lastIndexOf(".")));

export function focus(map: DomainMap, keywords: readonly string[]): DomainMap {
  const kws = keywords.map((k) => k.trim().toLowerCase()).filter((k) => k !== "");
  if (kws.length === 0) return map;
  const hit = (s: string | undefined) => s !== undefined && kws.some((k) => s.toLowerCase().includes(k));
  const seeds = new Set<string>();
  for (const e of map.entities) if (hit(e.name) || hit(e.table)) seeds.add(e.name);
  for (const c of map.calls) {
    for (const q of [c.from, c.to]) if (hit(q)) seeds.add(owner(q) || q);
  }
  for (const o of map.operations) if (hit(o.qualified)) seeds.add(o.owner);
  for (const l of map.layers) {
    const base = l.path
      .split("/")
      .pop()
      ?.replace(/\.\w+$/, "");
    if (base !== undefined && hit(base)) seeds.add(base);
  }
  // One step of the call graph around the seeds, both ways.
  const kept = new Set(seeds);
  for (const c of map.calls) {
    const a = owner(c.from) || c.from;
    const b = owner(c.to) || c.to;
    if (seeds.has(a)) kept.add(b);
    if (seeds.has(b)) kept.add(a);
  }
  const keptClass = (q: string) => kept.has(owner(q) || q);
  const entities = map.entities.filter((e) => kept.has(e.name));
  const tableNames = new Set(entities.map((e) => e.table).filter((t) => t !== undefined));
  const operations = map.operations.filter((o) => kept.has(o.owner));
  const layerFiles = new Set([...entities.map((e) => e.path), ...operations.map((o) => o.path)]);
  const flows = map.flows.filter((f) => f.steps.some((s) => seeds.has(owner(s.qualified) || s.qualified)));
  for (const f of flows) for (const s of f.steps) layerFiles.add(s.path);
  for (const l of map.layers) {
    const base =
      l.path
        .split("/")
        .pop()
        ?.replace(/\.\w+$/, "") ?? "";
    if (kept.has(base)) layerFiles.add(l.path);
  }
  return {
    modules: map.modules,
    layers: map.layers.filter((l) => layerFiles.has(l.path)),
    entities,
    tables: map.tables.filter((t) => tableNames.has(t.name) || hit(t.name)),
    operations,
    config: map.config.filter((c) => hit(c.key)),
    calls: map.calls.filter((c) => keptClass(c.from) && keptClass(c.to)),
    flows,
    focus: kws,
  };
}
