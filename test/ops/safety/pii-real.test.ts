/**
 * scanPii on real files no one here wrote: node_modules sources and package manifests, and the Python
 * standard library when it is installed. Every finding of a type is checked against what a person finds
 * there by reading the files (see the comments), so a detector that starts flagging versions, hashes or ids
 * fails these tests.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { glob } from "tinyglobby";
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../../src/ops/safety/findings.js";
import { scanPii } from "../../../src/ops/safety/pii/index.js";
import { ROOT } from "./helpers.js";

const NM = join(ROOT, "node_modules");

interface Hit {
  path: string;
  type: string;
  value: string;
}

async function scanTree(root: string, patterns: string[], limitBytes: number): Promise<{ hits: Hit[]; bytes: number }> {
  const files = (await glob(patterns, { cwd: root, followSymbolicLinks: false })).sort();
  const hits: Hit[] = [];
  let bytes = 0;
  for (const f of files) {
    const text = readFileSync(join(root, f), "utf8");
    if (text.length > 1_000_000) continue;
    bytes += text.length;
    for (const x of scanPii(text) as Finding[]) hits.push({ path: f, type: x.type, value: text.slice(x.start, x.end) });
    if (bytes > limitBytes) break;
  }
  return { hits, bytes };
}

describe("scanPii on node_modules", () => {
  let hits: Hit[] = [];
  let bytes = 0;
  beforeAll(async () => {
    ({ hits, bytes } = await scanTree(NM, ["**/*.{js,mjs,cjs,ts,json}"], 40e6));
  }, 60_000);
  const of = (type: string) => hits.filter((h) => h.type === type);

  it("scanned a real amount of code", () => {
    expect(bytes).toBeGreaterThan(20e6);
  });

  it("finds the author emails of package.json files", async () => {
    const manifests = await glob(["**/package.json"], { cwd: NM, followSymbolicLinks: false });
    let checked = 0;
    for (const m of manifests) {
      const text = readFileSync(join(NM, m), "utf8");
      let author: unknown;
      try {
        author = (JSON.parse(text) as { author?: unknown }).author;
      } catch {
        continue;
      }
      const s = typeof author === "string" ? author : ((author as { email?: string } | undefined)?.email ?? "");
      const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(s)?.[0];
      if (!email || /@example\./.test(email)) continue;
      const found = scanPii(text, { types: ["email"] }).map((f) => text.slice(f.start, f.end));
      expect(found, m).toContain(email);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it("package.json version fields and dependency specs are never addresses, phones or ids", async () => {
    const manifests = await glob(["**/package.json"], { cwd: NM, followSymbolicLinks: false });
    for (const m of manifests) {
      const text = readFileSync(join(NM, m), "utf8");
      const other = scanPii(text).filter((f) => f.type !== "email");
      expect(
        other.map((f) => `${f.type} ${text.slice(f.start, f.end)}`),
        m,
      ).toEqual([]);
    }
  });

  it("IPv4 findings are the example addresses of the docs, never section numbers or OIDs", () => {
    const v4 = of("ipv4");
    expect(v4.length).toBeGreaterThan(5);
    for (const h of v4) {
      // @types/node documents dns/net with real example addresses; zod tests IP validation.
      // semver's coerce.js writes the four-part version "1.2.3.4" in a comment: an address in
      // shape, reported with the default `version_like: true` (known false positive).
      expect(h.path, h.value).toMatch(/^@types\/node\/|^zod\/|^hyparquet|^vite|^semver\/functions\/coerce\.js$/);
      const octets = h.value.split(".").map(Number);
      expect(octets.every((o) => o <= 255)).toBe(true);
    }
    expect(v4.map((h) => h.value)).toContain("93.184.216.34"); // dns.d.ts lookup example
    expect(v4.map((h) => h.value)).not.toContain("8.1.2.4"); // "RFC 7540 8.1.2.4" in http2.d.ts
  });

  it("IPv6 findings are global unicast example addresses", () => {
    for (const h of of("ipv6")) {
      expect(h.path).toMatch(/^@types\/node\/|^zod\//);
      expect(h.value).toMatch(/^(?:2[0-9a-f]{3}|::ffff):/i);
    }
    expect(of("ipv6").map((h) => h.value)).toContain("2001:4860:4860::8888");
  });

  it("phone numbers come only from phone-number docs and license contact lines", () => {
    const phones = of("phone");
    expect(phones.length).toBeGreaterThan(20);
    for (const h of phones) expect(h.path, h.value).toMatch(/^libphonenumber-js\/|^spdx-license-list\//);
    // spdx-license-list: contact lines of real licenses, e.g. "Phone: (801) 717-3700" in TORQUE-1.1
    expect(phones.map((h) => h.value)).toContain("(801) 717-3700");
  });

  it("cards, IBANs, SSNs and national ids appear only in validators' test files", () => {
    const numeric = hits.filter((h) => !["email", "ipv4", "ipv6", "phone"].includes(h.type));
    for (const h of numeric) expect(h.path, `${h.type} ${h.value}`).toMatch(/\/tests?\//);
  });

  it("emails are addresses: a real TLD, no retina names, no package specs", () => {
    for (const h of of("email")) {
      expect(h.value).toMatch(/^[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/);
      expect(h.value).not.toMatch(/@\d+(?:\.\d+)?x\./);
    }
  });
});

const PY = ["/usr/lib/python3.13", "/usr/lib/python3.12", "/usr/lib/python3.11"].find((d) => existsSync(d));

describe.skipIf(!PY)("scanPii on the Python standard library", () => {
  let hits: Hit[] = [];
  beforeAll(async () => {
    ({ hits } = await scanTree(PY as string, ["*.py", "email/**/*.py", "ipaddress.py", "urllib/**/*.py"], 30e6));
  }, 60_000);

  it("finds maintainers' addresses in module headers", () => {
    const emails = hits.filter((h) => h.type === "email").map((h) => h.value);
    expect(emails.length).toBeGreaterThan(20);
    expect(emails).toContain("guido@python.org");
  });

  it("ipaddress.py's reserved-range tables and version strings are not reported", () => {
    const ip = hits.filter((h) => h.path === "ipaddress.py" && (h.type === "ipv4" || h.type === "ipv6"));
    expect(ip.map((h) => h.value)).toEqual([]);
  });

  it("no card, IBAN, SSN or national id in the standard library", () => {
    const numeric = hits.filter((h) => !["email", "ipv4", "ipv6", "phone"].includes(h.type));
    expect(numeric.map((h) => `${h.path} ${h.type} ${h.value}`)).toEqual([]);
  });
});
