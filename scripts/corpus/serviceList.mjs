// The labelled corpus's entries for every service of src/core/detect/rules/services.json: each
// service gets one positive (a generated value of its key's shape, assigned to its usual key, in
// its config section, or beside its client's name) and one trap (its name beside a value that is
// no credential: an id, a URL, a placeholder, an environment variable's name). Services are
// taken in chunks, one file per chunk, the file formats taking turns.
import { readFileSync } from 'node:fs';
import { B62, HEX, uuid } from './credentials.mjs';
import { envLines, jsonLines, mark, sec, yamlLines } from './documents.mjs';

const { services: SERVICES } = JSON.parse(readFileSync(new URL('../../src/core/detect/rules/services.json', import.meta.url), 'utf8'));
const CHUNK = 24;
const CHUNKS = Array.from({ length: Math.ceil(SERVICES.length / CHUNK) }, (_, i) => SERVICES.slice(i * CHUNK, (i + 1) * CHUNK));

/** A value in the service's documented shape. */
function valueOf(r, shape) {
  if (shape === 'uuid') return uuid(r);
  const match = /^(hex|alnum|b64-)(\d+)$/.exec(shape);
  if (!match) throw new Error(`services.json: unknown value shape ${shape}`);
  const [, alphabet, length] = match;
  return r.chars(Number(length), alphabet === 'hex' ? HEX : alphabet === 'alnum' ? B62 : B62 + '+/');
}

const upper = (s) => s.name.toUpperCase().replace(/ /g, '_');
const snake = (s) => s.name.replace(/ /g, '_');
const pascal = (s) => s.name.replace(/(^| )([a-z])/g, (_, _space, c) => c.toUpperCase());
const SUFFIXES = ['API_KEY', 'TOKEN', 'SECRET', 'ACCESS_TOKEN', 'API_TOKEN', 'SECRET_KEY'];
/** The key a service's credential is set under: one of its env names, else its name and a credential word. */
const envKey = (s, i) => s.env?.[i % s.env.length] ?? `${upper(s)}_${SUFFIXES[i % SUFFIXES.length]}`;
const positive = (r, s) => sec(`${s.name.replace(/ /g, '-')}-credential`, valueOf(r, s.shape));

/** How each chunk's file spells its services' credentials. A service known by env names alone always gets its env name. */
const RENDERERS = [
  (r, chunk) => ({ file: '.env', items: envLines(chunk.map((s, i) => [envKey(s, i), positive(r, s)])) }),
  (r, chunk) => ({
    file: 'config/integrations.yaml',
    items: chunk.flatMap((s, i) =>
      s.envOnly
        ? yamlLines({ [envKey(s, i)]: positive(r, s) })
        : yamlLines({ [snake(s)]: { base_url: `https://api.${s.name.replace(/ /g, '')}.com`, api_key: positive(r, s) } }),
    ),
  }),
  (r, chunk) => ({
    file: 'app/clients.py',
    items: chunk.flatMap((s, i) => {
      const value = positive(r, s);
      if (s.envOnly) return [mark(`os.environ["${envKey(s, i)}"] = "${value.value}"`, value), ''];
      return [`# ${pascal(s)}`, mark(`${snake(s)}_client = ${pascal(s)}Client(api_key="${value.value}", timeout=10)`, value), ''];
    }),
  }),
  (r, chunk) => ({
    file: 'config/services.json',
    items: jsonLines(
      Object.fromEntries(
        chunk.map((s, i) => (s.envOnly ? [envKey(s, i), positive(r, s)] : [snake(s), { token: positive(r, s), retries: 3 }])),
      ),
    ),
  }),
];

export const SERVICE_LIST_FAMILY = {
  family: 'service-list',
  group: 'app',
  make: () => [],
  formats: CHUNKS.map((chunk, i) => (r) => {
    const { file, items } = RENDERERS[i % RENDERERS.length](r, chunk);
    return { file: file.replace(/([^/]*?)(\.[a-z]+)$/, (_, base, ext) => `${base || 'services'}-${i}${ext}`), items };
  }),
};

/** Each service's name beside a value that is not its credential, the kinds taking turns. */
const TRAPS = [
  (r, s) => `${upper(s)}_ACCOUNT_ID=${r.chars(32, HEX)}`,
  (r, s) => `${envKey(s, 0)}=your-${s.name.replace(/ /g, '-')}-api-key`,
  (r, s) => `${upper(s)}_API_URL=https://api.${s.name.replace(/ /g, '')}.com/v${r.int(1, 3)}`,
  (r, s) => `${envKey(s, 1)}=\${${envKey(s, 1)}}`,
];

export const SERVICE_LIST_TRAPS = CHUNKS.map((chunk, i) => (r) => ({
  file: `.env.example-${i}`,
  lines: chunk.map((s, j) => TRAPS[(i + j) % TRAPS.length](r, s)),
}));
