import { isIP } from "node:net";
import { type Detector, isWord, lineBefore, type Resolved } from "./context.js";

/** What an address is, for the keep_* options. Only "public" addresses are personal data by default. */
export type IpClass = "public" | "private" | "loopback" | "link_local" | "documentation" | "reserved";

function inV4(a: number, base: number, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === base >>> 0;
}

function v4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Class of an IPv4 address given as a 32-bit number (IANA special-purpose registry, RFC 6890). */
export function classifyV4(n: number): IpClass {
  if (inV4(n, v4(127, 0, 0, 0), 8)) return "loopback";
  if (inV4(n, v4(10, 0, 0, 0), 8) || inV4(n, v4(172, 16, 0, 0), 12) || inV4(n, v4(192, 168, 0, 0), 16))
    return "private";
  if (inV4(n, v4(100, 64, 0, 0), 10)) return "private"; // RFC 6598 carrier-grade NAT
  if (inV4(n, v4(169, 254, 0, 0), 16)) return "link_local";
  if (inV4(n, v4(192, 0, 2, 0), 24) || inV4(n, v4(198, 51, 100, 0), 24) || inV4(n, v4(203, 0, 113, 0), 24))
    return "documentation";
  if (
    inV4(n, 0, 8) || // "this network"
    inV4(n, v4(224, 0, 0, 0), 4) || // multicast
    inV4(n, v4(240, 0, 0, 0), 4) || // reserved, broadcast
    inV4(n, v4(192, 0, 0, 0), 24) || // IETF protocol assignments
    inV4(n, v4(198, 18, 0, 0), 15) // benchmarking
  )
    return "reserved";
  return "public";
}

/** Class of an IPv6 address given as eight 16-bit groups. */
export function classifyV6(g: readonly number[]): IpClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0xffff) return classifyV4(((g6 << 16) | g7) >>> 0); // ::ffff:a.b.c.d
    if (g5 === 0 && g6 === 0 && g7 === 1) return "loopback";
    return "reserved";
  }
  if ((g0 & 0xffc0) === 0xfe80) return "link_local";
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // unique local fc00::/7
  if (g0 === 0x2001 && g1 === 0x0db8) return "documentation"; // RFC 3849
  if ((g0 & 0xfff0) === 0x3ff0) return "documentation"; // RFC 9637 3fff::/20
  if (g0 === 0x2001 && g1 < 0x200) return "reserved"; // 2001::/23 IETF protocol assignments
  if ((g0 & 0xe000) === 0x2000) return "public"; // global unicast 2000::/3
  return "reserved";
}

/** Eight 16-bit groups of a valid IPv6 address (as accepted by node:net isIP). */
export function v6Groups(addr: string): number[] {
  let s = addr;
  const tail: number[] = [];
  const dot = s.indexOf(".");
  if (dot >= 0) {
    const colon = s.lastIndexOf(":");
    const [a = 0, b = 0, c = 0, d = 0] = s
      .slice(colon + 1)
      .split(".")
      .map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    s = s.slice(0, colon + 1); // "::ffff:" -> "::ffff", "::" stays
    if (!s.endsWith("::")) s = s.slice(0, -1);
  }
  const [head = "", rest] = s.split("::");
  const hs = head ? head.split(":").map((x) => Number.parseInt(x, 16)) : [];
  const rs = rest !== undefined && rest !== "" ? rest.split(":").map((x) => Number.parseInt(x, 16)) : [];
  const fill = 8 - tail.length - hs.length - rs.length;
  return [...hs, ...(rest !== undefined ? new Array<number>(Math.max(0, fill)).fill(0) : []), ...rs, ...tail];
}

function kept(cls: IpClass, o: Resolved): boolean {
  switch (cls) {
    case "public":
      return false;
    case "private":
      return o.keepPrivateIps;
    case "loopback":
      return o.keepLoopbackIps;
    case "link_local":
      return o.keepLinkLocalIps;
    case "documentation":
      return o.keepDocumentationIps;
    default:
      return o.keepReservedIps;
  }
}

