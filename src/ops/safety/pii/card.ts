import { allSame, digitsOf, luhnOk } from "./checksums.js";
import { type Detector, isWord } from "./context.js";

/**
 * Card-number shapes: 4-4-4-4(-3) and 4-6-5 / 4-6-4 (Amex, Diners) groups with one consistent separator
 * (space or dash), or 13-19 bare digits. Not after a word char, `.`, `+`, `-`, `/` or `$`.
 */
const CARD_RE = /(?<![\w.+/$-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})/g;

/** Brand by issuer identification number (first digits) and allowed lengths. */
export function cardBrand(d: string): string | undefined {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === "4") return n === 13 || n === 16 || n === 19 ? "visa" : undefined;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16 ? "mastercard" : undefined;
  if (p2 === 34 || p2 === 37) return n === 15 ? "amex" : undefined;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925))
    return n >= 16 && n <= 19 ? "discover" : undefined;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19 ? "jcb" : undefined;
  if ((p3 >= 300 && p3 <= 305) || p4 === 3095 || p2 === 36 || p2 === 38 || p2 === 39)
    return n >= 14 && n <= 19 ? "diners" : undefined;
  if (p2 === 62) return n >= 16 && n <= 19 ? "unionpay" : undefined;
  return undefined;
}

/** Public test numbers printed in payment providers' docs (Stripe, Braintree, Adyen, PayPal, Visa/Mastercard). */
const TEST_CARDS = new Set([
  "4111111111111111",
  "4242424242424242",
  "4000056655665556",
  "4012888888881881",
  "4222222222222",
  "4000000000000002",
  "4000000000000077",
  "4000000000009995",
  "4000002500003155",
  "4000000000003220",
  "4000000000000341",
  "4000000000000101",
  "4917610000000000",
  "4988438843884305",
  "4005519200000004",
  "4009348888881881",
  "4217651111111119",
  "4500600000000061",
  "4012000033330026",
  "4012000077777777",
  "4000111111111115",
  "5555555555554444",
  "5200828282828210",
  "5105105105105100",
  "5454545454545454",
  "5431111111111111",
  "2223003122003222",
  "2223000048400011",
  "2222400010000008",
  "5100000000000008",
  "378282246310005",
  "371449635398431",
  "378734493671000",
  "371144371144376",
  "6011111111111117",
  "6011000990139424",
  "6011000991300009",
  "6011601160116611",
  "6445644564456445",
  "3056930009020004",
  "36227206271667",
  "30569309025904",
  "38520000023237",
  "3566002020360505",
  "3530111333300000",
  "3566111111111113",
  "6200000000000005",
  "6200000000000047",
  "6212345678901265",
  "6243030000000001",
]);

/**
 * Payment card numbers: brand prefix and length (Visa, Mastercard 51-55 and 2221-2720, Amex 34/37, Discover,
 * JCB, Diners, UnionPay; Maestro's wide ranges are not covered), Luhn check, not one digit repeated between the prefix and the check digit, not part
 * of a longer digit run; well-known public test numbers, and numbers with a run of seven or more identical digits
 * (4007 0000 0000 27-style test numbers), are skipped when keep_test_cards.
 */
export const detectCards: Detector = (text, opts, out) => {
  CARD_RE.lastIndex = 0;
  for (let m = CARD_RE.exec(text); m; m = CARD_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const next = text.charCodeAt(end);
    if (isWord(next)) continue;
    // 4111 1111 1111 1111 1, 1234-5678-…-9: a longer grouped run; 4111111111111111.5: a decimal.
    if ((next === 32 || next === 45 || next === 46) && /\d/.test(text[end + 1] ?? "")) continue;
    const d = digitsOf(m[0]);
    if (!cardBrand(d) || !luhnOk(d) || allSame(d.slice(1, -1))) continue;
    if (opts.keepTestCards && (TEST_CARDS.has(d) || /(\d)\1{6}/.test(d))) continue;
    out.push({ type: "credit_card", start, end });
  }
};
