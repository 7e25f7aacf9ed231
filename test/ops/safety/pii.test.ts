import { describe, expect, it } from "vitest";
import { z } from "zod";
import { luhnOk, mod97, verhoeffOk } from "../../../src/ops/safety/pii/checksums.js";
import {
  PII_TYPES,
  type PiiOptions,
  piiOptionsSchema,
  resolvePiiOptions,
  scanPii,
  toPiiOptions,
} from "../../../src/ops/safety/pii/index.js";
import { classifyV4, classifyV6, v6Groups, versionLike } from "../../../src/ops/safety/pii/ip.js";

/** [type, value] of every finding, in order. */
function found(text: string, opts?: PiiOptions): Array<[string, string]> {
  return scanPii(text, opts).map((f) => [f.type, text.slice(f.start, f.end)]);
}

/** Values found of one type. */
function values(text: string, type: string, opts?: PiiOptions): string[] {
  return found(text, opts)
    .filter(([t]) => t === type)
    .map(([, v]) => v);
}

describe("options", () => {
  it("schema defaults give the documented defaults and round-trip to PiiOptions", () => {
    const p = piiOptionsSchema.parse({});
    expect(p.types).toEqual([...PII_TYPES]);
    expect(p.phone_regions).toEqual(["US"]);
    expect(p.keep_private_ips && p.keep_version_like_ips && p.keep_documentation_emails && p.keep_test_cards).toBe(
      true,
    );
    const o = toPiiOptions(p);
    expect(o.phoneRegions).toEqual(["US"]);
    expect(resolvePiiOptions(o).types.size).toBe(PII_TYPES.length);
    expect(() => piiOptionsSchema.parse({ typo: 1 })).toThrow();
    expect(() => piiOptionsSchema.parse({ types: ["name"] })).toThrow();
    expect(() => piiOptionsSchema.parse({ phone_regions: ["usa"] })).toThrow();
    // every field is described (smelt ops show renders the descriptions)
    for (const [k, v] of Object.entries(piiOptionsSchema.shape)) expect((v as z.ZodType).description, k).toBeTruthy();
    // embeddable in an operator's params
    const op = z.strictObject({ ...piiOptionsSchema.shape, mode: z.string().default("redact") });
    expect(op.parse({ types: ["email"] }).types).toEqual(["email"]);
  });

  it("types limits what is scanned", () => {
    const t = "mail jane.roe@acme.io, call +44 20 7946 0958";
    expect(found(t).map(([k]) => k)).toEqual(["email", "phone"]);
    expect(found(t, { types: ["phone"] }).map(([k]) => k)).toEqual(["phone"]);
  });

  it("findings carry line, column, masked preview and fingerprint, never the value", () => {
    const text = 'a = 1\n  owner: "jane.roe@acme.io"\n';
    const [f] = scanPii(text);
    expect(f).toMatchObject({ kind: "pii", type: "email", line: 2, column: 11 });
    expect(f?.preview).toBe("jane…(16 chars)");
    expect(f?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(f)).not.toContain("acme.io");
  });
});

describe("checksums", () => {
  it("Luhn, mod-97, Verhoeff", () => {
    expect(luhnOk("4539148803436467")).toBe(true);
    expect(luhnOk("4539148803436468")).toBe(false);
    expect(mod97("370400440532013000DE89")).toBe(1);
    expect(verhoeffOk("2363")).toBe(true); // 236 + check digit 3 (Verhoeff's worked example)
    expect(verhoeffOk("2364")).toBe(false);
  });
});

