import { decodeBase64Json } from './checksums';
import { defineRule, type SecretMatch } from './ruleDefinition';

/** Three base64url segments, the first two JSON objects (`eyJ` is `{"`); segments hold no `.`, so matching is linear. */
const JWT = /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{2,16000}\.[A-Za-z0-9_-]{0,2000}(?![A-Za-z0-9_-])/g;

/**
 * JSON Web Tokens. A signed one is a bearer credential until it expires. An unsigned one
 * (`alg: none`, no signature) proves nothing, but still carries whatever claims it holds.
 */
export const JWT_RULES = [
  defineRule({
    id: 'jwt',
    keywords: ['eyj'],
    *scan({ text }) {
      for (const m of text.matchAll(JWT)) {
        const [header, , signature] = m[0].split('.');
        const alg = decodeBase64Json(header)?.alg;
        if (typeof alg !== 'string') continue;
        const signed = alg.toLowerCase() !== 'none' && signature.length >= 16;
        const match: SecretMatch = {
          start: m.index,
          end: m.index + m[0].length,
          kind: 'jwt',
          title: signed ? 'JSON Web Token' : 'unsigned JSON Web Token',
          confidence: signed ? 'high' : 'low',
        };
        yield match;
      }
    },
  }),
];
