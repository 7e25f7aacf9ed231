/**
 * National identity numbers with a check digit. Where the checksum alone lets through about one random digit
 * string in ten (NHS mod-11, SIN Luhn, BSN 11-proof, Aadhaar Verhoeff, bare CPF and compact NIR), a keyword must
 * be near the number; formats whose shape is distinctive enough (DNI/NIE letter, spaced NIR, codice fiscale,
 * dotted CPF, Chinese resident id with its birth date) are reported without one.
 */
import { allSame, digitsOf, luhnOk, verhoeffOk, weightedSum } from "./checksums.js";
import { type Detector, near, type Span } from "./context.js";
import type { PiiType } from "./index.js";

type Check = (m: RegExpExecArray, text: string) => boolean;

/** Run `re` over text; push the whole match as `type` when check passes. */
function scan(re: RegExp, type: PiiType, check: Check, text: string, out: Span[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (check(m, text)) out.push({ type, start: m.index, end: m.index + m[0].length });
  }
}

function nearWord(m: RegExpExecArray, text: string, word: RegExp): boolean {
  return near(text, m.index, m.index + m[0].length, word);
}

// ---------------------------------------------------------------- UK NHS number

const NHS_RE = /(?<![\w.-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w]|[ .-]\d)/g;
const NHS_WORD_RE = /(?<![a-z])nhs/i;