describe("email", () => {
  it("finds addresses in code, JSON, logs and prose", () => {
    expect(values('"author": "Sindre Sorhus <sindresorhus@gmail.com> (https://sindresorhus.com)"', "email")).toEqual([
      "sindresorhus@gmail.com",
    ]);
    expect(values("Author: Jane Roe <jane.roe+lists@mail.example-corp.co.uk>", "email")).toEqual([
      "jane.roe+lists@mail.example-corp.co.uk",
    ]);
    expect(values("<a href='mailto:Support@Acme.DEV'>mail us</a>", "email")).toEqual(["Support@Acme.DEV"]);
    expect(values("2024-01-05 12:00:01 INFO login ok user=o.brien_77@uni-heidelberg.de ip=-", "email")).toEqual([
      "o.brien_77@uni-heidelberg.de",
    ]);
    expect(values("Write to ...bob@smith.io.", "email")).toEqual(["bob@smith.io"]);
    expect(values("https://site.com/?email=ann@foo.org&x=1", "email")).toEqual(["ann@foo.org"]);
  });

  it("leaves non-addresses alone", () => {
    const negatives = [
      "git clone git@github.com:smelt/smelt.git",
      "ssh://git@gitlab.com/group/project.git",
      "postgres://admin:s3cret@db.internal.net:5432/app",
      "https://user:pass@registry.npmjs.org/",
      "npm i @babel/core@7.24.0 lodash@4.17.21",
      'background: url("icon@2x.png"); srcset="logo@3x.webp 3x, hero@1.5x.jpg"',
      "video@2x.mov",
      "y = x@self.data; z = a@b.T",
      "values = arr@obj.map(fn)",
      "@media (min-width: 600px) { .a { color: red } }",
      "@Component({ selector: 'app' })",
      "Message-ID: <142480216486.20800.16526388040877946887@mail.host.com>",
      "user@localhost root@ubuntu-box.local a@b",
      "contact admin@example.com or test@foo.test or x@bar.invalid or you@sub.example.org",
    ];
    for (const n of negatives) expect(values(n, "email"), n).toEqual([]);
  });

  it("reports documentation domains when asked", () => {
    expect(values("admin@example.com", "email", { keepDocumentationEmails: false })).toEqual(["admin@example.com"]);
  });
});

