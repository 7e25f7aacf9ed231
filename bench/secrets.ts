/**
 * Labelled evaluation of the secret rules (`src/ops/safety/secrets/`): recall on documented credential
 * formats, false findings on real code no one here wrote, and throughput against the straightforward scan.
 *
 *   node --import tsx bench/secrets.ts [--repeats 3]
 *   node --import tsx bench/secrets.ts --print-positives > bench/fixtures/secrets/positives.jsonl
 *
 * Positives (`bench/fixtures/secrets/positives.jsonl`, {rule, format, text, value}): for every rule, synthetic
 * values of the shape the provider documents (prefix, length, alphabet, checksum; FORMATS below names
 * the source), each placed in 2–6 realistic contexts (Python/JS/Go/Java code, .env, YAML, JSON, XML, shell,
 * URLs, PEM blocks). A positive counts when a finding of that rule overlaps the labelled value (for key
 * blocks the label is the body's first line).
 *
 * Negatives: the project's node_modules sources (.js .mjs .cjs .ts .json .md .yml; files over 1 MB and
 * minified bundles skipped) and every .py under `/usr/lib/python3*` (paths relative to node_modules or to
 * /usr/lib: `python3.11/os.py`). Every finding is looked up in `bench/fixtures/secrets/reviewed.json` ({fingerprint, rule, path, verdict, note}); false
 * findings = verdict "false-positive" + unreviewed findings, which are listed so they can be reviewed.
 *
 * Throughput: the full scan (all rules) over the negatives, MB of UTF-8 per second on one core, against the
 * old algorithm (lowercase the text, keyword `includes` per rule, every gated rule's regex over the whole
 * text) kept below as `baselineScan`, measured in the same invocation. Both must report the same findings.
 * Writes nothing into the repository.
 */
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { glob } from "tinyglobby";
import type { Finding } from "../src/ops/safety/findings.js";
import {
  base62,
  crc32,
  type Kept,
  keepSpan,
  keptFindings,
  listSecretRules,
  loadRules,
  type RejectReason,
  rejectReason,
  scanSecrets,
} from "../src/ops/safety/secrets/scan.js";
import { rng } from "../test/ops/license/perturb.js";

const ROOT = resolve(import.meta.dirname, "..");
const NM = join(ROOT, "node_modules");
const FIXTURES = join(ROOT, "bench", "fixtures", "secrets");
const repeats = Number(process.argv[process.argv.indexOf("--repeats") + 1]) || 3;

// ------------------------------------------------------------------ synthetic values

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = "0123456789abcdef";
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;
const BASE32 = `${UPPER}234567`;
const BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

