/**
 * A repository's license: its root LICENSE/COPYING files matched against the SPDX texts,
 * combined with what its package manifest declares. Computed once per repository per worker.
 */
import type { RepoFiles } from "../../core/repoFiles.js";
import { manifestLicense } from "./manifest.js";
import { type LicenseMatch, licenseIndex } from "./matcher.js";

export type LicenseSource = "header" | "license_file" | "manifest" | "none";

export interface Verdict {
  /** SPDX id or expression, or NOASSERTION. */
  license: string;
  confidence: number;
  source: LicenseSource;
}

export const NO_VERDICT: Verdict = { license: "NOASSERTION", confidence: 0, source: "none" };

/** Confidence in a manifest's `license` key alone (declared, not checked against a text). */
export const MANIFEST_FIELD_CONFIDENCE = 0.9;
/** Confidence in PyPI trove classifiers alone (coarser: no -only/-or-later, no BSD variant). */
export const MANIFEST_CLASSIFIER_CONFIDENCE = 0.8;
/** A license file and a manifest that disagree: the file wins, at this share of its score. */
export const DISAGREEMENT_FACTOR = 0.85;

/** LICENSE*, LICENCE*, COPYING*, UNLICENSE (any case), text-like names only. */
export function isLicenseFileName(name: string): boolean {
  if (!/^(?:un)?licen[cs]e|^copying/i.test(name)) return false;
  return !/\.(?:png|jpe?g|gif|svg|ico|pdf|json|ya?ml|toml|js|mjs|cjs|ts|py|go|rs|c|h|java|rb|php|html?|xml|sh|spdx)$/i.test(
    name,
  );
}

/** Share of a first-section match's score kept: the file holds more than that license. */
export const FIRST_SECTION_FACTOR = 0.95;
const SECTION_BREAK = /\n(?=#{1,2}[ \t])|\n[ \t]*(?:[-=*_][ \t]*){3,}\n/;

/** What follows a project's own license when a file also lists the licenses of bundled code. */
const BUNDLED = /\b(?:third[- ]party|bundled|dependenc(?:y|ies)|vendored)\b/i;

/**
 * Match a license file. A file whose whole text matches nothing well may be the project's
 * license followed by those of code it bundles (`# Licenses of bundled dependencies`, third-party
 * notices): then its first section with some substance is matched, at FIRST_SECTION_FACTOR. Only
 * when the rest says it is about bundled or third-party code, so that a license with added
 * conditions (Apache-2.0 + Commons Clause) is not read as its first part.
 */
export function matchLicenseFile(text: string, minSimilarity: number): LicenseMatch | undefined {
  const index = licenseIndex();
  const whole = index.match(text);
  if (whole && whole.score >= minSimilarity) return whole;
  const sections = text.replace(/\r\n?/g, "\n").split(SECTION_BREAK);
  if (sections.length < 2) return whole;
  const at = sections.findIndex((s) => s.split(/\s+/).length >= 30);
  const rest = sections.slice(at + 1).join("\n");
  if (at < 0 || !BUNDLED.test(rest) || /commons clause/i.test(rest)) return whole;
  const m = index.match(sections[at] as string);
  if (!m || m.score < minSimilarity) return whole;
  return { ...m, score: m.score * FIRST_SECTION_FACTOR };
}

/** Two independent pieces of evidence that agree (noisy-or). */
function both(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The repository's verdict (see the operator docs for the rules). */
export function repoVerdict(repo: RepoFiles, minSimilarity: number): Verdict {
  const index = licenseIndex();
  const confident: LicenseMatch[] = [];
  let weak: LicenseMatch | undefined;
  for (const name of repo.list().filter(isLicenseFileName)) {
    const text = repo.read(name);
    if (text === undefined || text.trim() === "") continue;
    const m = matchLicenseFile(text, minSimilarity);
    if (!m) continue;
    if (m.score >= minSimilarity) confident.push(m);
    else if (!weak || m.score > weak.score) weak = m;
  }
  let fileIds = [...new Set(confident.map((m) => m.id))];
  // COPYING (GPL-3.0) + COPYING.LESSER (LGPL-3.0) is how LGPL-3.0 is shipped: the LGPL-3.0 is a
  // set of additional permissions on top of the GPL-3.0 text.
  if (fileIds.includes("LGPL-3.0")) fileIds = fileIds.filter((id) => id !== "GPL-3.0");
  fileIds.sort();
  const fileScore = confident.length > 0 ? Math.min(...confident.map((m) => m.score)) : 0;

  const manifest = manifestLicense(repo);
  const manifestConfidence =
    manifest?.from === "classifier" ? MANIFEST_CLASSIFIER_CONFIDENCE : MANIFEST_FIELD_CONFIDENCE;
  const manifestIds = manifest
    ? [...new Set(manifest.expression.ids.map((id) => index.representative(id)))].sort()
    : [];

  if (fileIds.length > 0) {
    if (manifest && manifestIds.join("\n") === fileIds.join("\n")) {
      // The manifest says the same and may say it more precisely (GPL-3.0-or-later, MIT OR
      // Apache-2.0): two agreeing sources.
      return {
        license: manifest.expression.expression,
        confidence: round(both(fileScore, manifestConfidence)),
        source: "license_file",
      };
    }
    if (manifest && fileIds.every((id) => manifestIds.includes(id))) {
      // The files confirm part of what the manifest says (LICENSE-MIT matched, LICENSE-APACHE
      // edited beyond recognition, Cargo.toml `MIT OR Apache-2.0`): the manifest's expression,
      // as sure as the file match.
      return { license: manifest.expression.expression, confidence: round(fileScore), source: "license_file" };
    }
    return {
      license: fileIds.join(" AND "),
      confidence: round(manifest ? fileScore * DISAGREEMENT_FACTOR : fileScore),
      source: "license_file",
    };
  }
  if (manifest) {
    // A license file too different to be sure of, whose closest text is the declared license,
    // still adds a little evidence.
    const weakAgrees = weak !== undefined && weak.score >= 0.5 && manifestIds.includes(weak.id);
    return {
      license: manifest.expression.expression,
      confidence: round(weakAgrees && weak ? both(weak.score, manifestConfidence) : manifestConfidence),
      source: "manifest",
    };
  }
  return NO_VERDICT;
}

const cache = new Map<string, Verdict>();

/**
 * `repoVerdict`, cached per worker thread by repository key, root file names and threshold (a
 * worker serves one run; the file names guard against two inputs reusing an id).
 */
export function cachedRepoVerdict(repo: RepoFiles, minSimilarity: number): Verdict {
  const key = `${minSimilarity}\u0000${repo.key}\u0000${repo.list().join("\u0000")}`;
  let v = cache.get(key);
  if (!v) {
    v = repoVerdict(repo, minSimilarity);
    if (cache.size > 100_000) cache.clear();
    cache.set(key, v);
  }
  return v;
}