describe("ipv4", () => {
  it("reports public addresses only by default", () => {
    const log =
      '203.0.113.9 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 from 8.8.4.4 via 10.1.2.3 and 127.0.0.1';
    expect(values(log, "ipv4")).toEqual(["8.8.4.4"]);
    expect(values("server 93.184.216.34:443; allow 34.117.59.81/32;", "ipv4")).toEqual([
      "93.184.216.34",
      "34.117.59.81",
    ]);
    expect(values("mask 255.255.255.0 bcast 0.0.0.0 mcast 239.1.2.3", "ipv4")).toEqual([]);
  });

  it("keep_* options let private, loopback, link-local, documentation and reserved through", () => {
    const t = "a 10.0.0.1 b 127.0.0.1 c 169.254.1.1 d 192.0.2.5 e 100.64.0.1 f 224.0.0.251";
    expect(values(t, "ipv4", { keepPrivateIps: false })).toEqual(["10.0.0.1", "100.64.0.1"]);
    expect(values(t, "ipv4", { keepLoopbackIps: false })).toEqual(["127.0.0.1"]);
    expect(values(t, "ipv4", { keepLinkLocalIps: false })).toEqual(["169.254.1.1"]);
    expect(values(t, "ipv4", { keepDocumentationIps: false })).toEqual(["192.0.2.5"]);
    expect(values(t, "ipv4", { keepReservedIps: false })).toEqual(["224.0.0.251"]);
  });

  it("version-like quads are kept by default and reported when asked", () => {
    const versions = [
      "v1.2.3.4",
      '"version": "4.0.30.1"',
      '[assembly: AssemblyFileVersion("2.5.100.7")]',
      "pip install foo==1.2.3.4",
      "npm i @scope/pkg@1.2.3.4",
      "User-Agent: Mozilla/5.0 Chrome/91.0.44.124 Safari/537.36",
      "download lib-1.2.3.4.jar",
      "release 1.2.3.4-beta",
      "Build 8.1.2.4 passed",
    ];
    for (const v of versions) expect(values(v, "ipv4"), v).toEqual([]);
    expect(values("v1.2.3.4", "ipv4", { keepVersionLikeIps: false })).toEqual(["1.2.3.4"]);
    expect(values("ssh deploy@52.14.7.201", "ipv4")).toEqual(["52.14.7.201"]); // user@host is an address
  });

  it("an address after `ip=` in key=value logs is an address; `pkg=` and `==` still read as versions", () => {
    const log = "2026-11-22T10:01:02Z level=warn msg=denied ip=52.14.7.201 client_ip=34.201.9.17 port=443";
    expect(values(log, "ipv4")).toEqual(["52.14.7.201", "34.201.9.17"]);
    expect(values("X-Forwarded-For=18.204.33.7", "ipv4")).toEqual(["18.204.33.7"]);
    expect(values("pkg=52.14.7.201", "ipv4")).toEqual([]);
    expect(values("foo==52.14.7.201", "ipv4")).toEqual([]);
  });

  it("never reports parts of longer numbers, identifiers, sections or OIDs", () => {
    const negatives = [
      "OID 1.3.6.1.4.1.311.21.7",
      "1.2.3.4.5",
      "abc1.2.3.4",
      "x.1.2.3.4",
      "1.2.3.456",
      "01.02.03.04",
      "see section 4.2.2.13 of RFC 1122",
      "RFC 7540 8.1.2.4",
      "ES6$25.4.5.4",
      "::ffff:8.8.8.8 is the IPv6 detector's",
    ];
    for (const n of negatives) expect(values(n, "ipv4"), n).toEqual([]);
  });

  it("versionLike rule", () => {
    const at = (s: string, ip = "1.2.3.4") => versionLike(s, s.indexOf(ip), s.indexOf(ip) + ip.length);
    expect(at("v1.2.3.4")).toBe(true);
    expect(at("x ^1.2.3.4")).toBe(true);
    expect(at("root@1.2.3.4")).toBe(false);
    expect(at("a/b@1.2.3.4")).toBe(true);
    expect(at("host 1.2.3.4")).toBe(false);
    expect(at("server: 1.2.3.4")).toBe(false); // "ver" inside "server" is not a version word
  });
});