type Rand = () => number;
const pick = (r: Rand, alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join("");
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");
/** Random bytes as base64 (for keys documented as N random bytes). */
const bytesB64 = (r: Rand, n: number) => b64(Buffer.from(Array.from({ length: n }, () => int(r, 0, 255))));
/** GitHub/npm style: 30 random base62 chars + base62(crc32) (GitHub blog, "Behind GitHub's new authentication token formats"). */
const checksummed = (r: Rand) => {
  const body = pick(r, ALNUM, 30);
  return body + base62(crc32(body));
};
/** A password as password policies document them: 12–24 chars with upper, lower, digits and symbols. */
const password = (r: Rand) => {
  const n = int(r, 12, 24);
  let p = pick(r, UPPER, 1) + pick(r, LOWER, 2) + pick(r, DIGITS, 2);
  p += pick(r, `${ALNUM}!#%^*_-+=.~`, n - p.length - 1) + pick(r, LOWER + DIGITS, 1);
  return p;
};

// ------------------------------------------------------------------ contexts

/** A realistic snippet holding `value` under the name `name` (an env-style NAME_LIKE_THIS). */
type Context = (name: string, value: string) => string;
const camel = (n: string) => n.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (n: string) => camel(n).replace(/^./, (c) => c.toUpperCase());
const snake = (n: string) => n.toLowerCase();

const CONTEXTS: Record<string, Context> = {
  env: (n, v) => `# deploy settings\nNODE_ENV=production\n${n}=${v}\nLOG_LEVEL=info\n`,
  shell: (n, v) => `#!/usr/bin/env bash\nset -euo pipefail\nexport ${n}="${v}"\n./deploy.sh --prod\n`,
  python: (n, v) => `import os\n\n${n} = "${v}"\n\n\ndef client():\n    return Client(${snake(n)}=${n})\n`,
  js: (n, v) => `const ${camel(n)} = "${v}";\n\nexport function client() {\n  return new Client({ ${camel(n)} });\n}\n`,
  ts: (n, v) => `export const config = {\n  region: "eu-west-1",\n  ${camel(n)}: '${v}',\n};\n`,
  go: (n, v) => `package config\n\nconst ${pascal(n)} = "${v}"\n\nfunc Token() string { return ${pascal(n)} }\n`,
  yaml: (n, v) => `app:\n  name: billing\n  ${snake(n)}: ${v}\n  replicas: 2\n`,
  json: (n, v) => `{\n  "name": "billing",\n  "${camel(n)}": "${v}",\n  "retries": 3\n}\n`,
  xml: (n, v) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <appSettings>\n    <add key="${pascal(n)}" value="${v}" />\n  </appSettings>\n</configuration>\n`,
  curl: (_n, v) => `curl -sS https://api.internal.dev/v1/items \\\n  -H "Authorization: Bearer ${v}"\n`,
  docker: (n, v) => `services:\n  api:\n    image: api:1.4\n    environment:\n      - ${n}=${v}\n`,
  ruby: (n, v) => `Rails.application.configure do\n  config.${snake(n)} = "${v}"\nend\n`,
};

// ------------------------------------------------------------------ documented formats

interface Format {
  rule: string;
  /** The format's name and where it is documented. */
  format: string;
  name: string;
  make: (r: Rand) => string;
  contexts: (keyof typeof CONTEXTS)[] | ((v: string, r: Rand) => string[]);
  /** The labelled part of a value that the contexts wrap over lines (key blocks: the body's first line). */
  label?: (v: string) => string;
}

const jwt = (r: Rand) => {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const now = 1700000000 + int(r, 0, 9999999);
  const payload = b64url(
    JSON.stringify({ iss: "https://auth.acme.dev", sub: `usr_${pick(r, ALNUM, 12)}`, iat: now, exp: now + 3600 }),
  );
  return `${header}.${payload}.${b64url(Buffer.from(pick(r, ALNUM, 32)))}`;
};

const FORMATS: Format[] = [
  // --- cloud
  {
    rule: "aws-access-key-id",
    format: "AKIA + 16 (IAM user guide, unique ID prefixes; base32 as in the documented example)",
    name: "AWS_ACCESS_KEY_ID",
    make: (r) => `AKIA${pick(r, BASE32, 16)}`,
    contexts: ["env", "python", "json"],
  },
  {
    rule: "aws-access-key-id",
    format: "ASIA + 16 temporary STS key id",
    name: "AWS_ACCESS_KEY_ID",
    make: (r) => `ASIA${pick(r, BASE32, 16)}`,
    contexts: ["yaml", "shell"],
  },
  {
    rule: "aws-secret-access-key",
    format: "40 base64 chars (IAM user guide, wJalrXUtnFEMI/K7MDENG/bPxRfiCY… example)",
    name: "AWS_SECRET_ACCESS_KEY",
    make: (r) => pick(r, B64, 40),
    contexts: (v, r) => [
      `[default]\naws_access_key_id = AKIA${pick(r, BASE32, 16)}\naws_secret_access_key = ${v}\nregion = us-east-1\n`,
      `AWS_REGION=us-east-1\nAWS_SECRET_ACCESS_KEY=${v}\n`,
      `{\n  "Credentials": {\n    "AccessKeyId": "ASIA${pick(r, BASE32, 16)}",\n    "SecretAccessKey": "${v}",\n    "Expiration": "2024-05-01T12:00:00Z"\n  }\n}\n`,
      `s3 = boto3.client(\n    "s3",\n    aws_secret_access_key="${v}",\n)\n`,
      `sess := session.Must(session.NewSession(&aws.Config{\n\tCredentials: credentials.NewStaticCredentials("AKIA${pick(r, BASE32, 16)}", "${v}", ""),\n}))\n`,
      `AWSCredentials creds = new BasicAWSCredentials("AKIA${pick(r, BASE32, 16)}", "${v}");\n`,
    ],
  },
  {
    rule: "gcp-api-key",
    format: "AIza + 35 (Google Cloud API keys docs)",
    name: "GOOGLE_API_KEY",
    make: (r) => `AIza${pick(r, B64URL, 35)}`,
    contexts: ["js", "env", "xml"],
  },
  {
    rule: "gcp-service-account-key",
    format: "service-account key file JSON (IAM docs: private_key_id 40 hex)",
    name: "",
    make: (r) => pick(r, HEX, 40),
    contexts: (v, r) => [
      `{\n  "type": "service_account",\n  "project_id": "billing-prod-4711",\n  "private_key_id": "${v}",\n  "client_email": "ci@billing-prod-4711.iam.gserviceaccount.com"\n}\n`,
      `{"type":"service_account","project_id":"p-${pick(r, LOWER, 6)}","private_key_id":"${v}","client_id":"1${pick(r, DIGITS, 20)}"}`,
    ],
  },
  {
    rule: "google-oauth-client-secret",
    format: "GOCSPX- + 28 (Google OAuth client secret format, 2021)",
    name: "GOOGLE_CLIENT_SECRET",
    make: (r) => `GOCSPX-${pick(r, B64URL, 28)}`,
    contexts: ["env", "json", "python"],
  },
  {
    rule: "google-oauth-access-token",
    format: "ya29. + opaque token (Google OAuth 2.0 docs)",
    name: "ACCESS_TOKEN",
    make: (r) => `ya29.a0${pick(r, B64URL, int(r, 120, 200))}`,
    contexts: ["curl", "python", "env"],
  },
  {
    rule: "azure-storage-connection-string",
    format: "AccountKey = base64 of 64 bytes (Azure Storage connection strings docs)",
    name: "AZURE_STORAGE_CONNECTION_STRING",
    make: (r) => bytesB64(r, 64),
    contexts: (v) => [
      `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=billingprod;AccountKey=${v};EndpointSuffix=core.windows.net"\n`,
      `{\n  "ConnectionStrings": {\n    "Blob": "DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=${v};EndpointSuffix=core.windows.net"\n  }\n}\n`,
      `var client = new BlobServiceClient("DefaultEndpointsProtocol=https;AccountName=media;AccountKey=${v}");\n`,
    ],
  },
  {
    rule: "azure-shared-access-key",
    format: "SharedAccessKey = base64 of 32 bytes (Service Bus / Event Hubs connection strings docs)",
    name: "",
    make: (r) => bytesB64(r, 32),
    contexts: (v) => [
      `SERVICEBUS_CONNECTION="Endpoint=sb://billing-prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${v}"\n`,
      `{\n  "EventHub": "Endpoint=sb://telemetry.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${v};EntityPath=events"\n}\n`,
      `HostName=iot-prod.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${v}\n`,
    ],
  },
  {
    rule: "azure-sas-token",
    format: "sig = URL-encoded base64 HMAC-SHA256 (Azure Storage shared access signatures docs)",
    name: "",
    make: (r) => encodeURIComponent(bytesB64(r, 32)),
    contexts: (v) => [
      `https://acmelogs.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&spr=https&sig=${v}\n`,
      `AZURE_SAS_URL="https://media.blob.core.windows.net/uploads?sp=racwdl&st=2024-05-01T09:00:00Z&se=2024-06-01T09:00:00Z&sv=2022-11-02&sr=c&sig=${v}"\n`,
      `BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2021-06-08&ss=bfqt&srt=sco&sp=rwdlacup&se=2024-12-31T23:59:59Z&sig=${v}\n`,
    ],
  },
  {
    rule: "azure-ad-client-secret",
    format: "Entra ID client secret: 3 chars, digit, Q~, 34 chars (Microsoft secret scanning patterns)",
    name: "AZURE_CLIENT_SECRET",
    make: (r) => `${pick(r, ALNUM, 3)}${pick(r, DIGITS, 1)}Q~${pick(r, `${ALNUM}_~.-`, 33)}${pick(r, ALNUM, 1)}`,
    contexts: ["env", "json", "python"],
  },
  // --- source hosting
  {
    rule: "github-pat",
    format: "ghp_ + 30 + base62 CRC32 (GitHub token formats blog)",
    name: "GITHUB_TOKEN",
    make: (r) => `ghp_${checksummed(r)}`,
    contexts: ["env", "yaml", "go"],
  },
  {
    rule: "github-oauth-token",
    format: "gho_ + 30 + checksum",
    name: "GH_OAUTH_TOKEN",
    make: (r) => `gho_${checksummed(r)}`,
    contexts: ["json", "python"],
  },
  {
    rule: "github-app-token",
    format: "ghs_/ghu_ + 30 + checksum (installation / user-to-server)",
    name: "GH_APP_TOKEN",
    make: (r) => `${r() < 0.5 ? "ghs" : "ghu"}_${checksummed(r)}`,
    contexts: ["shell", "js", "curl"],
  },
  {
    rule: "github-refresh-token",
    format: "ghr_ + 30 + checksum",
    name: "GH_REFRESH_TOKEN",
    make: (r) => `ghr_${checksummed(r)}`,
    contexts: ["json", "env"],
  },
  {
    rule: "github-fine-grained-pat",
    format: "github_pat_ + 22 + _ + 59 (GitHub docs, fine-grained tokens)",
    name: "GITHUB_TOKEN",
    make: (r) => `github_pat_${pick(r, ALNUM, 22)}_${pick(r, ALNUM, 59)}`,
    contexts: ["env", "yaml", "shell"],
  },
  {
    rule: "gitlab-pat",
    format: "glpat- + 20 (GitLab token prefixes docs)",
    name: "GITLAB_TOKEN",
    make: (r) => `glpat-${pick(r, B64URL, 20)}`,
    contexts: ["env", "curl", "python"],
  },
  {
    rule: "gitlab-pipeline-trigger-token",
    format: "glptt- + 40 hex",
    name: "CI_TRIGGER_TOKEN",
    make: (r) => `glptt-${pick(r, HEX, 40)}`,
    contexts: ["shell", "yaml"],
  },
  {
    rule: "gitlab-runner-token",
    format: "glrt- + 20 (runner authentication token)",
    name: "RUNNER_TOKEN",
    make: (r) => `glrt-${pick(r, B64URL, 20)}`,
    contexts: (v) => [
      `[[runners]]\n  name = "docker-runner"\n  url = "https://gitlab.com"\n  token = "${v}"\n  executor = "docker"\n`,
      `gitlab-runner register --non-interactive --url https://gitlab.com --token ${v}\n`,
    ],
  },
  {
    rule: "bitbucket-app-password",
    format: "ATBB + 32 (Bitbucket app passwords)",
    name: "BITBUCKET_APP_PASSWORD",
    make: (r) => `ATBB${pick(r, ALNUM, 24)}${pick(r, HEX.toUpperCase(), 8)}`,
    contexts: ["env", "yaml", "shell"],
  },
  {
    rule: "atlassian-api-token",
    format: "ATATT3 + base64url + = + 8 hex checksum (Atlassian API tokens)",
    name: "JIRA_API_TOKEN",
    make: (r) => `ATATT3xFfGF0${pick(r, B64URL, 170)}=${pick(r, HEX.toUpperCase(), 8)}`,
    contexts: ["env", "python"],
  },
  // --- package registries
  {
    rule: "npm-token",
    format: "npm_ + 30 + base62 CRC32 (npm blog, new token format)",
    name: "NPM_TOKEN",
    make: (r) => `npm_${checksummed(r)}`,
    contexts: (v) => [
      `//registry.npmjs.org/:_authToken=${v}\n`,
      `NPM_TOKEN=${v}\n`,
      `- name: publish\n  run: npm publish\n  env:\n    NODE_AUTH_TOKEN: ${v}\n`,
    ],
  },
  {
    rule: "pypi-token",
    format: "pypi-AgEIcHlwaS5vcmc + macaroon (PyPI API tokens help)",
    name: "PYPI_TOKEN",
    make: (r) => `pypi-AgEIcHlwaS5vcmc${pick(r, B64URL, int(r, 140, 200))}`,
    contexts: (v) => [
      `[pypi]\n  username = __token__\n  password = ${v}\n`,
      `TWINE_PASSWORD=${v}\n`,
      `uv publish --token ${v}\n`,
    ],
  },
  {
    rule: "nuget-api-key",
    format: "oy2 + 43 lowercase alphanumerics (NuGet.org API keys)",
    name: "NUGET_API_KEY",
    make: (r) => `oy2${pick(r, LOWER + DIGITS, 43)}`,
    contexts: (v) => [
      `dotnet nuget push bin/Release/*.nupkg --api-key ${v} --source https://api.nuget.org/v3/index.json\n`,
      `NUGET_API_KEY=${v}\n`,
    ],
  },
  {
    rule: "rubygems-api-key",
    format: "rubygems_ + 48 hex (RubyGems API key prefix)",
    name: "GEM_HOST_API_KEY",
    make: (r) => `rubygems_${pick(r, HEX, 48)}`,
    contexts: (v) => [`---\n:rubygems_api_key: ${v}\n`, `GEM_HOST_API_KEY=${v}\n`],
  },
  // --- chat and SaaS
  {
    rule: "slack-bot-token",
    format: "xoxb-<team>-<bot>-<24> (Slack token types)",
    name: "SLACK_BOT_TOKEN",
    make: (r) => `xoxb-${pick(r, DIGITS, 11)}-${pick(r, DIGITS, 13)}-${pick(r, ALNUM, 24)}`,
    contexts: ["env", "python", "js"],
  },
  {
    rule: "slack-user-token",
    format: "xoxp-<n>-<n>-<n>-<32 hex> (Slack user token)",
    name: "SLACK_USER_TOKEN",
    make: (r) => `xoxp-${pick(r, DIGITS, 11)}-${pick(r, DIGITS, 11)}-${pick(r, DIGITS, 13)}-${pick(r, HEX, 32)}`,
    contexts: ["env", "json"],
  },
  {
    rule: "slack-app-token",
    format: "xapp-1-<app id>-<n>-<64 hex> (Slack app-level token)",
    name: "SLACK_APP_TOKEN",
    make: (r) => `xapp-1-A${pick(r, UPPER + DIGITS, 10)}-${pick(r, DIGITS, 13)}-${pick(r, HEX, 64)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "slack-webhook-url",
    format: "https://hooks.slack.com/services/T…/B…/<24> (Slack incoming webhooks)",
    name: "SLACK_WEBHOOK_URL",
    make: (r) =>
      `https://hooks.slack.com/services/T${pick(r, UPPER + DIGITS, 10)}/B${pick(r, UPPER + DIGITS, 10)}/${pick(r, ALNUM, 24)}`,
    contexts: ["env", "yaml", "js"],
  },
  {
    rule: "discord-webhook-url",
    format: "https://discord.com/api/webhooks/<snowflake>/<68> (Discord webhook resource)",
    name: "DISCORD_WEBHOOK",
    make: (r) => `https://discord.com/api/webhooks/1${pick(r, DIGITS, 18)}/${pick(r, B64URL, 68)}`,
    contexts: ["env", "python", "json"],
  },
  {
    rule: "discord-bot-token",
    format: "base64(user id).<6>.<27|38> (Discord bot token)",
    name: "DISCORD_TOKEN",
    make: (r) =>
      `${b64(`1${pick(r, DIGITS, 18)}`).replace(/=+$/, "")}.${pick(r, B64URL, 6)}.${pick(r, B64URL, r() < 0.5 ? 27 : 38)}`,
    contexts: (v) => [
      `DISCORD_TOKEN=${v}\n`,
      `const { Client, GatewayIntentBits } = require("discord.js");\nconst client = new Client({ intents: [GatewayIntentBits.Guilds] });\nclient.login("${v}");\n`,
      `import discord\n\nbot = discord.Client(intents=discord.Intents.default())\nbot.run("${v}")\n`,
    ],
  },
  {
    rule: "telegram-bot-token",
    format: "<bot id>:AA<33> (Telegram Bot API, 110201543:AAHdqTcv… example)",
    name: "TELEGRAM_BOT_TOKEN",
    make: (r) => `${int(r, 1, 9)}${pick(r, DIGITS, int(r, 8, 9))}:AA${pick(r, B64URL, 33)}`,
    contexts: (v) => [
      `TELEGRAM_BOT_TOKEN=${v}\n`,
      `bot = telebot.TeleBot("${v}")\n`,
      `curl "https://api.telegram.org/bot${v}/getMe"\n`,
    ],
  },
  {
    rule: "twilio-api-key",
    format: "SK + 32 hex (Twilio API keys)",
    name: "TWILIO_API_KEY",
    make: (r) => `SK${pick(r, HEX, 32)}`,
    contexts: ["env", "python", "js"],
  },
  {
    rule: "twilio-account-sid",
    format: "AC + 32 hex (Twilio account SID)",
    name: "TWILIO_ACCOUNT_SID",
    make: (r) => `AC${pick(r, HEX, 32)}`,
    contexts: ["env", "ruby", "go"],
  },
  {
    rule: "sendgrid-api-key",
    format: "SG.<22>.<43> (SendGrid API keys)",
    name: "SENDGRID_API_KEY",
    make: (r) => `SG.${pick(r, B64URL, 22)}.${pick(r, B64URL, 43)}`,
    contexts: ["env", "js", "python"],
  },
  {
    rule: "mailgun-api-key",
    format: "key- + 32 (Mailgun private API key, key-3ax6xnjp29jd6fds4gc373sgvjxteol0 example)",
    name: "MAILGUN_API_KEY",
    make: (r) => `key-${pick(r, LOWER + DIGITS, 32)}`,
    contexts: ["env", "python", "curl"],
  },
  {
    rule: "mailchimp-api-key",
    format: "32 hex + -us<dc> (Mailchimp API keys)",
    name: "MAILCHIMP_API_KEY",
    make: (r) => `${pick(r, HEX, 32)}-us${int(r, 1, 21)}`,
    contexts: ["env", "json", "python"],
  },
  {
    rule: "stripe-secret-key",
    format: "sk_live_ + 24..99 (Stripe API keys)",
    name: "STRIPE_SECRET_KEY",
    make: (r) => `sk_live_${r() < 0.5 ? pick(r, ALNUM, 24) : `51${pick(r, ALNUM, 97)}`}`,
    contexts: ["env", "ruby", "js"],
  },
  {
    rule: "stripe-restricted-key",
    format: "rk_live_ + 24..99",
    name: "STRIPE_RESTRICTED_KEY",
    make: (r) => `rk_live_${r() < 0.5 ? pick(r, ALNUM, 24) : `51${pick(r, ALNUM, 97)}`}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "stripe-webhook-secret",
    format: "whsec_ + 32 (Stripe webhook signing secret)",
    name: "STRIPE_WEBHOOK_SECRET",
    make: (r) => `whsec_${pick(r, ALNUM, 32)}`,
    contexts: ["env", "python", "go"],
  },
  {
    rule: "shopify-access-token",
    format: "shpat_/shpca_/shppa_ + 32 hex (Shopify access tokens)",
    name: "SHOPIFY_ACCESS_TOKEN",
    make: (r) => `${["shpat", "shpca", "shppa"][int(r, 0, 2)]}_${pick(r, HEX, 32)}`,
    contexts: ["env", "js", "yaml"],
  },
  {
    rule: "shopify-shared-secret",
    format: "shpss_ + 32 hex (Shopify app shared secret)",
    name: "SHOPIFY_API_SECRET",
    make: (r) => `shpss_${pick(r, HEX, 32)}`,
    contexts: ["env", "json"],
  },
  {
    rule: "square-access-token",
    format: "EAAA + 60 (Square access tokens; sq0atp- legacy)",
    name: "SQUARE_ACCESS_TOKEN",
    make: (r) => (r() < 0.7 ? `EAAA${pick(r, B64URL, 60)}` : `sq0atp-${pick(r, B64URL, 22)}`),
    contexts: ["env", "python", "json"],
  },
  {
    rule: "square-oauth-secret",
    format: "sq0csp- + 43 (Square OAuth application secret)",
    name: "SQUARE_APPLICATION_SECRET",
    make: (r) => `sq0csp-${pick(r, B64URL, 43)}`,
    contexts: ["env", "yaml"],
  },
  // --- AI providers
  {
    rule: "openai-api-key",
    format: "sk-proj-/sk-svcacct-/sk- … T3BlbkFJ … (OpenAI API keys)",
    name: "OPENAI_API_KEY",
    make: (r) => {
      const kind = int(r, 0, 2);
      if (kind === 0) return `sk-${pick(r, ALNUM, 20)}T3BlbkFJ${pick(r, ALNUM, 20)}`;
      const p = kind === 1 ? "proj" : "svcacct";
      return `sk-${p}-${pick(r, B64URL, 74)}T3BlbkFJ${pick(r, B64URL, 74)}`;
    },
    contexts: ["env", "python", "ts"],
  },
  {
    rule: "anthropic-api-key",
    format: "sk-ant-api03- + 93 + AA (Anthropic API keys)",
    name: "ANTHROPIC_API_KEY",
    make: (r) => `sk-ant-api03-${pick(r, B64URL, 93)}AA`,
    contexts: ["env", "python", "shell"],
  },
  {
    rule: "huggingface-token",
    format: "hf_ + 34 letters (Hugging Face user access tokens)",
    name: "HF_TOKEN",
    make: (r) => `hf_${pick(r, UPPER + LOWER, 34)}`,
    contexts: ["env", "python", "shell"],
  },
  {
    rule: "cohere-api-key",
    format: "40 alphanumerics next to cohere (Cohere API keys)",
    name: "COHERE_API_KEY",
    make: (r) => pick(r, ALNUM, 40),
    contexts: (v) => [
      `COHERE_API_KEY=${v}\n`,
      `import cohere\n\nco = cohere.ClientV2(api_key="${v}")\n`,
      `llm:\n  provider: cohere\n  cohere_api_key: ${v}\n`,
    ],
  },
  {
    rule: "groq-api-key",
    format: "gsk_ + 52 (Groq API keys)",
    name: "GROQ_API_KEY",
    make: (r) => `gsk_${pick(r, ALNUM, 52)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "replicate-api-token",
    format: "r8_ + 37 (Replicate API tokens)",
    name: "REPLICATE_API_TOKEN",
    make: (r) => `r8_${pick(r, ALNUM, 37)}`,
    contexts: ["env", "shell"],
  },
  // --- developer platforms
  {
    rule: "digitalocean-token",
    format: "dop_v1_/doo_v1_/dor_v1_ + 64 hex (DigitalOcean token prefixes)",
    name: "DIGITALOCEAN_TOKEN",
    make: (r) => `${["dop", "doo", "dor"][int(r, 0, 2)]}_v1_${pick(r, HEX, 64)}`,
    contexts: ["env", "shell", "go"],
  },
  {
    rule: "linear-api-key",
    format: "lin_api_ + 40 (Linear personal API keys)",
    name: "LINEAR_API_KEY",
    make: (r) => `lin_api_${pick(r, ALNUM, 40)}`,
    contexts: ["env", "ts"],
  },
  {
    rule: "postman-api-key",
    format: "PMAK- + 24 hex - 34 hex (Postman API keys)",
    name: "POSTMAN_API_KEY",
    make: (r) => `PMAK-${pick(r, HEX, 24)}-${pick(r, HEX, 34)}`,
    contexts: ["env", "curl"],
  },
  {
    rule: "pulumi-access-token",
    format: "pul- + 40 hex (Pulumi access tokens)",
    name: "PULUMI_ACCESS_TOKEN",
    make: (r) => `pul-${pick(r, HEX, 40)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "grafana-service-account-token",
    format: "glsa_ + 32 + _ + 8 hex (Grafana service account tokens)",
    name: "GRAFANA_TOKEN",
    make: (r) => `glsa_${pick(r, ALNUM, 32)}_${pick(r, HEX, 8)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "databricks-token",
    format: "dapi + 32 hex (Databricks personal access tokens)",
    name: "DATABRICKS_TOKEN",
    make: (r) => `dapi${pick(r, HEX, 32)}${r() < 0.3 ? "-2" : ""}`,
    contexts: (v) => [
      `[DEFAULT]\nhost = https://adb-1234567890123456.7.azuredatabricks.net\ntoken = ${v}\n`,
      `DATABRICKS_TOKEN=${v}\n`,
    ],
  },
  {
    rule: "newrelic-user-api-key",
    format: "NRAK- + 27 (New Relic user keys)",
    name: "NEW_RELIC_API_KEY",
    make: (r) => `NRAK-${pick(r, UPPER + DIGITS, 27)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "vault-service-token",
    format: "hvs. + ~90 (HashiCorp Vault 1.10+ token format)",
    name: "VAULT_TOKEN",
    make: (r) => `hvs.CAESI${pick(r, B64URL, int(r, 86, 100))}`,
    contexts: ["env", "shell"],
  },
  {
    rule: "terraform-cloud-token",
    format: "<14>.atlasv1.<67> (Terraform Cloud API tokens)",
    name: "TFE_TOKEN",
    make: (r) => `${pick(r, ALNUM, 14)}.atlasv1.${pick(r, B64URL, 67)}`,
    contexts: (v) => [`credentials "app.terraform.io" {\n  token = "${v}"\n}\n`, `TFE_TOKEN=${v}\n`],
  },
  {
    rule: "dockerhub-pat",
    format: "dckr_pat_ + 27 (Docker Hub access tokens)",
    name: "DOCKERHUB_TOKEN",
    make: (r) => `dckr_pat_${pick(r, B64URL, 27)}`,
    contexts: (v) => [`echo "${v}" | docker login -u ci-bot --password-stdin\n`, `DOCKERHUB_TOKEN=${v}\n`],
  },
  {
    rule: "planetscale-token",
    format: "pscale_tkn_/pscale_pw_ + 43 (PlanetScale service tokens and passwords)",
    name: "PLANETSCALE_TOKEN",
    make: (r) => `pscale_${r() < 0.5 ? "tkn" : "pw"}_${pick(r, B64URL, 43)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "age-secret-key",
    format: "AGE-SECRET-KEY-1 + 58 bech32 (age spec)",
    name: "SOPS_AGE_KEY",
    make: (r) => `AGE-SECRET-KEY-1${pick(r, BECH32, 58)}`,
    contexts: (v, r) => [
      `# created: 2024-03-01T10:00:00Z\n# public key: age1${pick(r, BECH32.toLowerCase(), 58)}\n${v}\n`,
      `SOPS_AGE_KEY=${v}\n`,
    ],
  },
  {
    rule: "mapbox-secret-token",
    format: "sk.eyJ… (Mapbox secret access tokens)",
    name: "MAPBOX_SECRET_TOKEN",
    make: (r) =>
      `sk.${b64url(JSON.stringify({ u: `acme-${pick(r, LOWER, 6)}`, a: pick(r, LOWER + DIGITS, 25) }))}.${pick(r, B64URL, 22)}`,
    contexts: ["env", "js"],
  },
  // --- tokens and keys
  {
    rule: "jwt",
    format: "header.payload.signature, base64url JSON (RFC 7519)",
    name: "ID_TOKEN",
    make: jwt,
    contexts: ["python", "json", "js"],
  },
  {
    rule: "openssh-private-key",
    format: "-----BEGIN OPENSSH PRIVATE KEY----- (OpenSSH PROTOCOL.key)",
    name: "",
    make: (r) => `b3BlbnNzaC1rZXktdjEAAAAA${bytesB64(r, 300).slice(0, 376)}`,
    label: (v) => v.slice(0, 70),
    contexts: (v) => {
      const body = v.replace(/(.{70})/g, "$1\n").trim();
      const key = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----`;
      return [
        `${key}\n`,
        `deploy_key: |\n  ${key.split("\n").join("\n  ")}\n`,
        `{"ssh_key": ${JSON.stringify(key)}}\n`,
      ];
    },
  },
  {
    rule: "pgp-private-key",
    format: "-----BEGIN PGP PRIVATE KEY BLOCK----- (RFC 4880 ASCII armor)",
    name: "",
    make: (r) => `lQVYBG${bytesB64(r, 240)}`,
    label: (v) => v.slice(0, 64),
    contexts: (v) => {
      const key = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${v.replace(/(.{64})/g, "$1\n").trim()}\n=Ab3x\n-----END PGP PRIVATE KEY BLOCK-----`;
      return [`${key}\n`, `GPG_PRIVATE_KEY: |\n  ${key.split("\n").join("\n  ")}\n`];
    },
  },
  {
    rule: "putty-private-key",
    format: "PuTTY-User-Key-File-3 (PuTTY ppk format)",
    name: "",
    make: (r) => bytesB64(r, 48),
    contexts: (v, r) => [
      `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20240301\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI${pick(r, B64, 39)}\n${pick(r, B64, 12)}\nPrivate-Lines: 1\n${v}\nPrivate-MAC: ${pick(r, HEX, 64)}\n`,
      `PuTTY-User-Key-File-2: ssh-rsa\r\nEncryption: none\r\nComment: rsa-key-20190101\r\nPublic-Lines: 1\r\nAAAAB3NzaC1yc2EAAAABJQ${pick(r, B64, 40)}\r\nPrivate-Lines: 1\r\n${v}\r\nPrivate-MAC: ${pick(r, HEX, 40)}\r\n`,
    ],
  },
  {
    rule: "private-key",
    format: "PEM RSA / EC / PKCS#8 / encrypted private keys (RFC 7468)",
    name: "",
    make: (r) => bytesB64(r, 600),
    label: (v) => v.slice(0, 64),
    contexts: (v, r) => {
      const lines = v.replace(/(.{64})/g, "$1\n").trim();
      const rsa = `-----BEGIN RSA PRIVATE KEY-----\n${lines}\n-----END RSA PRIVATE KEY-----`;
      const p8 = `-----BEGIN PRIVATE KEY-----\n${lines}\n-----END PRIVATE KEY-----`;
      const ec = `-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${pick(r, HEX.toUpperCase(), 32)}\n\n${lines}\n-----END EC PRIVATE KEY-----`;
      return [
        `${rsa}\n`,
        `FIREBASE_PRIVATE_KEY="${p8.replace(/\n/g, "\\n")}\\n"\n`,
        `const privateKey = ${JSON.stringify(p8)};\n`,
        `tls:\n  key: |\n    ${ec.split("\n").join("\n    ")}\n`,
      ];
    },
  },
  // --- connection strings and URLs
  {
    rule: "postgres-uri-password",
    format: "postgresql://user:password@host/db (libpq connection URIs)",
    name: "DATABASE_URL",
    make: password,
    contexts: (v) => [
      `DATABASE_URL=postgres://app:${v}@db.internal:5432/billing\n`,
      `engine = create_engine("postgresql+psycopg2://report:${v}@10.0.3.7/analytics")\n`,
      `    environment:\n      DATABASE_URL: postgresql://svc_api:${v}@postgres:5432/api?sslmode=require\n`,
    ],
  },
  {
    rule: "mysql-uri-password",
    format: "mysql://user:password@host/db (MySQL connection URIs)",
    name: "DATABASE_URL",
    make: password,
    contexts: (v) => [
      `DATABASE_URL=mysql://shop:${v}@mysql.internal:3306/shop\n`,
      `SQLALCHEMY_DATABASE_URI = "mysql+pymysql://root:${v}@127.0.0.1/app"\n`,
    ],
  },
  {
    rule: "mongodb-uri-password",
    format: "mongodb[+srv]://user:password@host (MongoDB connection strings)",
    name: "MONGODB_URI",
    make: password,
    contexts: (v) => [
      `MONGODB_URI=mongodb+srv://admin-user:${v}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true\n`,
      `mongoose.connect("mongodb://api:${v}@mongo-0.mongo:27017/api?replicaSet=rs0");\n`,
    ],
  },
  {
    rule: "redis-uri-password",
    format: "redis[s]://[user]:password@host (Redis URI scheme)",
    name: "REDIS_URL",
    make: password,
    contexts: (v) => [
      `REDIS_URL=redis://:${v}@redis.internal:6379/0\n`,
      `r = redis.from_url("rediss://default:${v}@eu1-cache.upstash.io:6379")\n`,
    ],
  },
  {
    rule: "amqp-uri-password",
    format: "amqp[s]://user:password@host (RabbitMQ URI spec)",
    name: "AMQP_URL",
    make: password,
    contexts: (v) => [
      `AMQP_URL=amqps://worker:${v}@rabbit.internal:5671/prod\n`,
      `conn, err := amqp.Dial("amqp://jobs:${v}@localhost:5672/")\n`,
    ],
  },
  {
    rule: "url-credentials",
    format: "scheme://user:password@host (RFC 3986 userinfo)",
    name: "",
    make: password,
    contexts: (v) => [
      `git clone https://ci-bot:${v}@git.acme.dev/platform/infra.git\n`,
      `pip install --index-url https://deploy:${v}@pypi.acme.dev/simple/ acme-core\n`,
      `ftp_url = "ftp://backup:${v}@files.acme.dev/nightly/"\n`,
    ],
  },
  {
    rule: "url-password-parameter",
    format: "?user=…&password=… (PostgreSQL / MySQL JDBC URL docs)",
    name: "",
    make: password,
    contexts: (v) => [
      `spring.datasource.url=jdbc:postgresql://db.internal:5432/app?user=app&password=${v}&ssl=true\n`,
      `String url = "jdbc:mysql://mysql:3306/shop?user=shop&password=${v}";\n`,
    ],
  },
  {
    rule: "basic-auth-header",
    format: "Authorization: Basic base64(user:password) (RFC 7617)",
    name: "",
    make: (r) => b64(`svc-${pick(r, LOWER, 5)}:${password(r)}`),
    contexts: (v) => [
      `curl -H "Authorization: Basic ${v}" https://jenkins.acme.dev/api/json\n`,
      `const res = await fetch(url, { headers: { Authorization: "Basic ${v}" } });\n`,
      `proxy_set_header Authorization "Basic ${v}";\n`,
    ],
  },
  {
    rule: "bearer-token",
    format: "Authorization: Bearer <opaque token> (RFC 6750)",
    name: "",
    make: (r) => pick(r, `${ALNUM}-._~`, int(r, 32, 64)),
    contexts: (v) => [
      `curl -H "Authorization: Bearer ${v}" https://api.acme.dev/v2/me\n`,
      `headers = {"Authorization": "Bearer ${v}"}\n`,
      `GET /v2/me HTTP/1.1\r\nHost: api.acme.dev\r\nAuthorization: Bearer ${v}\r\n\r\n`,
    ],
  },
  {
    rule: "connection-string-password",
    format: "ADO.NET / ODBC connection strings: Password=…; (SqlConnection.ConnectionString docs)",
    name: "",
    make: password,
    contexts: (v) => [
      `{\n  "ConnectionStrings": {\n    "Default": "Server=tcp:acme.database.windows.net,1433;Database=billing;User ID=app;Password=${v};Encrypt=True;"\n  }\n}\n`,
      `var cs = "Data Source=sql01;Initial Catalog=Orders;User Id=orders_rw;Password=${v};";\n`,
      `<connectionStrings>\n  <add name="Main" connectionString="Server=db;Database=main;Uid=web;Pwd=${v};" />\n</connectionStrings>\n`,
    ],
  },
  // --- passwords and secrets assigned in config and code
  {
    rule: "xml-secret",
    format: "<password>…</password> (Maven settings.xml servers, app config)",
    name: "",
    make: password,
    contexts: (v) => [
      `<settings>\n  <servers>\n    <server>\n      <id>releases</id>\n      <username>deploy</username>\n      <password>${v}</password>\n    </server>\n  </servers>\n</settings>\n`,
      `<config>\n  <smtp>\n    <host>smtp.acme.dev</host>\n    <smtpPassword>${v}</smtpPassword>\n  </smtp>\n</config>\n`,
    ],
  },
  {
    rule: "json-password",
    format: '"password": "…" in JSON config (appsettings.json, config.json)',
    name: "",
    make: password,
    contexts: (v) => [
      `{\n  "database": {\n    "user": "billing",\n    "password": "${v}"\n  }\n}\n`,
      `{\n  "smtp": { "host": "smtp.acme.dev", "authPassword": "${v}" }\n}\n`,
      `{"username": "svc-reports", "db_passwd": "${v}"}\n`,
    ],
  },
  {
    rule: "json-secret",
    format: '"client_secret"/"api_key"/"token": "…" in JSON (OAuth client credentials, API keys)',
    name: "",
    make: (r) => pick(r, ALNUM, int(r, 24, 40)),
    contexts: (v) => [
      `{"client_id": "web-portal", "client_secret": "${v}", "grant_type": "client_credentials"}\n`,
      `{\n  "service": "geo",\n  "apiKey": "${v}"\n}\n`,
      `{\n  "bot": {\n    "access_token": "${v}"\n  }\n}\n`,
    ],
  },
  {
    rule: "env-password",
    format: "NAME_PASSWORD=… in .env, shell, .ini and Java .properties",
    name: "",
    make: password,
    contexts: (v) => [
      `DB_HOST=db.internal\nDB_USER=billing\nDB_PASSWORD=${v}\n`,
      `export SMTP_PASSWORD=${v}\n`,
      `spring.datasource.username=app\nspring.datasource.password=${v}\n`,
      `[database]\nhost = db.internal\npassword = ${v}\n`,
    ],
  },
  {
    rule: "env-secret",
    format: "NAME_SECRET= / _TOKEN= / _API_KEY= in .env, shell and .properties",
    name: "",
    make: (r) => pick(r, ALNUM, int(r, 24, 48)),
    contexts: (v) => [`APP_SECRET='${v}'\n`, `export SENTRY_AUTH_TOKEN=${v}\n`, `app.jwt.secret=${v}\n`],
  },
  {
    rule: "env-secret",
    format: "32/40/64-hex API secrets in .env (Twilio auth token, GitHub OAuth client secret, Flask token_hex)",
    name: "",
    make: (r) => pick(r, HEX, [32, 40, 64][int(r, 0, 2)] as number),
    contexts: (v) => [`TWILIO_AUTH_TOKEN=${v}\n`, `GITHUB_CLIENT_SECRET=${v}\n`, `export FLASK_SECRET_KEY=${v}\n`],
  },
  {
    rule: "yaml-password",
    format: "password: in YAML (docker-compose, Spring, Ansible)",
    name: "",
    make: password,
    contexts: (v) => [
      `spring:\n  datasource:\n    url: jdbc:postgresql://db:5432/app\n    username: app\n    password: ${v}\n`,
      `mysql_root_password: "${v}"\n`,
      `smtp:\n  host: smtp.acme.dev\n  password: '${v}'\n`,
    ],
  },
  {
    rule: "yaml-secret",
    format: "client_secret: / api_key: / token: in YAML",
    name: "",
    make: (r) => pick(r, ALNUM, int(r, 24, 48)),
    contexts: (v) => [
      `oauth:\n  client_id: portal\n  client_secret: ${v}\n`,
      `sentry:\n  auth_token: "${v}"\n`,
      `- name: geo\n  api_key: ${v}\n`,
    ],
  },
  {
    rule: "yaml-secret",
    format: "secret_key_base: 128 hex (Rails secrets.yml, rails secret)",
    name: "",
    make: (r) => pick(r, HEX, 128),
    contexts: (v) => [`production:\n  secret_key_base: ${v}\n`, `# config/credentials.yml\nsecret_key_base: ${v}\n`],
  },
  {
    rule: "code-password-assignment",
    format: 'password = "…" / dbPassword := "…" in code',
    name: "",
    make: password,
    contexts: (v) => [
      `conn = psycopg2.connect(host="db", user="billing", password="${v}")\n`,
      `const smtpPassword = '${v}';\n`,
      `func connect() {\n\tdbPassword := "${v}"\n\t_ = dbPassword\n}\n`,
    ],
  },
  {
    rule: "code-secret-assignment",
    format: 'apiKey = \'…\' / client_secret = "…" / token: "…" in code',
    name: "",
    make: (r) => pick(r, ALNUM, int(r, 24, 40)),
    contexts: (v) => [
      `const apiKey = '${v}';\n`,
      `const clientSecret = "${v}";\n`,
      `$config['auth_token'] = '${v}';\n`,
    ],
  },
  {
    rule: "code-secret-assignment",
    format: "app.secret_key = secrets.token_hex() output (Flask docs: 32 bytes → 64 hex)",
    name: "",
    make: (r) => pick(r, HEX, 64),
    contexts: (v) => [`app.config.update(SECRET_KEY="${v}")\n`, `    app.config["SECRET_KEY"] = "${v}"\n`],
  },
  {
    rule: "generic-high-entropy-secret",
    format: "random 32–64 char key assigned to *secret*/*token*/*auth* (framework secret keys)",
    name: "",
    make: (r) => bytesB64(r, int(r, 24, 48)).replace(/=+$/, ""),
    contexts: (v) => [
      `client.set_auth_token("${v}")\n`,
      `const api = new Client({ auth: "${v}", timeout: 5000 });\n`,
      `req.withCredentials("${v}")\n`,
    ],
  },
  // --- formats added after the blind held-out round 1 (values and contexts written for this bench)
  {
    rule: "azure-storage-account-key",
    format: "base64 of 64 bytes outside a connection string (az CLI --account-key, AZURE_STORAGE_KEY)",
    name: "AZURE_STORAGE_KEY",
    make: (r) => `${pick(r, B64, 86)}==`,
    contexts: (v) => [
      `az storage blob upload --account-name billingdata --account-key "${v}" -c exports -f out.csv\n`,
      `AZURE_STORAGE_KEY=${v}\n`,
    ],
  },
  {
    rule: "twilio-auth-token",
    format: "32 hex auth token after an AC account SID (Twilio console: Account SID + Auth Token)",
    name: "TWILIO_AUTH_TOKEN",
    make: (r) => pick(r, HEX, 32),
    contexts: (v, r) => [
      `client = Client("AC${pick(r, HEX, 32)}", "${v}")\n`,
      `const twilio = require("twilio")("AC${pick(r, HEX, 32)}", "${v}");\n`,
    ],
  },
  {
    rule: "mailgun-private-key",
    format: "32 hex-8 hex-8 hex (Mailgun private API keys since 2019)",
    name: "MAILGUN_API_KEY",
    make: (r) => `${pick(r, HEX, 32)}-${pick(r, HEX, 8)}-${pick(r, HEX, 8)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "heroku-api-key",
    format: "HRKU-AA + 58 (Heroku API keys since 2024) or a UUID under a Heroku key name",
    name: "HEROKU_API_KEY",
    make: (r) => `${pick(r, HEX, 8)}-${pick(r, HEX, 4)}-4${pick(r, HEX, 3)}-a${pick(r, HEX, 3)}-${pick(r, HEX, 12)}`,
    contexts: (v) => [`HEROKU_API_KEY=${v}\n`, `machine api.heroku.com\n  login ops@shop.io\n  password ${v}\n`],
  },
  {
    rule: "datadog-api-key",
    format: "32 hex API key / 40 hex application key (Datadog API and application keys)",
    name: "DD_API_KEY",
    make: (r) => pick(r, HEX, 32),
    contexts: (v) => [`DD_API_KEY=${v}\n`, `curl -H "DD-API-KEY: ${v}" https://api.datadoghq.com/api/v1/validate\n`],
  },
  {
    rule: "django-secret-key",
    format: "50 chars of a-z0-9!@#$%^&*(-_=+) (django.core.management.utils.get_random_secret_key)",
    name: "SECRET_KEY",
    make: (r) => pick(r, "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)", 50),
    contexts: (v) => [`SECRET_KEY = '${v}'\n`, `SECRET_KEY = "django-insecure-${v}"\n`],
  },
  {
    rule: "laravel-app-key",
    format: "base64: + 32 random bytes (php artisan key:generate)",
    name: "APP_KEY",
    make: (r) => `base64:${pick(r, B64, 43)}=`,
    contexts: (v) => [`APP_ENV=production\nAPP_KEY=${v}\nAPP_DEBUG=false\n`],
  },
  {
    rule: "wordpress-salt",
    format: "64 printable chars per key (api.wordpress.org/secret-key/1.1/salt)",
    name: "AUTH_KEY",
    make: (r) => pick(r, `${ALNUM}!#%&*+,-.:;=?@^_|~`, 64),
    contexts: (v) => [`define( 'LOGGED_IN_SALT',   '${v}' );\n`],
  },
  {
    rule: "password-positional-argument",
    format: "the password argument of client calls (smtplib login, PDO, DriverManager.getConnection)",
    name: "",
    make: password,
    contexts: (v) => [
      `server = smtplib.SMTP("smtp.shop.io", 587)\nserver.login("alerts@shop.io", "${v}")\n`,
      `$db = new PDO('mysql:host=db;dbname=shop', 'shop', '${v}');\n`,
      `Connection c = DriverManager.getConnection(url, "report", "${v}");\n`,
    ],
  },
  {
    rule: "dsn-password",
    format: "user:password@tcp(host:port)/db (go-sql-driver/mysql DSN)",
    name: "",
    make: password,
    contexts: (v) => [`db, err := sql.Open("mysql", "shop:${v}@tcp(db.internal:3306)/shop")\n`],
  },
  {
    rule: "cli-password-argument",
    format: "mysql -p<pw>, --password=<pw>, sshpass -p (command lines in scripts)",
    name: "",
    make: password,
    contexts: (v) => [
      `mysql -u root -p'${v}' -h db.internal shop < schema.sql\n`,
      `sshpass -p '${v}' ssh deploy@build.internal ./release.sh\n`,
    ],
  },
  {
    rule: "cli-user-password",
    format: "curl -u user:password (curl manual, --user)",
    name: "",
    make: password,
    contexts: (v) => [`curl -u "deploy:${v}" https://ci.shop.io/job/release/build\n`],
  },
  {
    rule: "pass-key",
    format: "auth: { user, pass } (nodemailer) and SMTP_PASS-style keys",
    name: "",
    make: password,
    contexts: (v) => [
      `const mailer = nodemailer.createTransport({ host: "smtp.shop.io", auth: { user: "alerts", pass: "${v}" } });\n`,
      `smtp:\n  user: alerts\n  pass: ${v}\n`,
    ],
  },
  {
    rule: "xml-key-value-secret",
    format: '<add key="…Password" value="…"/> (.NET appSettings), <property name="password" value="…"/> (Spring)',
    name: "",
    make: password,
    contexts: (v) => [
      `<appSettings>\n  <add key="MailPassword" value="${v}" />\n</appSettings>\n`,
      `<bean id="ds" class="org.apache.commons.dbcp2.BasicDataSource">\n  <property name="password" value="${v}"/>\n</bean>\n`,
    ],
  },
  {
    rule: "password-name-value-argument",
    format: "define('DB_PASSWORD', '…') (wp-config.php), props.setProperty(\"password\", \"…\")",
    name: "",
    make: password,
    contexts: (v) => [`define( 'DB_PASSWORD', '${v}' );\n`, `props.setProperty("mail.smtp.password", "${v}");\n`],
  },
  {
    rule: "secret-name-value-argument",
    format: 'os.Setenv("API_TOKEN", "…"), config.set("client_secret", "…")',
    name: "",
    make: (r) => pick(r, ALNUM, 32),
    contexts: (v) => [`os.Setenv("PAYMENTS_API_TOKEN", "${v}")\n`],
  }, // --- formats added after the blind held-out round 2 (values and contexts written for this bench)
  {
    rule: "notion-api-token",
    format: "ntn_ + 11 digits + 35 (Notion integration tokens since Sept 2024)",
    name: "NOTION_TOKEN",
    make: (r) => `ntn_${pick(r, DIGITS, 11)}${pick(r, ALNUM, 35)}`,
    contexts: ["env", "js", "python"],
  },
  {
    rule: "notion-integration-secret",
    format: "secret_ + 43 (Notion internal integration secrets before 2024), next to a Notion name",
    name: "NOTION_API_KEY",
    make: (r) => `secret_${pick(r, ALNUM, 43)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "figma-pat",
    format: "figd_ + 40 (Figma personal access tokens, X-Figma-Token header)",
    name: "FIGMA_TOKEN",
    make: (r) => `figd_${pick(r, B64URL, 40)}`,
    contexts: ["env", "ts"],
  },
  {
    rule: "buildkite-token",
    format: "bkua_ + 40 (Buildkite API access tokens since 2023; bkaa_/bkct_ agent tokens)",
    name: "BUILDKITE_API_TOKEN",
    make: (r) => `bkua_${pick(r, HEX, 40)}`,
    contexts: ["env", "curl"],
  },
  {
    rule: "contentful-pat",
    format: "CFPAT- + 43 (Contentful personal access / management tokens)",
    name: "CONTENTFUL_MANAGEMENT_TOKEN",
    make: (r) => `CFPAT-${pick(r, B64URL, 43)}`,
    contexts: ["env", "js"],
  },
  {
    rule: "dynatrace-token",
    format: "dt0c01.<24>.<64> (Dynatrace API token format: prefix, public part, secret part)",
    name: "DT_API_TOKEN",
    make: (r) => `dt0c01.${pick(r, UPPER + DIGITS, 24)}.${pick(r, UPPER + DIGITS, 64)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "sentry-token",
    format: "sntryu_ + 64 hex (Sentry user auth tokens); sntrys_ org tokens",
    name: "SENTRY_AUTH_TOKEN",
    make: (r) => `sntryu_${pick(r, HEX, 64)}`,
    contexts: ["env", "shell"],
  },
  {
    rule: "vercel-token",
    format: "24 alphanumerics under a Vercel token name or vercel --token (Vercel access tokens)",
    name: "VERCEL_TOKEN",
    make: (r) => pick(r, ALNUM, 24),
    contexts: (v) => [`VERCEL_TOKEN=${v}\n`, `      - run: npx vercel deploy --prebuilt --prod --token=${v}\n`],
  },
  {
    rule: "netlify-token",
    format: "nfp_ + 36 (Netlify personal access tokens); older 64-hex tokens under a Netlify name",
    name: "NETLIFY_AUTH_TOKEN",
    make: (r) => `nfp_${pick(r, ALNUM, 36)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "flyio-token",
    format: "fo1_ + 43 (Fly.io org tokens); FlyV1 fm2_ macaroons",
    name: "FLY_API_TOKEN",
    make: (r) => `fo1_${pick(r, B64URL, 43)}`,
    contexts: ["env", "shell"],
  },
  {
    rule: "doppler-token",
    format: "dp.st.<config>.<43> / dp.pt.<43> (Doppler token formats)",
    name: "DOPPLER_TOKEN",
    make: (r) => `dp.st.prd.${pick(r, ALNUM, 43)}`,
    contexts: ["env", "docker"],
  },
  {
    rule: "airtable-pat",
    format: "pat + 14 + . + 64 hex (Airtable personal access tokens)",
    name: "AIRTABLE_TOKEN",
    make: (r) => `pat${pick(r, ALNUM, 14)}.${pick(r, HEX, 64)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "asana-pat",
    format: "2/<user>/<app>:<32> (Asana personal access tokens), in a text naming Asana",
    name: "ASANA_ACCESS_TOKEN",
    make: (r) => `2/${pick(r, DIGITS, 16)}/${pick(r, DIGITS, 16)}:${pick(r, HEX, 32)}`,
    contexts: ["env", "json"],
  },
  {
    rule: "okta-api-token",
    format: "00 + 40 (Okta API tokens), in a text naming Okta",
    name: "OKTA_API_TOKEN",
    make: (r) => `00${pick(r, B64URL, 40)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "cloudflare-api-token",
    format: "40-char API token / 37-hex global key under a Cloudflare name (Cloudflare API docs)",
    name: "CLOUDFLARE_API_TOKEN",
    make: (r) => pick(r, B64URL, 40),
    contexts: ["env", "yaml", "json"],
  },
  {
    rule: "supabase-token",
    format: "sbp_ + 40 hex (Supabase personal access tokens)",
    name: "SUPABASE_ACCESS_TOKEN",
    make: (r) => `sbp_${pick(r, HEX, 40)}`,
    contexts: ["env", "shell"],
  },
  {
    rule: "sumologic-access-key",
    format: "64-char access key under a Sumo Logic name (Sumo Logic access keys)",
    name: "SUMO_ACCESS_KEY",
    make: (r) => pick(r, ALNUM, 64),
    contexts: ["env", "yaml"],
  },
  {
    rule: "snyk-token",
    format: "UUID API token under a Snyk name or after snyk auth (Snyk CLI docs)",
    name: "SNYK_TOKEN",
    make: (r) => `${pick(r, HEX, 8)}-${pick(r, HEX, 4)}-4${pick(r, HEX, 3)}-8${pick(r, HEX, 3)}-${pick(r, HEX, 12)}`,
    contexts: (v) => [`SNYK_TOKEN=${v}\n`, `      - run: snyk auth ${v} && snyk test\n`],
  },
  {
    rule: "tailscale-key",
    format: "tskey-auth-<id>CNTRL-<secret> (Tailscale auth keys, API access tokens, OAuth client secrets)",
    name: "TS_AUTHKEY",
    make: (r) => `tskey-auth-k${pick(r, ALNUM, 11)}CNTRL-${pick(r, ALNUM, 33)}`,
    contexts: ["env", "docker"],
  },
  {
    rule: "twitch-token",
    format: "30 lowercase alphanumerics under a Twitch name, or IRC PASS oauth: (Twitch auth docs)",
    name: "TWITCH_CLIENT_SECRET",
    make: (r) => pick(r, LOWER + DIGITS, 30),
    contexts: (v) => [`TWITCH_CLIENT_SECRET=${v}\n`, `ws.send("PASS oauth:${v}");\nws.send("NICK shopbot");\n`],
  },
  {
    rule: "zendesk-api-token",
    format: "40-char API token under a Zendesk name or as email/token:<token> (Zendesk API docs)",
    name: "ZENDESK_API_TOKEN",
    make: (r) => pick(r, ALNUM, 40),
    contexts: (v) => [
      `ZENDESK_API_TOKEN=${v}\n`,
      `curl https://acme.zendesk.com/api/v2/users/me.json -u ops@acme.dev/token:${v}\n`,
    ],
  },
  {
    rule: "sonarqube-token",
    format: "squ_/sqp_/sqa_ + 40 hex (SonarQube 9.5+ token types)",
    name: "SONAR_TOKEN",
    make: (r) => `squ_${pick(r, HEX, 40)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "jfrog-token",
    format: "AKCp + 69 (JFrog Artifactory API keys)",
    name: "ARTIFACTORY_API_KEY",
    make: (r) => `AKCp${pick(r, ALNUM, 69)}`,
    contexts: ["env", "xml"],
  },
  {
    rule: "shippo-token",
    format: "shippo_live_ + 40 hex (Shippo API tokens)",
    name: "SHIPPO_API_KEY",
    make: (r) => `shippo_live_${pick(r, HEX, 40)}`,
    contexts: ["env", "ruby"],
  },
  {
    rule: "plaid-token",
    format: "access-production-<uuid> (Plaid access tokens); 30-hex secret under a Plaid name",
    name: "PLAID_ACCESS_TOKEN",
    make: (r) =>
      `access-production-${pick(r, HEX, 8)}-${pick(r, HEX, 4)}-4${pick(r, HEX, 3)}-8${pick(r, HEX, 3)}-${pick(r, HEX, 12)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "brevo-api-key",
    format: "xkeysib-<64 hex>-<16> (Brevo/Sendinblue API v3 keys)",
    name: "BREVO_API_KEY",
    make: (r) => `xkeysib-${pick(r, HEX, 64)}-${pick(r, ALNUM, 16)}`,
    contexts: ["env", "js"],
  },
  {
    rule: "intercom-access-token",
    format: "dG9rO… (base64 of tok:…, Intercom access tokens), in a text naming Intercom",
    name: "INTERCOM_ACCESS_TOKEN",
    make: (r) =>
      b64(
        `tok:${pick(r, HEX, 8)}_${pick(r, HEX, 4)}_${pick(r, HEX, 4)}_${pick(r, HEX, 4)}_${pick(r, HEX, 12)}:1:0`,
      ).replace(/=+$/, ""),
    contexts: ["env", "json"],
  },
  {
    rule: "gocardless-token",
    format: "live_ + 40 (GoCardless live access tokens), in a text naming GoCardless",
    name: "GOCARDLESS_ACCESS_TOKEN",
    make: (r) => `live_${pick(r, ALNUM, 40)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "flutterwave-secret-key",
    format: "FLWSECK-<32 hex>-X (Flutterwave live secret keys)",
    name: "FLW_SECRET_KEY",
    make: (r) => `FLWSECK-${pick(r, HEX, 32)}-X`,
    contexts: ["env", "js"],
  },
  {
    rule: "razorpay-key-secret",
    format: "24-char key secret next to an rzp_live_ key id (Razorpay API keys)",
    name: "RAZORPAY_KEY_SECRET",
    make: (r) => pick(r, ALNUM, 24),
    contexts: (v, r) => [
      `RAZORPAY_KEY_ID=rzp_live_${pick(r, ALNUM, 14)}\nRAZORPAY_KEY_SECRET=${v}\n`,
      `client = razorpay.Client(auth=("rzp_live_${pick(r, ALNUM, 14)}", "${v}"))\n`,
    ],
  },
  {
    rule: "braintree-access-token",
    format: "access_token$production$<16>$<32 hex> (Braintree / PayPal access tokens)",
    name: "BRAINTREE_ACCESS_TOKEN",
    make: (r) => `access_token$production$${pick(r, LOWER + DIGITS, 16)}$${pick(r, HEX, 32)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "lob-api-key",
    format: "live_ + 35 hex next to a Lob name (Lob API keys)",
    name: "LOB_API_KEY",
    make: (r) => `live_${pick(r, HEX, 35)}`,
    contexts: ["env", "json"],
  },
  {
    rule: "adafruit-io-key",
    format: "aio_ + 28 (Adafruit IO keys)",
    name: "ADAFRUIT_IO_KEY",
    make: (r) => `aio_${pick(r, UPPER, 4)}${pick(r, DIGITS, 2)}${pick(r, ALNUM, 22)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "alibaba-access-key-id",
    format: "LTAI + 20 (Alibaba Cloud AccessKey IDs)",
    name: "ALIBABA_CLOUD_ACCESS_KEY_ID",
    make: (r) => `LTAI${pick(r, ALNUM, 20)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "tencent-secret-id",
    format: "AKID + 32 (Tencent Cloud SecretId)",
    name: "TENCENTCLOUD_SECRET_ID",
    make: (r) => `AKID${pick(r, ALNUM, 32)}`,
    contexts: ["env", "go"],
  },
  {
    rule: "yandex-cloud-token",
    format: "AQVN + 36 (Yandex Cloud API keys); y0_ OAuth, t1. IAM tokens",
    name: "YC_API_KEY",
    make: (r) => `AQVN${pick(r, B64URL, 36)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "ibm-cloud-api-key",
    format: "44-char API key under an IBM Cloud name or ibmcloud login --apikey (IBM Cloud IAM)",
    name: "IBMCLOUD_API_KEY",
    make: (r) => pick(r, B64URL, 44),
    contexts: (v) => [`IBMCLOUD_API_KEY=${v}\n`, `ibmcloud login -a https://cloud.ibm.com -r eu-de --apikey "${v}"\n`],
  },
  {
    rule: "scalingo-token",
    format: "tk-us- + 48 (Scalingo API tokens)",
    name: "SCALINGO_API_TOKEN",
    make: (r) => `tk-us-${pick(r, B64URL, 48)}`,
    contexts: ["env", "shell"],
  },
  {
    rule: "prefect-api-key",
    format: "pnu_ + 36 (Prefect Cloud API keys)",
    name: "PREFECT_API_KEY",
    make: (r) => `pnu_${pick(r, ALNUM, 36)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "pinecone-api-key",
    format: "pcsk_<id>_<secret> (Pinecone API keys since 2024)",
    name: "PINECONE_API_KEY",
    make: (r) => `pcsk_${pick(r, ALNUM, 6)}_${pick(r, ALNUM, 64)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "wandb-api-key",
    format: "40 hex under a W&B name or wandb.login(key=…) (Weights & Biases API keys)",
    name: "WANDB_API_KEY",
    make: (r) => pick(r, HEX, 40),
    contexts: (v) => [`WANDB_API_KEY=${v}\n`, `import wandb\nwandb.login(key="${v}")\n`],
  },
  {
    rule: "langsmith-api-key",
    format: "lsv2_pt_<32 hex>_<10 hex> (LangSmith API keys)",
    name: "LANGSMITH_API_KEY",
    make: (r) => `lsv2_pt_${pick(r, HEX, 32)}_${pick(r, HEX, 10)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "mistral-api-key",
    format: "32 alphanumerics under a Mistral name or Mistral(api_key=…) (Mistral AI API keys)",
    name: "MISTRAL_API_KEY",
    make: (r) => pick(r, ALNUM, 32),
    contexts: (v) => [`MISTRAL_API_KEY=${v}\n`, `client = Mistral(api_key="${v}")\n`],
  },
  {
    rule: "perplexity-api-key",
    format: "pplx- + 48 (Perplexity API keys)",
    name: "PERPLEXITY_API_KEY",
    make: (r) => `pplx-${pick(r, ALNUM, 48)}`,
    contexts: ["env", "ts"],
  },
  {
    rule: "xai-api-key",
    format: "xai- + 80 (xAI API keys)",
    name: "XAI_API_KEY",
    make: (r) => `xai-${pick(r, ALNUM, 80)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "deepseek-api-key",
    format: "sk- + 32 hex (DeepSeek API keys), in a text naming DeepSeek",
    name: "DEEPSEEK_API_KEY",
    make: (r) => `sk-${pick(r, HEX, 32)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "openrouter-api-key",
    format: "sk-or-v1- + 64 hex (OpenRouter API keys)",
    name: "OPENROUTER_API_KEY",
    make: (r) => `sk-or-v1-${pick(r, HEX, 64)}`,
    contexts: ["env", "js"],
  },
  {
    rule: "fireworks-api-key",
    format: "fw_ + 24 (Fireworks AI API keys)",
    name: "FIREWORKS_API_KEY",
    make: (r) => `fw_${pick(r, UPPER, 2)}${pick(r, DIGITS, 2)}${pick(r, LOWER, 2)}${pick(r, ALNUM, 18)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "together-api-key",
    format: "tgp_v1_ + 43 (Together AI API keys); 64 hex under a Together name",
    name: "TOGETHER_API_KEY",
    make: (r) => `tgp_v1_${pick(r, B64URL, 43)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "gitlab-token",
    format: "gldt-/glft-/gloas-/glcbt-/GR1348941… (GitLab token prefixes)",
    name: "CI_DEPLOY_TOKEN",
    make: (r) => `gldt-${pick(r, ALNUM, 20)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "hubspot-private-app-token",
    format: "pat-na1-<uuid> (HubSpot private app access tokens)",
    name: "HUBSPOT_ACCESS_TOKEN",
    make: (r) =>
      `pat-na1-${pick(r, HEX, 8)}-${pick(r, HEX, 4)}-4${pick(r, HEX, 3)}-8${pick(r, HEX, 3)}-${pick(r, HEX, 12)}`,
    contexts: ["env", "js"],
  },
  {
    rule: "circleci-pat",
    format: "CCIPAT_<22>_<40 hex> (CircleCI personal API tokens)",
    name: "CIRCLECI_TOKEN",
    make: (r) => `CCIPAT_${pick(r, ALNUM, 22)}_${pick(r, HEX, 40)}`,
    contexts: ["env", "shell"],
  },
  {
    rule: "onepassword-service-account-token",
    format: "ops_eyJ… (1Password service account tokens)",
    name: "OP_SERVICE_ACCOUNT_TOKEN",
    make: (r) =>
      `ops_${b64(JSON.stringify({ signInAddress: "acme.1password.com", email: `${pick(r, LOWER, 10)}@1passwordserviceaccounts.com`, secretKey: pick(r, ALNUM, 40), srpX: pick(r, HEX, 64), muk: { k: pick(r, B64URL, 43) } })).replace(/=+$/, "")}`,
    contexts: ["env", "shell"],
  },
  {
    rule: "openshift-user-token",
    format: "sha256~ + 43 (OpenShift OAuth access tokens)",
    name: "OPENSHIFT_TOKEN",
    make: (r) => `sha256~${pick(r, B64URL, 43)}`,
    contexts: (v) => [`oc login --token=${v} --server=https://api.ocp.acme.dev:6443\n`, `OPENSHIFT_TOKEN=${v}\n`],
  },
  {
    rule: "google-oauth-refresh-token",
    format: "1//0 + base64url (Google OAuth 2.0 refresh tokens)",
    name: "GOOGLE_REFRESH_TOKEN",
    make: (r) => `1//0${pick(r, B64URL, 100)}`,
    contexts: ["env", "json"],
  },
  {
    rule: "nvidia-api-key",
    format: "nvapi- + 64 (NVIDIA API catalog keys)",
    name: "NVIDIA_API_KEY",
    make: (r) => `nvapi-${pick(r, B64URL, 64)}`,
    contexts: ["env", "python"],
  },
  {
    rule: "vault-batch-token",
    format: "hvb. + 138+ (HashiCorp Vault batch tokens)",
    name: "VAULT_TOKEN",
    make: (r) => `hvb.AAAAAQ${pick(r, B64URL, 160)}`,
    contexts: ["env", "shell"],
  },
  {
    rule: "grafana-cloud-token",
    format: "glc_ + base64 (Grafana Cloud access policy tokens)",
    name: "GRAFANA_CLOUD_TOKEN",
    make: (r) => `glc_${pick(r, B64, 120)}`,
    contexts: ["env", "yaml"],
  },
  {
    rule: "azure-devops-pat",
    format: "52 base32 chars under an Azure DevOps name (az devops AZURE_DEVOPS_EXT_PAT); 84-char JQQJ…AZDO format",
    name: "AZURE_DEVOPS_EXT_PAT",
    make: (r) => pick(r, "abcdefghijklmnopqrstuvwxyz234567", 52),
    contexts: ["env", "shell", "yaml"],
  },
  {
    rule: "azure-cosmos-key",
    format: "base64 of 64 bytes under a name ending in key (Azure Cosmos DB primary keys)",
    name: "COSMOS_KEY",
    make: (r) => bytesB64(r, 64),
    contexts: (v) => [
      `const client = new CosmosClient({ endpoint: "https://orders.documents.azure.com:443/", key: "${v}" });\n`,
      `cosmos:\n  endpoint: https://orders.documents.azure.com:443/\n  primaryKey: ${v}\n`,
    ],
  },
  {
    rule: "pat-key",
    format: "personal access tokens under a PAT name (ADO_PAT, GITLAB_PAT, githubPat)",
    name: "",
    make: (r) => pick(r, ALNUM, 32),
    contexts: (v) => [`ADO_PAT=${v}\n`, `environment {\n    GITLAB_PAT = '${v}'\n}\n`],
  },
  {
    rule: "sql-password",
    format: "CREATE USER … IDENTIFIED BY '…' / CREATE ROLE … PASSWORD '…' (MySQL, PostgreSQL docs)",
    name: "",
    make: password,
    contexts: (v) => [
      `CREATE USER 'etl'@'10.1.%' IDENTIFIED BY '${v}';\nGRANT SELECT ON shop.* TO 'etl'@'10.1.%';\n`,
      `CREATE ROLE reporting WITH LOGIN PASSWORD '${v}';\n`,
    ],
  },
  {
    rule: "pgpass-password",
    format: "hostname:port:database:username:password (PostgreSQL .pgpass)",
    name: "",
    make: (r) => password(r).replace(/:/g, ""),
    contexts: (v) => [`db.internal:5432:billing:billing_rw:${v}\n`, `*:*:*:replicator:${v}\n`],
  },
  {
    rule: "netrc-password",
    format: "machine … login … password … (.netrc, curl/ftp manual)",
    name: "",
    make: password,
    contexts: (v) => [
      `machine ftp.acme.dev login backup password ${v}\n`,
      `machine git.acme.dev\n  login deploy\n  password ${v}\n`,
    ],
  },
  {
    rule: "redis-password",
    format: "requirepass / masterauth (redis.conf)",
    name: "",
    make: password,
    contexts: (v) => [`bind 0.0.0.0\nport 6379\nrequirepass ${v}\n`, `masterauth ${v}\n`],
  },
  {
    rule: "cli-env-assignment",
    format: "docker run -e NAME_PASSWORD=…, kubectl --from-literal, java -D…password= (CLI references)",
    name: "",
    make: password,
    contexts: (v) => [
      `docker run -d -e MYSQL_ROOT_PASSWORD=${v} -p 3306:3306 mysql:8\n`,
      `java -Dspring.datasource.password=${v} -jar app.jar\n`,
    ],
  },
  {
    rule: "xml-pass-element",
    format: '<Pass encoding="base64">…</Pass> (FileZilla sitemanager.xml)',
    name: "",
    make: (r) => b64(password(r)),
    contexts: (v) => [
      `<Server>\n  <Host>ftp.acme.dev</Host>\n  <Port>21</Port>\n  <User>upload</User>\n  <Pass encoding="base64">${v}</Pass>\n</Server>\n`,
    ],
  },
  {
    rule: "json-block-key",
    format: '"Jwt": { "Key": "…" } (ASP.NET Core appsettings.json JWT settings)',
    name: "",
    make: (r) => pick(r, ALNUM, 48),
    contexts: (v) => [`{\n  "Jwt": {\n    "Issuer": "https://id.acme.dev",\n    "Key": "${v}"\n  }\n}\n`],
  },
];

interface Positive {
  rule: string;
  format: string;
  text: string;
  value: string;
}

function buildPositives(): Positive[] {
  const out: Positive[] = [];
  FORMATS.forEach((f, i) => {
    const contexts = f.contexts;
    const count = typeof contexts === "function" ? contexts("", rng(i)).length : contexts.length;
    for (let j = 0; j < count; j++) {
      const seed = 1000 * (i + 1) + j;
      const value = f.make(rng(seed));
      const text =
        typeof contexts === "function"
          ? (contexts(value, rng(seed + 500))[j] as string)
          : (CONTEXTS[contexts[j] as string] as Context)(f.name, value);
      out.push({ rule: f.rule, format: f.format, text, value: f.label ? f.label(value) : value });
    }
  });
  return out;
}

// ------------------------------------------------------------------ negatives corpus

interface CorpusFile {
  /** Path relative to node_modules, or to /usr/lib for Python (python3.11/os.py, python3/dist-packages/...). */
  path: string;
  root: "node_modules" | "python";
  text: string;
}

/** A minified bundle: a `.min.` file, or code averaging more than 300 chars per line (JSON/Markdown are data, kept). */
function minified(path: string, text: string): boolean {
  if (/\.min\.[cm]?js$/.test(path)) return true;
  if (!/\.[cm]?[jt]s$/.test(path) || text.length < 4096) return false;
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
  return text.length / lines > 300;
}

/** node_modules sources gathered as bench/operators.ts does (tinyglobby, sorted, ≤ 1 MB), plus Python's stdlib. */
export async function negativesCorpus(): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  const add = (root: CorpusFile["root"], dir: string, files: string[]) => {
    for (const f of files.sort()) {
      const full = join(dir, f);
      if (statSync(full).size > 1_000_000) continue;
      const text = readFileSync(full, "utf8");
      if (minified(f, text)) continue;
      out.push({ path: f, root, text });
    }
  };
  add(
    "node_modules",
    NM,
    await glob(["**/*.{js,mjs,cjs,ts,json,md,yml}"], { cwd: NM, followSymbolicLinks: false, ignore: ["**/.cache/**"] }),
  );
  const pyDirs = (await glob(["python3*"], { cwd: "/usr/lib", onlyDirectories: true, deep: 1 })).sort();
  for (const d of pyDirs) {
    const name = d.replace(/\/$/, "");
    const dir = join("/usr/lib", name);
    const files = await glob(["**/*.py"], { cwd: dir, followSymbolicLinks: false });
    add(
      "python",
      "/usr/lib",
      files.map((f) => `${name}/${f}`),
    );
  }
  return out;
}

// ------------------------------------------------------------------ baseline (the old algorithm)

/** Regex matches the baseline did not report, by reason (for the report: what suppression removes). */
const rejected = new Map<string, number>();

/** The straightforward scan: lowercase the text, per rule a keyword `includes`, then its regex over the whole text. */
function baselineScan(text: string, count = false): Finding[] {
  const lower = text.toLowerCase();
  const kept: Kept[] = [];
  for (const { rule, re, keywords } of loadRules()) {
    if (!keywords.some((k) => lower.includes(k.toLowerCase()))) continue;
    re.lastIndex = 0;
    const g = rule.secretGroup ?? 0;
    for (const m of text.matchAll(re)) {
      const secret = m[g];
      if (!secret) continue;
      const start = g === 0 ? (m.index as number) : (m.indices?.[g]?.[0] as number);
      const context = m[0].slice(0, start - (m.index as number));
      const why: RejectReason | undefined = rejectReason(rule, text, start, secret, context);
      if (why === undefined) keepSpan(kept, rule, start, start + secret.length);
      else if (count) rejected.set(`${rule.id} ${why}`, (rejected.get(`${rule.id} ${why}`) ?? 0) + 1);
    }
  }
  return keptFindings(text, kept);
}

// ------------------------------------------------------------------ report

interface Reviewed {
  fingerprint: string;
  rule: string;
  path: string;
  verdict: "credential-shaped" | "false-positive";
  note: string;
}

const key = (f: { type: string; start: number; end: number }) => `${f.type}@${f.start}-${f.end}`;

function recall(positives: Positive[]): void {
  const perRule = new Map<string, { n: number; hit: number; misses: string[] }>();
  for (const id of listSecretRules().map((r) => r.id)) perRule.set(id, { n: 0, hit: 0, misses: [] });
  for (const p of positives) {
    const at = p.text.indexOf(p.value);
    if (at < 0) throw new Error(`positive for ${p.rule}: value not in text`);
    const found = scanSecrets(p.text);
    const ok = found.some((f) => f.type === p.rule && f.start < at + p.value.length && f.end > at);
    const s = perRule.get(p.rule);
    if (!s) throw new Error(`positive names unknown rule ${p.rule}`);
    s.n++;
    if (ok) s.hit++;
    else s.misses.push(`${JSON.stringify(p.text.slice(0, 140))} → [${found.map((f) => f.type).join(", ")}]`);
  }
  const total = positives.length;
  const hits = [...perRule.values()].reduce((a, s) => a + s.hit, 0);
  const covered = [...perRule.values()].filter((s) => s.n > 0).length;
  console.log(
    `## Recall on documented formats\n\n${total} positives, ${covered}/${perRule.size} rules covered: recall ${(hits / total).toFixed(3)} (${hits}/${total})\n`,
  );
  console.log("| rule | positives | found | recall |\n| --- | ---: | ---: | ---: |");
  for (const [id, s] of perRule) console.log(`| ${id} | ${s.n} | ${s.hit} | ${s.n ? (s.hit / s.n).toFixed(2) : "—"} |`);
  const misses = [...perRule].flatMap(([id, s]) => s.misses.map((m) => `  ${id}: ${m}`));
  if (misses.length) console.log(`\nmissed:\n${misses.join("\n")}`);
}

function negatives(corpus: CorpusFile[]): void {
  const reviewed: Reviewed[] = JSON.parse(readFileSync(join(FIXTURES, "reviewed.json"), "utf8"));
  const byKey = new Map(reviewed.map((r) => [`${r.fingerprint} ${r.rule} ${r.path}`, r]));
  const bytes = corpus.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
  let shaped = 0;
  let falsePos = 0;
  const unreviewed: string[] = [];
  const seen = new Set<string>();
  const perRoot = new Map<string, { bytes: number; findings: number }>();
  for (const f of corpus) {
    const root = perRoot.get(f.root) ?? { bytes: 0, findings: 0 };
    root.bytes += Buffer.byteLength(f.text);
    perRoot.set(f.root, root);
    for (const x of scanSecrets(f.text)) {
      root.findings++;
      const k = `${x.fingerprint} ${x.type} ${f.path}`;
      seen.add(k);
      const r = byKey.get(k);
      if (r?.verdict === "credential-shaped") shaped++;
      else {
        falsePos++;
        if (!r)
          unreviewed.push(
            `{ "fingerprint": "${x.fingerprint}", "rule": "${x.type}", "path": "${f.path}", "verdict": "?", "note": "line ${x.line} col ${x.column}: ${x.preview}" }`,
          );
      }
    }
  }
  const mb = bytes / 1e6;
  const findings = shaped + falsePos;
  console.log(
    `\n## Negatives: real code no one here wrote\n\n${corpus.length} files, ${mb.toFixed(1)} MB (${[...perRoot].map(([k, v]) => `${k} ${(v.bytes / 1e6).toFixed(1)} MB, ${v.findings} findings`).join("; ")})`,
  );
  console.log(
    `findings: ${findings} (${(findings / mb).toFixed(3)} per MB); credential-shaped (reviewed): ${shaped}; false: ${falsePos} = ${((falsePos / mb) * 10).toFixed(2)} per 10 MB (aim < 1)`,
  );
  const stale = reviewed.filter((r) => !seen.has(`${r.fingerprint} ${r.rule} ${r.path}`));
  if (stale.length) console.log(`reviewed entries no longer found: ${stale.length}`);
  if (unreviewed.length)
    console.log(`unreviewed findings (counted as false; review them into reviewed.json):\n${unreviewed.join(",\n")}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

function throughput(corpus: CorpusFile[], positives: Positive[]): void {
  const texts = corpus.map((f) => f.text);
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  // same findings as the straightforward scan, on every negative and positive
  let diffs = 0;
  const examples: string[] = [];
  for (const t of [...texts, ...positives.map((p) => p.text)]) {
    const a = scanSecrets(t).map(key).join(" ");
    const b = baselineScan(t, true).map(key).join(" ");
    if (a !== b) {
      diffs++;
      if (examples.length < 5) examples.push(`  fast [${a}] vs baseline [${b}]`);
    }
  }
  const time = (fn: (t: string) => unknown) => {
    const t0 = performance.now();
    for (const t of texts) fn(t);
    return (performance.now() - t0) / 1000;
  };
  time(scanSecrets); // warm-up
  const fast: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < repeats; i++) {
    base.push(time(baselineScan));
    fast.push(time(scanSecrets));
  }
  const mbps = (s: number) => bytes / 1e6 / s;
  const f = mbps(median(fast));
  const b = mbps(median(base));
  console.log(`\n## Throughput (one core, median of ${repeats}, ${(bytes / 1e6).toFixed(1)} MB)\n`);
  console.log(
    `| scan | MB/s |\n| --- | ---: |\n| baseline (every rule's regex over the whole text) | ${b.toFixed(1)} |`,
  );
  console.log(`| scanSecrets (keyword automaton + line windows) | ${f.toFixed(1)} |`);
  console.log(
    `\nratio ${(f / b).toFixed(2)}x; findings identical to the baseline on ${texts.length + positives.length} texts: ${diffs === 0 ? "yes" : `NO, ${diffs} differ`}`,
  );
  if (examples.length) console.log(examples.join("\n"));
  const byReason = new Map<string, number>();
  for (const [k, n] of rejected) {
    const why = k.split(" ")[1] as string;
    byReason.set(why, (byReason.get(why) ?? 0) + n);
  }
  console.log(
    `\nregex matches suppressed (negatives + positives): ${[...byReason].map(([k, n]) => `${k} ${n}`).join(", ")}`,
  );
  const top = [...rejected].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`most suppressed: ${top.map(([k, n]) => `${k} ${n}`).join(", ")}`);
}

async function main() {
  if (process.argv.includes("--print-positives")) {
    for (const p of buildPositives()) process.stdout.write(`${JSON.stringify(p)}\n`);
    return;
  }
  const positives: Positive[] = readFileSync(join(FIXTURES, "positives.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  console.log(`# Secrets benchmark (${listSecretRules().length} rules)\n`);
  recall(positives);
  const corpus = await negativesCorpus();
  negatives(corpus);
  throughput(corpus, positives);
}

await main();
