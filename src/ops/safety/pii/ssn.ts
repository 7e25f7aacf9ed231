import { allSame } from "./checksums.js";
import { type Detector, isWord, lineBefore, near } from "./context.js";

/** AAA-GG-SSSS or AAA GG SSSS (one consistent separator), not inside a longer run. */
const SSN_RE = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w]|[- ]\d)/g;
/** Nine bare digits: an SSN only next to an SSN word. */
const SSN_BARE_RE = /(?<![\w.-])(\d{3})(\d{2})(\d{4})(?![\w]|[.-]\d)/g;
/** ssn (not inside a word like "lessness"), social security, soc sec, ss#. */
export const SSN_WORD_RE = /(?<![a-z])ssn|ssn(?![a-z])|social[ _-]?security|\bsoc\.? ?sec\b|\bss ?#/i;

/**
 * An id word right before a dashed or spaced number: part No., order number, invoice #, serial, SKU, model... Such a
 * number is an identifier shaped like an SSN, not an SSN, unless an SSN word comes before it too (`SSN No.`,
 * `Social Security Number`).
 */
const ID_WORD_RE =
  /(?:\b(?:no|nr|num|number|part|item|model|order|invoice|ref|reference|serial|sku|catalog|cat|lot|batch|ticket|case|tracking|po|claim|policy|docket|patent|product|style|article|version|build|job|route|account|acct|isbn)\b|#)[^A-Za-z]{0,6}$/i;

/** "SS No.", "S.S. #": the abbreviation before an id word. */
const SS_ABBR_RE = /\b(?:ss|s\.s\.)\s*(?:no|nr|num|number|#)/i;

/** Numbers printed in ads and samples that the SSA voided or that are used as placeholders. */
const NOT_ISSUED = new Set(["078051120", "219099999", "123456789"]);

/**
 * SSA structure: area 001-899 except 666 (9xx are ITINs and never SSNs), group 01-99, serial 0001-9999;
 * not a voided advertising number (078-05-1120, 219-09-9999), not the placeholder 123-45-6789, not one
 * repeated digit.
 */
export function ssnOk(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900) return false;
  if (group === "00" || serial === "0000") return false;
  const all = area + group + serial;
  return !NOT_ISSUED.has(all) && !allSame(all);
}

/**
 * US Social Security numbers: the dashed or spaced form AAA-GG-SSSS (with the SSA's structural rules) unless an
 * id word comes right before it and no SSN word does (`part No. 402-82-7819`), the bare 9-digit form only with an
 * SSN word (ssn, social security, soc sec, ss#) within 64 characters before or 24 after.
 */
export const detectSsn: Detector = (text, _opts, out) => {
  SSN_RE.lastIndex = 0;
  for (let m = SSN_RE.exec(text); m; m = SSN_RE.exec(text)) {
    if (!ssnOk(m[1] as string, m[3] as string, m[4] as string)) continue;
    const before = lineBefore(text, m.index, 40);
    if (ID_WORD_RE.test(before) && !SSN_WORD_RE.test(before) && !SS_ABBR_RE.test(before)) continue;
    out.push({ type: "us_ssn", start: m.index, end: m.index + m[0].length });
  }
  if (!SSN_WORD_RE.test(text)) return;
  SSN_BARE_RE.lastIndex = 0;
  for (let m = SSN_BARE_RE.exec(text); m; m = SSN_BARE_RE.exec(text)) {
    const start = m.index;
    const end = start + 9;
    if (isWord(text.charCodeAt(start - 1))) continue;
    if (ssnOk(m[1] as string, m[2] as string, m[3] as string) && near(text, start, end, SSN_WORD_RE))
      out.push({ type: "us_ssn", start, end });
  }
};