/** NHS number: weights 10..2 on the first nine digits, check = 11 - sum mod 11 (11 -> 0, 10 is never issued). */
export function nhsOk(d: string): boolean {
  if (d.length !== 10 || allSame(d)) return false;
  let check = 11 - (weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === d.charCodeAt(9) - 48;
}

/** UK NHS numbers (3-3-4, spaced, dashed or bare), mod 11, with "NHS" nearby. */
export const detectNhs: Detector = (text, _o, out) => {
  if (!NHS_WORD_RE.test(text)) return;
  scan(NHS_RE, "uk_nhs", (m, t) => nhsOk(digitsOf(m[0])) && nearWord(m, t, NHS_WORD_RE), text, out);
};

// ---------------------------------------------------------------- Canadian SIN

const SIN_RE = /(?<![\w.-])([1-79]\d{2})([ -]?)(\d{3})\2(\d{3})(?![\w]|[ .-]\d)/g;
const SIN_WORD_RE = /(?<![A-Za-z0-9.])sin(?![A-Za-z0-9(])|social insurance|assurance sociale|\bnas\b/i;

/** Canadian Social Insurance Numbers (3-3-3), Luhn, first digit not 0 or 8, with "SIN"/"social insurance" nearby. */
export const detectSin: Detector = (text, _o, out) => {
  if (!SIN_WORD_RE.test(text)) return;
  scan(
    SIN_RE,
    "ca_sin",
    (m, t) => {
      const d = digitsOf(m[0]);
      return luhnOk(d) && !allSame(d) && nearWord(m, t, SIN_WORD_RE);
    },
    text,
    out,
  );
};

// ---------------------------------------------------------------- Dutch BSN

const BSN_RE = /(?<![\w.-])(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![\w]|[.-]\d)/g;
const BSN_WORD_RE = /bsn|burgerservice|sofi-?nummer/i;

/** BSN "11-proof": 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11 (and not 0). */
export function bsnOk(d: string): boolean {
  if (d.length !== 9 || allSame(d)) return false;
  const s = weightedSum(d, [9, 8, 7, 6, 5, 4, 3, 2]) - (d.charCodeAt(8) - 48);
  return s > 0 && s % 11 === 0;
}

/** Dutch citizen service numbers (9 digits or 1234.56.782), 11-proof, with "BSN"/"burgerservicenummer" nearby. */
export const detectBsn: Detector = (text, _o, out) => {
  if (!BSN_WORD_RE.test(text)) return;
  scan(BSN_RE, "nl_bsn", (m, t) => bsnOk(digitsOf(m[0])) && nearWord(m, t, BSN_WORD_RE), text, out);
};

// ---------------------------------------------------------------- Spanish DNI / NIE

const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
const DNI_RE = /(?<![\w.-])(\d{8}|\d{2}\.\d{3}\.\d{3})-?([A-Z])(?![\w])/g;
const NIE_RE = /(?<![\w-])([XYZ])-?(\d{7})-?([A-Z])(?![\w])/g;

/** Spanish DNI: 8 digits and the letter DNI_LETTERS[n mod 23]. */
export function dniOk(digits: string, letter: string): boolean {
  return digits.length === 8 && !allSame(digits) && DNI_LETTERS[Number(digits) % 23] === letter;
}

/** Spanish DNI numbers (12345678Z, 12345678-Z, 12.345.678-Z) with a correct check letter. */
export const detectDni: Detector = (text, _o, out) => {
  scan(DNI_RE, "es_dni", (m) => dniOk(digitsOf(m[1] as string), m[2] as string), text, out);
};

/** Spanish foreigner ids (X1234567L): X/Y/Z read as 0/1/2, then the DNI letter rule. */
export const detectNie: Detector = (text, _o, out) => {
  scan(
    NIE_RE,
    "es_nie",
    (m) => {
      const n = Number(`${"XYZ".indexOf(m[1] as string)}${m[2] as string}`);
      return !allSame(m[2] as string) && DNI_LETTERS[n % 23] === m[3];
    },
    text,
    out,
  );
};

// ---------------------------------------------------------------- French NIR (numéro de sécurité sociale)

const NIR_RE =
  /(?<![\w.-])([1-478])( ?)(\d{2})\2(0[1-9]|1[0-2]|[2-9]\d)\2(\d{2}|2[AB])\2(\d{3})\2(\d{3})\2(\d{2})(?![\w]|[ .-]\d)/g;
const NIR_WORD_RE = /(?<![a-z])nir(?![a-z])|s[ée]curit[ée][ _-]?sociale|\bs[ée]cu\b|\bnss\b|\binsee\b|social security/i;

/** NIR key: 97 - (the 13 characters as a number, Corsica 2A -> 19, 2B -> 18) mod 97. */
export function nirOk(body13: string, key: string): boolean {
  const n = body13.replace("2A", "19").replace("2B", "18");
  if (!/^\d{13}$/.test(n)) return false;
  let rem = 0;
  for (let i = 0; i < 13; i++) rem = (rem * 10 + (n.charCodeAt(i) - 48)) % 97;
  return 97 - rem === Number(key);
}

/**
 * French social security numbers: sex 1/2 (3/4/7/8 for provisional ones), year, month (01-12, or 20-99 for
 * unknown months), department (2A/2B for Corsica), commune, order, key. Spaced form (1 85 05 78 006 084 36)
 * always; compact 15 characters only with a keyword (NIR, sécurité sociale, sécu, NSS, INSEE).
 */
export const detectNir: Detector = (text, _o, out) => {
  scan(
    NIR_RE,
    "fr_nir",
    (m, t) => {
      const body = `${m[1]}${m[3]}${m[4]}${m[5]}${m[6]}${m[7]}`;
      if (!nirOk(body, m[8] as string)) return false;
      return m[2] === " " || nearWord(m, t, NIR_WORD_RE);
    },
    text,
    out,
  );
};

// ---------------------------------------------------------------- Italian codice fiscale

const CF_RE = /(?<![\w-])[A-Z]{6}[\dLMNPQRSTUV]{2}[ABCDEHLMPRST][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z](?![\w])/g;
/** Odd-position values for 0-9 then A-Z. */
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
const CF_ODD_LETTERS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const OMOCODIA = "LMNPQRSTUV";

function cfValue(c: string, odd: boolean): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return odd ? (CF_ODD[code - 48] as number) : code - 48;
  return odd ? (CF_ODD_LETTERS[code - 65] as number) : code - 65;
}

/** Codice fiscale: check character from the odd/even position tables; birth day 01-31 or 41-71 (women). */
export function fiscalCodeOk(cf: string): boolean {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += cfValue(cf[i] as string, i % 2 === 0);
  if (String.fromCharCode(65 + (sum % 26)) !== cf[15]) return false;
  const dayChars = cf.slice(9, 11).replace(/[LMNPQRSTUV]/g, (c) => String(OMOCODIA.indexOf(c)));
  const day = Number(dayChars);
  return (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
}

/** Italian tax codes (RSSMRA85T10A562S), omocodia letters accepted, check character verified. */
export const detectFiscalCode: Detector = (text, _o, out) => {
  scan(CF_RE, "it_fiscal_code", (m) => fiscalCodeOk(m[0]), text, out);
};

// ---------------------------------------------------------------- Indian Aadhaar

const AADHAAR_RE = /(?<![\w.-])([2-9]\d{3})([ -]?)(\d{4})\2(\d{4})(?![\w]|[ .-]\d)/g;
const AADHAAR_WORD_RE = /aadha?ar|uidai|आधार/i;

/** Aadhaar numbers (4-4-4, first digit 2-9), Verhoeff check, with "Aadhaar"/"UIDAI" nearby. */
export const detectAadhaar: Detector = (text, _o, out) => {
  if (!AADHAAR_WORD_RE.test(text)) return;
  scan(
    AADHAAR_RE,
    "in_aadhaar",
    (m, t) => {
      const d = digitsOf(m[0]);
      return verhoeffOk(d) && !allSame(d) && nearWord(m, t, AADHAAR_WORD_RE);
    },
    text,
    out,
  );
};

// ---------------------------------------------------------------- Brazilian CPF

const CPF_RE = /(?<![\w.-])(?:(\d{3})\.(\d{3})\.(\d{3})-(\d{2})|(\d{11}))(?![\w]|[.-]\d)/g;
const CPF_WORD_RE = /\bcpf\b/i;

/** CPF: two mod-11 check digits over weights 10..2 and 11..2. */
export function cpfOk(d: string): boolean {
  if (d.length !== 11 || allSame(d)) return false;
  const d1 = ((weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) * 10) % 11) % 10;
  const d2 = ((weightedSum(d, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) * 10) % 11) % 10;
  return d1 === d.charCodeAt(9) - 48 && d2 === d.charCodeAt(10) - 48;
}

/** Brazilian CPF numbers: 123.456.789-09 always, 11 bare digits only with "CPF" nearby. */
export const detectCpf: Detector = (text, _o, out) => {
  scan(
    CPF_RE,
    "br_cpf",
    (m, t) => cpfOk(digitsOf(m[0])) && (m[5] === undefined || nearWord(m, t, CPF_WORD_RE)),
    text,
    out,
  );
};

// ---------------------------------------------------------------- Chinese resident identity card

const CN_RE = /(?<![\w.-])([1-8]\d{5})((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3})([\dX])(?![\w])/g;
const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** 18-character resident id: region, a real birth date, sequence, ISO 7064 MOD 11-2 check ("10X98765432"). */
export function cnIdOk(id: string): boolean {
  const y = Number(id.slice(6, 10));
  const mo = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  return "10X98765432"[weightedSum(id, CN_WEIGHTS) % 11] === id[17];
}

/** Chinese resident identity numbers (18 characters, birth date checked, MOD 11-2 check character). */
export const detectCnId: Detector = (text, _o, out) => {
  scan(CN_RE, "cn_resident_id", (m) => cnIdOk(m[0]), text, out);
};