describe("ipv6", () => {
  it("reports global unicast addresses, any textual form", () => {
    const t =
      "dns 2606:4700:4700::1111, [2001:4860:4860::8888]:53, 2a00:1450:4001:82a::200e, ::ffff:8.8.8.8 and 2001:0db8:85a3::8a2e:370:7334";
    expect(values(t, "ipv6")).toEqual([
      "2606:4700:4700::1111",
      "2001:4860:4860::8888",
      "2a00:1450:4001:82a::200e",
      "::ffff:8.8.8.8",
    ]);
  });

  it("leaves code and non-public ranges alone", () => {
    const negatives = [
      "std::vector<int> v; foo::bar::baz()",
      "a[1::2], b[::3], c[::-1]",
      "dead::beef",
      "fe80::1%eth0, ::1, fc00::7, ff02::1, 2001:db8::1, ::",
      "12:30:45 00:1A:2B:3C:4D:5E",
      "Rust: u8::MAX, i32::from(x), Vec::<u8>::new()",
      "2001:1::1/128",
    ];
    for (const n of negatives) expect(values(n, "ipv6"), n).toEqual([]);
    expect(values("fe80::1%eth0", "ipv6", { keepLinkLocalIps: false })).toEqual(["fe80::1"]);
    expect(values("x = ::1", "ipv6", { keepLoopbackIps: false })).toEqual(["::1"]);
  });

  it("classifies", () => {
    expect(v6Groups("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(v6Groups("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(classifyV6(v6Groups("2001:db8::1"))).toBe("documentation");
    expect(classifyV6(v6Groups("fd12:3456::1"))).toBe("private");
    expect(classifyV6(v6Groups("::ffff:10.0.0.1"))).toBe("private");
    expect(classifyV4(0x08080808)).toBe("public");
    expect(classifyV4(0xc6120001)).toBe("reserved"); // 198.18.0.1 benchmarking
  });
});

describe("phone", () => {
  it("finds valid numbers in common formats", () => {
    const t = [
      "Call (415) 555-0132 or 212.555.0199, fax: 1-650-253-0000.",
      'phone: "+44 20 7946 0958", mobile +49 151 23456789, Paris +33 1 42 68 53 00',
      "tel:+14155550132",
      "Tel: +91 98765 43210 / +81 3-1234-5678 / +55 11 91234-5678",
    ].join("\n");
    expect(values(t, "phone")).toEqual([
      "(415) 555-0132",
      "212.555.0199",
      "1-650-253-0000",
      "+44 20 7946 0958",
      "+49 151 23456789",
      "+33 1 42 68 53 00",
      "+14155550132",
      "+91 98765 43210",
      "+81 3-1234-5678",
      "+55 11 91234-5678",
    ]);
  });

  it("does not swallow a following duration or time into the number", () => {
    expect(values("Voicemail from (415) 867-2093 (0:45): call me back", "phone")).toEqual(["(415) 867-2093"]);
    expect(values("missed call 415 867 2093 10:30", "phone")).toEqual(["415 867 2093"]);
  });

  it("region hints read national formats", () => {
    const t = "Bureau : 01 42 68 53 00, London office 020 7946 0958";
    expect(values(t, "phone")).toEqual([]);
    expect(values(t, "phone", { phoneRegions: ["FR", "GB"] })).toEqual(["01 42 68 53 00", "020 7946 0958"]);
  });

  it("a phone qualifier before number/no. makes a phone number; an id word before it does not", () => {
    const phones = [
      "Callback number 415-555-0132.",
      "home no. 415.555.0132",
      "Toll-free number 1-800-555-0199",
      "customer service number: 415 555 0132",
      "Emergency contact number 415-555-0132",
      "daytime number (415) 555-0132",
      "office # 415-555-0132",
    ];
    for (const p of phones) expect(values(p, "phone"), p).toHaveLength(1);
    const ids = ["part No. 415-555-0132", "order number 415-555-0132", "Account number: 415 555 0132"];
    for (const n of ids) expect(values(n, "phone"), n).toEqual([]);
  });

  it("bare digit runs need a phone word", () => {
    expect(values("phone=4155550132", "phone")).toEqual(["4155550132"]);
    expect(values("user_id=4155550132", "phone")).toEqual([]);
    expect(values('{"ts": 4155550132}', "phone")).toEqual([]);
  });

  it("does not read dates, times, versions, ids, hex or amounts as phones", () => {
    const negatives = [
      "2023-10-15 12:34:56.789 INFO started",
      "on 10/15/2023 at 9:30",
      "released 2.10.4155.5501",
      "Order #415-555-0132 shipped",
      "invoice no. 415 555 0132",
      "port 4155 and 5550",
      "ISBN 978-3-16-148410-0",
      "0x4155550132",
      "price: $415 555 0132",
      "<Buffer ab 90 78 56 34 12>",
      "Decimal('+35236450.6')",
      "HP part no 33471-90901",
      "coords 37.7749 -122.4194",
      "ids: 4155550132abc, abc4155550132",
      "https://example.org/u/4155550132",
      "4111 1111 1111 1111",
      "SSN 536-22-1234",
      "Example SSN format: 123-45-6789",
      "zip 94105-1234",
      "Population 2021: 6 777 328 inhabitants.",
      "ISBN-10 0-306-40615-2",
    ];
    for (const n of negatives) expect(values(n, "phone"), n).toEqual([]);
  });
});

describe("credit_card", () => {
  it("finds Luhn-valid numbers of known brands", () => {
    const t = [
      "Visa 4539 1488 0343 6467",
      "MC 5425-2334-3010-9903",
      "MC2 2223000048410010",
      "Amex 3714 496353 98431",
      "Discover 6011 0009 9013 9424",
      "JCB 3530 1113 3330 0000",
      "Diners 3056 930902 5904",
      "UnionPay 6212 3456 7890 1232",
    ].join("\n");
    const v = values(t, "credit_card", { keepTestCards: false });
    expect(v).toEqual([
      "4539 1488 0343 6467",
      "5425-2334-3010-9903",
      "2223000048410010",
      "3714 496353 98431",
      "6011 0009 9013 9424",
      "3530 1113 3330 0000",
      "3056 930902 5904",
      "6212 3456 7890 1232",
    ]);
    // with defaults the documented test numbers are left alone
    expect(values(t, "credit_card")).toEqual([
      "4539 1488 0343 6467",
      "5425-2334-3010-9903",
      "2223000048410010",
      "6212 3456 7890 1232",
    ]);
  });

  it("rejects wrong checksums, unknown prefixes, longer runs and mixed separators", () => {
    const negatives = [
      "4539 1488 0343 6468",
      "9007199254740991",
      "1700000000000",
      "1234 5678 9012 3452",
      "45391488034364671",
      "4539 1488 0343 6467 12",
      "4539-1488 0343-6467",
      "0.4539148803436467",
      "id=a4539148803436467",
      "Stripe test card 4242 4242 4242 4242",
      "4000 0000 0000 0002",
    ];
    for (const n of negatives) expect(values(n, "credit_card"), n).toEqual([]);
  });
});

describe("iban", () => {
  it("finds compact and grouped IBANs of registry countries", () => {
    const t = "DE89 3704 0044 0532 0130 00, GB29NWBK60161331926819; FR14 2004 1010 0505 0001 3M02 606 NO9386011117947";
    expect(values(t, "iban")).toEqual([
      "DE89 3704 0044 0532 0130 00",
      "GB29NWBK60161331926819",
      "FR14 2004 1010 0505 0001 3M02 606",
      "NO9386011117947",
    ]);
    expect(values("IBAN: NL91 ABNA 0417 1643 00 BIC ABNANL2A", "iban")).toEqual(["NL91 ABNA 0417 1643 00"]);
  });

  it("rejects bad checks, lengths, countries and placeholders", () => {
    const negatives = [
      "DE89 3704 0044 0532 0130 01",
      "DE8937040044053201300",
      "XX89370400440532013000",
      "DE00000000000000000066",
      "de89370400440532013000",
      "ABDE89370400440532013000",
    ];
    for (const n of negatives) expect(values(n, "iban"), n).toEqual([]);
  });
});

describe("us_ssn", () => {
  it("dashed/spaced always, bare only next to an SSN word", () => {
    expect(values("applicant 536-22-1234 and 536 22 1235", "us_ssn")).toEqual(["536-22-1234", "536 22 1235"]);
    expect(values("ssn=536221234", "us_ssn")).toEqual(["536221234"]);
    expect(values('{"socialSecurityNumber": "536221234"}', "us_ssn")).toEqual(["536221234"]);
    expect(values("id=536221234", "us_ssn")).toEqual([]);
    expect(values("lessness 536221234", "us_ssn")).toEqual([]);
  });

  it("an id word right before a dashed number makes it an id, unless an SSN word is there too", () => {
    for (const n of [
      "Replace part No. 536-22-1234 (left)",
      "order number 536-22-1234",
      "SKU# 536-22-1234",
      "Model 536-22-1234",
    ])
      expect(values(n, "us_ssn"), n).toEqual([]);
    for (const p of [
      "SSN No. 536-22-1234",
      "Social Security Number: 536-22-1234",
      "SS No. 536-22-1234",
      "employee 536-22-1234",
    ])
      expect(values(p, "us_ssn"), p).toEqual(["536-22-1234"]);
  });

  it("applies the SSA's structural rules", () => {
    const negatives = [
      "000-12-3456",
      "666-12-3456",
      "912-34-5678",
      "536-00-1234",
      "536-22-0000",
      "078-05-1120",
      "219-09-9999",
      "123-45-6789",
      "111-11-1111",
      "536-22-1234-5",
      "1536-22-1234",
      "536-22 1234",
    ];
    for (const n of negatives) expect(values(n, "us_ssn"), n).toEqual([]);
  });
});

describe("national ids", () => {
  it("keyword-gated ids: NHS, SIN, BSN, Aadhaar, bare CPF, compact NIR", () => {
    expect(values("NHS number: 943 476 5919", "uk_nhs")).toEqual(["943 476 5919"]);
    expect(values("ref 943 476 5919", "uk_nhs")).toEqual([]);
    expect(values("NHS number: 943 476 5918", "uk_nhs")).toEqual([]); // bad check digit
    expect(values("SIN: 130 692 544", "ca_sin")).toEqual(["130 692 544"]);
    expect(values("Math.sin(130692544)", "ca_sin")).toEqual([]);
    expect(values("BSN 111222333", "nl_bsn")).toEqual(["111222333"]);
    expect(values("BSN 111222334", "nl_bsn")).toEqual([]);
    expect(values("id 111222333", "nl_bsn")).toEqual([]);
    expect(values("Aadhaar: 2345 6789 0124", "in_aadhaar")).toEqual(["2345 6789 0124"]);
    expect(values("Aadhaar: 2345 6789 0125", "in_aadhaar")).toEqual([]);
    expect(values("CPF 52998224725", "br_cpf")).toEqual(["52998224725"]);
    expect(values("id 52998224725", "br_cpf")).toEqual([]);
    expect(values("NIR 185057800608491", "fr_nir")).toEqual(["185057800608491"]);
    expect(values("x 185057800608491", "fr_nir")).toEqual([]);
  });

  it("distinctive formats need no keyword", () => {
    expect(values("DNI 12345678Z, 12345678-Z; bad 12345678A", "es_dni")).toEqual(["12345678Z", "12345678-Z"]);
    expect(values("NIE X1234567L Y-1234567-X", "es_nie")).toEqual(["X1234567L", "Y-1234567-X"]);
    expect(values("n° 1 85 05 78 006 084 91", "fr_nir")).toEqual(["1 85 05 78 006 084 91"]);
    expect(values("cf: RSSMRA85T10A562S, bad RSSMRA85T10A562T", "it_fiscal_code")).toEqual(["RSSMRA85T10A562S"]);
    expect(values("CPF 529.982.247-25 / 111.111.111-11", "br_cpf")).toEqual(["529.982.247-25"]);
    expect(values("身份证 11010519491231002X, 11010519491331002X", "cn_resident_id")).toEqual(["11010519491231002X"]);
  });
});

describe("scale", () => {
  it("dense text and pathological runs stay fast", () => {
    const rows = ["name,email,card"];
    for (let i = 0; i < 5000; i++) rows.push(`User ${i},user${i}@acme-corp.io,4539 1488 0343 6467`);
    const t0 = performance.now();
    expect(scanPii(rows.join("\n"))).toHaveLength(10_000);
    for (const s of ["1".repeat(200_000), `${"a".repeat(200_000)}@`, "a@".repeat(100_000), ":".repeat(200_000)])
      scanPii(s);
    for (const s of ["1.".repeat(100_000), "1 ".repeat(100_000), "a:".repeat(100_000)]) scanPii(s);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe("overlaps", () => {
  it("the more certain type wins", () => {
    // a valid card number is also a phone-shaped run; a CPF in dotted form is not an IPv4
    expect(found("card 4539 1488 0343 6467", { keepTestCards: false }).map(([t]) => t)).toEqual(["credit_card"]);
    expect(found("NHS number: 943 476 5919").map(([t]) => t)).toEqual(["uk_nhs"]);
  });
});
