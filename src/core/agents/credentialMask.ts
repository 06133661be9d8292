import { type Detector, createDetector } from '../detect';

let detector: Detector | undefined;

/**
 * Masks the credentials the detector recognises with high confidence (vendor tokens, private
 * keys), for text that could not be checked against the vault. The hooks use it when VS Code is
 * unreachable; it knows no stored value, so a plain password passes.
 */
export async function maskDetectedCredentials(text: string): Promise<{ text: string; maskedCount: number }> {
  detector ??= createDetector();
  const { findings } = await detector.detect(text);
  const high = findings.filter((f) => f.confidence === 'high').sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  let maskedCount = 0;
  for (const finding of high) {
    if (finding.start < at) continue;
    out += text.slice(at, finding.start) + `[masked credential:${finding.kind}]`;
    at = finding.end;
    maskedCount++;
  }
  return { text: out + text.slice(at), maskedCount };
}
