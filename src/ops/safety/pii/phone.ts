import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { digitsOf } from "./checksums.js";
import { type Detector, isDigit, isWord, lineBefore, near } from "./context.js";

/**
 * Phone-shaped runs: an optional `+`, digit groups joined by ONE separator each (space, no-break space, `-`, `.`,
 * `/`, or parentheses around a group). Not after letters, digits, `+`, `#`, `$`, `€`, `£`, `@`, `%`, `&`, `.`,
 * `-`, `/` or `\` (ids, amounts, decimals, ranges, paths and URLs).
 */
const PHONE_RE = /(?:\+ ?)?(?:\(\d{1,5}\) ?)?\d+(?:(?:[ ./\u00a0-]|\) ?| ?\()\d+)*/g;
/** Characters a phone number does not follow (checked in code: a lookbehind in PHONE_RE costs more). */
const NOT_BEFORE = /[\w+#$€£@%&./\\-]/;
/** A phone word nearby makes a bare digit run a phone number. */
const PHONE_WORD_RE =
  /phone|\btel\b|\btel[.:]|mobile|\bcell|\bfax\b|\bcall\b|\bsms\b|whatsapp|contact|\btél|telefon|tel[eé]fono|telefone|\bhandy\b|m[oó]vil|portable|電話|手机|联系/i;
/** An id word right before the number: order numbers, invoice ids, ports, ISBNs... (unless a phone word is nearer). */
const ID_WORD_RE =
  /(?:\b(?:id|no|nr|num|number|order|invoice|ref|reference|account|acct|isbn|issn|doi|pid|uid|gid|port|zip|serial|sku|ticket|case|build|version|po|pin|code|otp|iban|card|ssn|tracking|awb)\b|#)[^A-Za-z]{0,6}$/i;
/** The generic id words: "number", "no.", "nr", "num", "#" — an id or a phone number depending on the word before them. */
const NUMBER_WORD_RE = /^(?:no|nr|num|number|#)$/i;
/**
 * Words that make "number" / "no." a phone number: callback number, home number, office no., toll-free number,
 * customer service number (a phone word such as phone, mobile, contact counts too, via PHONE_WORD_RE).
 */
const PHONE_QUALIFIER_RE =
  /\b(?:call[- ]?back|home|work|office|direct|land[- ]?line|day(?:time)?|evening|night|best|emergency|toll[- ]?free|free[- ]?phone|customer (?:service|care|support)|support|help ?line|hot ?line|business|switchboard|reception|alternate|alternative|backup|personal|private|pager|dial[- ]?in|on[- ]?call|after[- ]hours)\s*$/i;

/**
 * True when the text before a number ends with an id word (order, invoice, #, port, part No. …) that says the
 * number is an identifier. A phone word anywhere in that text wins (`phone no.`, `contact number`), and so does a
 * phone qualifier right before a generic number word (`callback number`, `home no.`, `toll-free number`).
 */
function afterIdWord(text: string, start: number, before: string): boolean {
  const m = ID_WORD_RE.exec(before);
  if (!m || PHONE_WORD_RE.test(before)) return false;
  const word = m[0].replace(/[^A-Za-z#]+$/, "");
  if (!NUMBER_WORD_RE.test(word)) return true;
  const wordStart = start - before.length + m.index;
  return !PHONE_QUALIFIER_RE.test(lineBefore(text, wordStart, 40));
}
/** Dates and date-times: 2020-10-15, 15/10/2020, 2020.10.15, 15.10.2020. */
const DATE_RE = /^\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}(?!\d)|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}(?!\d)/;
/** US ZIP+4 codes: 94105-1234. */
const ZIP4_RE = /^\d{5}-\d{4}$/;
/** The US SSN shape 123-45-6789 (valid ones are us_ssn; the rest are examples, not phones). */
const SSN_SHAPE_RE = /^\d{3}-\d{2}-\d{4}$/;
/** Thousands grouped with spaces: 6 777 328. */
const THOUSANDS_RE = /^\d{1,2}(?: \d{3}){2,}$/;
/** The only dotted national form accepted: North American 415.555.0132. */
const DOTTED_US_RE = /^\(?\d{3}\)?\.\d{3}\.\d{4}$/;

/**
 * North American numbers are written 3-3-4 (415 555 0132, (415) 555-0132, 1-415-555-0132, 4155550132): digit
 * groups that cut the ten national digits anywhere else (33471-90901, a part number) are not a phone number.
 */
function nanpGroupingOk(groups: readonly string[]): boolean {
  const gs = [...groups];
  const total = gs.reduce((n, g) => n + g.length, 0);
  if (total === 11 && gs[0]?.startsWith("1")) {
    if (gs[0] === "1") gs.shift();
    else gs[0] = gs[0].slice(1);
  }
  let at = 0;
  for (const g of gs.slice(0, -1)) {
    at += g.length;
    if (at !== 3 && at !== 6) return false;
  }
  return true;
}

/** One parse per candidate and region; the metadata is loaded once with the module. */
function validIn(raw: string, groups: readonly string[], regions: readonly string[]): boolean {
  const plus = raw.startsWith("+");
  for (const r of plus ? [undefined] : regions) {
    const p = parsePhoneNumberFromString(raw, r ? { defaultCountry: r as CountryCode } : undefined);
    if (!p?.isValid()) continue;
    if (p.countryCallingCode === "1" && !nanpGroupingOk(plus ? groups.slice(1) : groups)) continue;
    return true;
  }
  return false;
}

/**
 * A digit group the run swallowed that is not part of the number: one opened by `(` and never closed
 * (`(312) 784-4072 (1:21)`, a voicemail duration), or one after a space that a `:` or `.` continues (`415 555 0132
 * 10:30`, a time). Returns the run without it (and without the separator before it); otherwise the run itself.
 */
function trimTrailingGroup(text: string, start: number, raw: string): string {
  const open = raw.lastIndexOf("(");
  if (open > 0 && raw.indexOf(")", open) < 0) return raw.slice(0, open).trimEnd();
  const next = text.charCodeAt(start + raw.length);
  const space = raw.lastIndexOf(" ");
  if (space > 0 && (next === 58 /* : */ || next === 46) /* . */ && isDigit(text.charCodeAt(start + raw.length + 1)))
    return /^\d+$/.test(raw.slice(space + 1)) ? raw.slice(0, space).replace(/[ \u00a0]+$/, "") : raw;
  return raw;
}

/**
 * Phone numbers that libphonenumber-js (full "max" metadata) says are VALID for their region: `+` numbers in
 * any region, others read in each of phone_regions in turn. Guards before parsing: 8-15 digits with `+`, 7-12
 * without; at most 7 groups and 2 one-digit groups; runs of 1-2 digit groups only with a leading 0 or +
 * (01 23 45 67 89, not the byte dump 90 78 56 34 12); North American numbers grouped 3-3-4 only; a trailing group
 * that is not part of the number is cut off first (`(1:21)` after the number, a time after a space); no dates,
 * times (`…:30`), ZIP+4 codes, SSN shapes, space-grouped thousands (6 777 328), dotted forms other than
 * 415.555.0132 (so no versions or IPs), nothing glued to a word; bare digit runs without `+` or separators
 * need a phone word nearby (phone, tel, mobile, fax, call, contact, …), and numbers right after an id word
 * (order, invoice, id, #, port, isbn, …) are skipped unless a phone word is nearer or a phone qualifier comes right
 * before a generic "number"/"no." (callback number, home no., toll-free number).
 */
export const detectPhones: Detector = (text, opts, out) => {
  PHONE_RE.lastIndex = 0;
  for (let m = PHONE_RE.exec(text); m; m = PHONE_RE.exec(text)) {
    const start = m.index;
    if (start > 0 && NOT_BEFORE.test(text[start - 1] as string)) continue;
    const raw = trimTrailingGroup(text, start, m[0]);
    if (raw.length < 7) continue;
    const end = start + raw.length;
    const plus = raw.charCodeAt(0) === 43;
    const digits = digitsOf(raw);
    if (plus ? digits.length < 8 || digits.length > 15 : digits.length < 7 || digits.length > 12) continue;
    const next = text.charCodeAt(end);
    if (isWord(next) || ((next === 58 /* : */ || next === 46) /* . */ && isWord(text.charCodeAt(end + 1)))) continue;
    const groups = raw.split(/\D+/).filter((g) => g !== "");
    if (groups.length > 7) continue;
    let ones = 0;
    for (const g of groups) if (g.length === 1) ones++;
    if (ones > 2) continue;
    // Byte dumps and pairs of digits (90 78 56 34 12): only national forms with a trunk 0 (01 23 45 67 89) or +.
    if (!plus && groups.length >= 4 && groups.every((g) => g.length <= 2) && raw[0] !== "0") continue;
    // Decimals (+35236450.6): dotted numbers need 3+ groups and a last group of 2+ digits.
    if (raw.includes(".") && (groups.length < 3 || (groups.at(-1) as string).length < 2)) continue;
    if (!plus) {
      if (DATE_RE.test(raw) || ZIP4_RE.test(raw) || SSN_SHAPE_RE.test(raw) || THOUSANDS_RE.test(raw)) continue;
      if (raw.includes(".") && !DOTTED_US_RE.test(raw)) continue;
      if (groups.length === 1 && !near(text, start, end, PHONE_WORD_RE, 32, 8)) continue;
    }
    if (afterIdWord(text, start, lineBefore(text, start, 24))) continue;
    if (!validIn(raw, groups, opts.phoneRegions)) continue;
    out.push({ type: "phone", start, end });
  }
};
