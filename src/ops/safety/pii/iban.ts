import { mod97 } from "./checksums.js";
import type { Detector } from "./context.js";

/** IBAN length per country (SWIFT IBAN registry, release 2024): 89 countries. */
const LENGTH_TABLE =
  "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 " +
  "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 " +
  "IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 " +
  "NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 " +
  "TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
const LENGTHS: Record<string, number> = Object.fromEntries(
  LENGTH_TABLE.split(" ").map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

/**
 * Country code and check digits, then the BBAN either compact or in groups of four separated by single spaces
 * (the printed form). Upper case only, as IBANs are printed.
 */
const IBAN_RE =
  /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})(?:((?: [A-Z0-9]{4}){2,8}(?: [A-Z0-9]{1,3})?)|([A-Z0-9]{11,30}))(?![A-Za-z0-9])/g;

/**
 * True for a compact IBAN (no spaces) with a known country, the right length, check digits 02-98 (ISO 13616:
 * 00, 01 and 99 are never issued), a BBAN that is not one repeated character, and mod-97 = 1.
 */
export function ibanOk(compact: string): boolean {
  const len = LENGTHS[compact.slice(0, 2)];
  if (len === undefined || compact.length !== len || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  const check = Number(compact.slice(2, 4));
  if (check < 2 || check > 98 || !/\d/.test(compact.slice(4)) || /^(.)\1*$/.test(compact.slice(4))) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/**
 * IBANs: country in the registry, its exact length, ISO 7064 mod-97 check = 1. A grouped run longer than the
 * country's length is cut at a group boundary (`DE89 3704 0044 0532 0130 00 ABCD`).
 */
export const detectIbans: Detector = (text, _opts, out) => {
  IBAN_RE.lastIndex = 0;
  for (let m = IBAN_RE.exec(text); m; m = IBAN_RE.exec(text)) {
    const cc = m[1] as string;
    const len = LENGTHS[cc];
    if (len === undefined) continue;
    const start = m.index;
    if (m[4] !== undefined) {
      if (ibanOk(m[0])) out.push({ type: "iban", start, end: start + m[0].length });
      continue;
    }
    // Grouped: take groups until the compact length reaches the country's length exactly.
    const head = `${cc}${m[2] as string}`;
    let compact = head;
    let end = start + 4;
    for (const g of (m[3] as string).slice(1).split(" ")) {
      if (compact.length >= len) break;
      compact += g;
      end += 1 + g.length;
    }
    if (compact.length === len && ibanOk(compact)) {
      out.push({ type: "iban", start, end });
      IBAN_RE.lastIndex = end;
    }
  }
};