function isHexOrColon(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** The hex-and-colon token ending right before `start` has two or more colons (an IPv6 prefix). */
function partOfV6(text: string, start: number): boolean {
  let colons = 0;
  for (let i = start - 1; i >= 0 && i >= start - 40 && isHexOrColon(text.charCodeAt(i)); i--) {
    if (text.charCodeAt(i) === 58) colons++;
  }
  return colons >= 2;
}

const V4_RE = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/g;
/** Section and object-identifier numbering right before the quad: `section 4.2.2.13`, `OID 1.3.101.110`, `ES6$25.4.5.4`. */
const NUMBERING_RE =
  /(?:sections?|sect\.|sec\.|§|clause|chapter|chap\.|paragraph|para\.|\boid|figure|fig\.|table|step|rule|item|rfc ?\d+)\W{0,3}$|\$$/i;

/** A version word earlier on the same line: `"version": "1.0.0.0"`, `AssemblyVersion("…")`, `build 1.2.3.4`. */
const VERSION_WORD_RE = /version|\bver\b|\bv\b|\brelease|\bbuild|\brev\b|\brevision/i;

/** Last words of `key=` names that say the value is an address: `ip=`, `client_ip=`, `remoteAddr=`, `src=`, `X-Forwarded-For=`. */
const ADDRESS_WORDS = new Set([
  "ip",
  "ips",
  "ipv4",
  "ipaddr",
  "addr",
  "address",
  "saddr",
  "daddr",
  "host",
  "client",
  "remote",
  "peer",
  "src",
  "source",
  "dst",
  "dest",
  "destination",
  "server",
  "gateway",
  "gw",
  "proxy",
  "for",
  "from",
  "origin",
  "nameserver",
  "dns",
  "resolver",
  "router",
  "endpoint",
  "target",
  "via",
]);

/** The `key` before the `=` at `eq` (on the same line) ends with an address word (camelCase and `_.-` split). */
function addressKey(text: string, eq: number): boolean {
  const key = /[A-Za-z0-9_.-]*$/.exec(lineBefore(text, eq, 48))?.[0] ?? "";
  const last = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[_.-]/)
    .filter((w) => w !== "")
    .at(-1);
  return last !== undefined && ADDRESS_WORDS.has(last);
}

/**
 * Version-number-like dotted quads (kept when keep_version_like_ips). The rule, checked in this order:
 * 1. right after `v`/`V` (v1.2.3.4), or after a version operator `==`, `>=`, `<=`, `~=`, `!=`, `^`, `~`, or a
 *    plain `=` unless the key before it names an address (`ip=`, `client_addr=`, `src=`, `remoteIp=`);
 * 2. right after `@` when the token before the `@` holds a `/` or starts with `@` (`@scope/pkg@1.2.3.4`,
 *    `example.com/mod@1.2.3.4`); a plain `user@1.2.3.4` stays an address;
 * 3. right after a product token `Name/` (`Chrome/4.0.249.0` in user agents), or after `name-`/`name_`
 *    (artifact names `lib-1.2.3.4.jar`);
 * 4. followed by a pre-release or build suffix (`-beta`, `+build5`) or a file extension (`.jar`, `.tar.gz`);
 * 5. a version word (version, ver, v, release, build, rev, revision) earlier on the same line, within 48 chars.
 */
export function versionLike(text: string, start: number, end: number): boolean {
  const p = text[start - 1] ?? "";
  if (p === "v" || p === "V" || p === "^" || p === "~") return true;
  // `==`, `>=`, `<=`, `~=`, `!=` pin a version; a plain `=` too (`pkg=1.2.3.4`), unless its key names an address
  if (p === "=") return /[=<>~!]/.test(text[start - 2] ?? "") || !addressKey(text, start - 1);
  if (p === "@") {
    let i = start - 2;
    while (i >= 0 && /[\w@/.-]/.test(text[i] as string)) i--;
    const token = text.slice(i + 1, start - 1);
    if (token.includes("/") || token.startsWith("@")) return true;
  }
  if (p === "/" && /[A-Za-z]/.test(text[start - 2] ?? "")) return true;
  if ((p === "-" || p === "_") && /[A-Za-z0-9]/.test(text[start - 2] ?? "")) return true;
  const n = text[end] ?? "";
  const n2 = text[end + 1] ?? "";
  if ((n === "-" && /[A-Za-z]/.test(n2)) || (n === "+" && /[A-Za-z0-9]/.test(n2))) return true;
  if (n === "." && /[A-Za-z]/.test(n2)) return true;
  return VERSION_WORD_RE.test(lineBefore(text, start, 48));
}

