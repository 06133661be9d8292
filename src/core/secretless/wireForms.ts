import type { SwapPair } from './streamSwapper';

/** A secret as a run holds it: the value stays in the extension host, the placeholder goes to the process. */
export interface WireSecret {
  name: string;
  value: string;
  placeholder: string;
}

/**
 * The renderings of a string that travel in HTTP: raw, percent-encoded (upper and lower hex),
 * form-encoded, JSON-escaped (with and without `\/`) and base64 (standard and URL-safe). A
 * placeholder and its value have their symbols in the same places, so each rendering of the one
 * has the length of the same rendering of the other.
 */
function renderings(text: string): string[] {
  const percent = encodeURIComponent(text);
  const json = JSON.stringify(text).slice(1, -1);
  const base64 = Buffer.from(text, 'latin1').toString('base64');
  return [
    text,
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    new URLSearchParams({ v: text }).toString().slice(2),
    json,
    json.replace(/\//g, '\\/'),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(text, 'latin1').toString('base64url'),
  ];
}

function pairs(secrets: readonly WireSecret[], direction: 'request' | 'response'): SwapPair[] {
  return secrets.flatMap((secret) => {
    const placeholders = renderings(secret.placeholder);
    const values = renderings(secret.value);
    return placeholders.map((p, i) => {
      const [from, to] = direction === 'request' ? [p, values[i]] : [values[i], p];
      return { from: Buffer.from(from, 'latin1'), to: Buffer.from(to, 'latin1') };
    });
  });
}

/** Placeholder → value, for what goes to a bound host. */
export function requestPairs(secrets: readonly WireSecret[]): SwapPair[] {
  return pairs(secrets, 'request');
}

/** Value → placeholder, for what comes back from a bound host. */
export function responsePairs(secrets: readonly WireSecret[]): SwapPair[] {
  return pairs(secrets, 'response');
}

/**
 * Basic auth carries `user:password` in base64, where no byte-level swap can see a placeholder:
 * the credentials are decoded, swapped and encoded again. Returns the new header and, when it
 * changed, the pair that turns the new base64 back into the old for a response that echoes it.
 */
export function swapBasicAuth(header: string, swapText: (text: string) => string): { header: string; echo?: SwapPair } {
  const match = /^(basic\s+)([A-Za-z0-9+/]+=*)\s*$/i.exec(header);
  if (!match) return { header };
  const decoded = Buffer.from(match[2], 'base64').toString('latin1');
  const swapped = swapText(decoded);
  if (swapped === decoded) return { header };
  const encoded = Buffer.from(swapped, 'latin1').toString('base64');
  return { header: match[1] + encoded, echo: { from: Buffer.from(encoded, 'latin1'), to: Buffer.from(match[2], 'latin1') } };
}
