import { createHmac } from "node:crypto";
import type { Finding } from "../findings.js";
import { luhnOk, mod97 } from "../pii/checksums.js";

/**
 * Deterministic stream of random numbers for one (type, value): HMAC-SHA256 keyed by the
 * user's salt, extended with a counter. Same salt + same value → same fake, everywhere in a
 * run (and across runs with the same salt); without the salt the fake reveals nothing.
 */
class KeyedStream {
  private block = Buffer.alloc(0);
  private pos = 0;
  private counter = 0;
  constructor(
    private readonly salt: string,
    private readonly seed: string,
  ) {}
  /** Uniform-enough integer in [0, n) for n ≤ 65536 (one 32-bit draw). */
  next(n: number): number {
    if (this.pos + 4 > this.block.length) {
      this.block = createHmac("sha256", this.salt)
        .update(`${this.counter++}\u0000${this.seed}`)
        .digest();
      this.pos = 0;
    }
    const v = this.block.readUInt32BE(this.pos);
    this.pos += 4;
    return v % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.next(items.length)] as T;
  }
  char(alphabet: string): string {
    return alphabet[this.next(alphabet.length)] as string;
  }
}

const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const HEX_LOWER = "0123456789abcdef";
const HEX_UPPER = "0123456789ABCDEF";

/** Replace every letter and digit by a random one of the same class; hex stays hex. Separators stay. */
function sameShape(value: string, rnd: KeyedStream): string {
  const hex = /^[0-9a-f]+$/i.test(value) && /[a-f]/i.test(value);
  const hexDigits = hex && !/[a-f]/.test(value) ? HEX_UPPER : HEX_LOWER;
  let out = "";
  for (const ch of value) {
    if (ch >= "0" && ch <= "9") out += rnd.char(hex ? hexDigits : DIGITS);
    else if (ch >= "A" && ch <= "Z") out += rnd.char(hex ? HEX_UPPER.slice(10) : UPPER);
    else if (ch >= "a" && ch <= "z") out += rnd.char(hex ? HEX_LOWER.slice(10) : LOWER);
    else out += ch;
  }
  return out;
}

/** Replace digits only (phone numbers, ids), keeping every other character. */
function sameDigits(value: string, rnd: KeyedStream, from = 0): string {
  let out = value.slice(0, from);
  for (const ch of value.slice(from)) out += ch >= "0" && ch <= "9" ? rnd.char(DIGITS) : ch;
  return out;
}

function cardFake(value: string, rnd: KeyedStream): string {
  const digits = value.replace(/\D/g, "");
  let fake = digits[0] ?? "4";
  for (let i = 1; i < digits.length - 1; i++) fake += rnd.char(DIGITS);
  // the check digit that makes the number Luhn-valid
  fake += "0123456789".split("").find((d) => luhnOk(fake + d)) as string;
  let i = 0;
  return value.replace(/\d/g, () => fake[i++] as string);
}

function ibanFake(value: string, rnd: KeyedStream): string {
  const compact = value.replace(/\s/g, "");
  const country = compact.slice(0, 2).toUpperCase();
  const bban = sameShape(compact.slice(4), rnd).toUpperCase();
  // ISO 13616 check digits: 98 - (BBAN + country + "00") mod 97
  const check = String(98 - mod97(`${bban}${country}00`)).padStart(2, "0");
  const fake = `${country}${check}${bban}`;
  let i = 0;
  return value.replace(/\S/g, () => fake[i++] as string);
}

const SYLLABLES = ["ka", "lo", "mi", "re", "sa", "to", "vu", "ne", "di", "ra", "po", "li", "ma", "ko", "sen", "tal"];

function word(rnd: KeyedStream, parts: number): string {
  let w = "";
  for (let i = 0; i < parts; i++) w += rnd.pick(SYLLABLES);
  return w;
}

/** Leading fixed part of a token (`ghp_`, `xoxb-`, `sk-proj-`, `AKIA`): kept so the fake still reads as that kind of key. */
const SECRET_PREFIX = /^(?:AKIA|ASIA|ABIA|ACCA|AIza|[A-Za-z]{2,10}(?:[_-][A-Za-z]{2,10})*[_-])/;

/**
 * A realistic fake for a found value, the same for the same (salt, type, value). Fakes are
 * chosen so the scanners do not report them again: emails at example domains, IPs in
 * private ranges, SSNs in the never-issued 9xx area, tokens that fail their checksums.
 * Returns undefined when no convincing fake exists (multi-line keys): redact those instead.
 */
export function pseudonymFor(finding: Finding, value: string, salt: string): string | undefined {
  const rnd = new KeyedStream(salt, `${finding.type}\u0000${value}`);
  if (finding.kind === "secret") {
    if (value.includes("\n")) return undefined;
    const prefix = SECRET_PREFIX.exec(value)?.[0] ?? "";
    return prefix + sameShape(value.slice(prefix.length), rnd);
  }
  switch (finding.type) {
    case "email":
      return `${word(rnd, 2)}.${word(rnd, 3)}${rnd.next(100)}@${rnd.pick(["example.com", "example.org", "example.net"])}`;
    case "ipv4":
      return `10.${rnd.next(256)}.${rnd.next(256)}.${1 + rnd.next(254)}`;
    case "ipv6": {
      const groups = ["fd00"];
      for (let i = 0; i < 7; i++) groups.push(rnd.next(65536).toString(16));
      return groups.join(":");
    }
    case "phone": {
      // keep a leading +country code so the fake stays in the same numbering plan
      const cc = /^\+\d{1,3}/.exec(value)?.[0].length ?? 0;
      return sameDigits(value, rnd, cc);
    }
    case "credit_card":
      return cardFake(value, rnd);
    case "iban":
      return ibanFake(value, rnd);
    case "us_ssn": {
      // area 9xx is never issued, so the fake cannot be anyone's number
      const area = String(900 + rnd.next(100));
      const group = String(1 + rnd.next(99)).padStart(2, "0");
      const serial = String(1 + rnd.next(9999)).padStart(4, "0");
      const fake = `${area}${group}${serial}`;
      let i = 0;
      return value.replace(/\d/g, () => fake[i++] as string);
    }
    default:
      return sameShape(value, rnd);
  }
}