/**
 * IPv4 dotted quads validated by node:net isIP (so no leading zeros or octets above 255). Never an address: a
 * quad glued to letters, digits or `_` (`abc1.2.3.4`, except a `v` prefix, which is version-like) or part of a
 * longer dotted number (`1.3.6.1.4.1` OIDs, `1.2.3.4.5`), the IPv4 tail of an IPv6 address, or a section/OID
 * number (`section 4.2.2.13`, `OID 1.3.101.110`, `ES6$25.4.5.4`).
 */
export const detectIpv4: Detector = (text, opts, out) => {
  if (text.indexOf(".") < 0) return;
  V4_RE.lastIndex = 0;
  for (let m = V4_RE.exec(text); m; m = V4_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.charCodeAt(start - 1);
    const after = text.charCodeAt(end);
    // Glued to an identifier or a longer number (the v prefix is handled as version-like below).
    if (isWord(before) && text[start - 1] !== "v" && text[start - 1] !== "V") continue;
    if (before === 46 /* . */ && isWord(text.charCodeAt(start - 2))) continue;
    if (isWord(after)) {
      // The regex stopped inside a longer octet (1.2.3.4567): skip past it.
      continue;
    }
    if (after === 46 && isWord(text.charCodeAt(end + 1)) && /\d/.test(text[end + 1] as string)) {
      // 1.2.3.4.5: a longer dotted number; move past all of it.
      while (V4_RE.lastIndex < text.length && /[\d.]/.test(text[V4_RE.lastIndex] as string)) V4_RE.lastIndex++;
      continue;
    }
    const addr = m[0];
    if (isIP(addr) !== 4) continue;
    if (before === 58 /* : */ && partOfV6(text, start)) continue; // ::ffff:1.2.3.4 is the IPv6 detector's
    if (NUMBERING_RE.test(lineBefore(text, start, 32))) continue;
    if (opts.keepVersionLikeIps && versionLike(text, start, end)) continue;
    const n = v4(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]));
    if (kept(classifyV4(n), opts)) continue;
    out.push({ type: "ipv4", start, end });
  }
};

/**
 * IPv6 addresses (any textual form, embedded IPv4 included) validated by node:net isIP. Candidates grow from a
 * colon over hex digits and colons; at least two explicit groups are required (`::1` aside), and short
 * all-decimal forms in brackets (`a[1::2]` Python slices) are skipped. A zone (`%eth0`) is left out of the span.
 */
export const detectIpv6: Detector = (text, opts, out) => {
  let i = text.indexOf(":");
  while (i >= 0) {
    const prev = text.charCodeAt(i - 1);
    const next = text.charCodeAt(i + 1);
    if (!isHexOrColon(prev) && !isHexOrColon(next)) {
      i = text.indexOf(":", i + 1);
      continue;
    }
    let s = i;
    while (s > 0 && isHexOrColon(text.charCodeAt(s - 1))) s--;
    let e = i + 1;
    while (e < text.length) {
      const c = text.charCodeAt(e);
      if (isHexOrColon(c) || c === 46) e++;
      else break;
    }
    while (e > s && (text[e - 1] === "." || (text[e - 1] === ":" && text[e - 2] !== ":"))) e--; // sentence dot, `addr:` label
    const nextSearch = Math.max(e, i + 1);
    const cand = text.slice(s, e);
    const b = text.charCodeAt(s - 1);
    const a = text.charCodeAt(e);
    if (
      cand.length >= 3 &&
      !isWord(b) &&
      b !== 46 &&
      !isWord(a) &&
      cand.indexOf(":") !== cand.lastIndexOf(":") &&
      /\d/.test(cand) &&
      isIP(cand) === 6
    ) {
      const groups = cand.split(":").filter((x) => x !== "");
      const slice = /^\d{1,3}::\d{0,3}$|^::\d{1,3}$/.test(cand) && (text[s - 1] === "[" || text[e] === "]");
      if ((groups.length >= 2 || cand === "::1") && !slice) {
        if (!kept(classifyV6(v6Groups(cand)), opts)) out.push({ type: "ipv6", start: s, end: e });
      }
    }
    i = text.indexOf(":", nextSearch);
  }
};
