import type { Detector } from "./context.js";
import { TLDS } from "./tlds.js";

let tldSet: Set<string> | undefined;
function tlds(): Set<string> {
  tldSet ??= new Set(TLDS.split(" "));
  return tldSet;
}

/** Domain after the "@": dot-separated DNS labels, the last one letters (or xn--) only. Sticky, run at @+1. */
const DOMAIN_RE =
  /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(xn--[A-Za-z0-9-]{1,59}|[A-Za-z]{2,63})(?![A-Za-z0-9-])/y;
/** Scheme and authority up to the candidate: `https://user:pass@host` puts the candidate in URL userinfo. */
const URL_USERINFO_RE = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/@"'<>]*$/;
/** Retina asset names: icon@2x.png, logo@1.5x.webp. */
const RETINA_RE = /^\d+(?:\.\d+)?x\./i;
/** Reserved for documentation and testing by RFC 2606 / RFC 6761. */
const DOC_DOMAIN_RE = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;

/** Local-part characters we accept (the dot-atom subset seen in real addresses). */
function isLocal(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 || // .
    c === 95 || // _
    c === 45 || // -
    c === 43 || // +
    c === 37 // %
  );
}

/**
 * Email addresses: local@domain with a real top-level domain. Not emails: URL userinfo (`https://user:pw@host`,
 * left to the secret rules), scp/SSH remotes (`git@github.com:org/repo`), retina asset names (`x@2x.png`),
 * package specs (`@scope/pkg@1.2.3`, no letter TLD), Message-IDs (a local part of 13+ chars without a letter), method calls (`a@b.map(`) and `self.`/`this.` operands of
 * Python's matrix operator.
 */
export const detectEmails: Detector = (text, opts, out) => {
  const known = tlds();
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    // Local part: walk left over accepted characters, at most 64 (+1 to notice longer runs).
    let s = at;
    while (s > 0 && at - s <= 64 && isLocal(text.charCodeAt(s - 1))) s--;
    if (at - s > 64 || s === at) continue;
    while (s < at && (text[s] === "." || text[s] === "-" || text[s] === "+")) s++; // ...john@ -> john@
    const local = text.slice(s, at);
    if (s === at || text[at - 1] === "." || local.includes("..")) continue;
    if (local.length > 12 && !/[A-Za-z]/.test(local)) continue; // <142480216486.20800.1652@host> Message-IDs
    DOMAIN_RE.lastIndex = at + 1;
    const m = DOMAIN_RE.exec(text);
    if (!m) continue;
    const end = at + 1 + m[0].length;
    const domain = m[0];
    if (!known.has((m[1] as string).toLowerCase())) continue;
    if (RETINA_RE.test(domain) || /^(?:self|this|cls)\./.test(domain)) continue;
    const next = text.charCodeAt(end);
    if (next === 40 /* ( */) continue;
    if (next === 58 /* : */ && /[\w~/]/.test(text[end + 1] ?? "")) continue; // git@host:org/repo
    if (URL_USERINFO_RE.test(text.slice(Math.max(0, s - 256), s))) continue;
    if (opts.keepDocumentationEmails && DOC_DOMAIN_RE.test(domain)) continue;
    out.push({ type: "email", start: s, end });
    at = end - 1;
  }
};
