import { isCodeSyntax, type FileSyntax } from '../fileSyntax';
import { codeContext } from './codeValues';
import { dotenvContext } from './dotenvValues';
import { iniContext, propertiesContext } from './iniValues';
import { jsonContext, jsonLinesContext } from './jsonValues';
import { shellContext } from './shellValues';
import { tomlContext } from './tomlValues';
import { isContextProblem, type ContextResult } from './valueContext';
import { wordContext } from './wordValues';
import { yamlContext } from './yamlValues';

function syntaxContext(text: string, start: number, end: number, syntax: FileSyntax): ContextResult | undefined {
  switch (syntax) {
    case 'dotenv':
      return dotenvContext(text, start, end);
    case 'json':
      return jsonContext(text, start, end);
    case 'jsonl':
      return jsonLinesContext(text, start, end);
    case 'yaml':
      return yamlContext(text, start, end);
    case 'toml':
      return tomlContext(text, start, end);
    case 'ini':
      return iniContext(text, start, end);
    case 'properties':
      return propertiesContext(text, start, end);
    case 'shell':
      return shellContext(text, start, end);
    case 'text':
      return undefined;
    default:
      return isCodeSyntax(syntax) ? codeContext(text, start, end, syntax) : undefined;
  }
}

/** `KEY=value` as one string: a docker-compose `environment` entry, a `-e` argument. */
const ENV_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * The value that encloses `[start, end)` in a file of the given syntax. Where the syntax
 * has no value there (a comment, plain text), the enclosing word stands in. A string that
 * is one `KEY=value` assignment, whose value is exactly the range, is read as one: the value
 * starts after the `=` and is named by the key, as in a `.env` file.
 */
export function locateValue(text: string, start: number, end: number, syntax: FileSyntax): ContextResult {
  const found = syntaxContext(text, start, end, syntax) ?? wordContext(text, start, end);
  if (isContextProblem(found) || found.piece || syntax === 'dotenv' || syntax === 'shell') return found;
  const assignment = ENV_ASSIGNMENT.exec(text.slice(found.start, Math.min(found.end, found.start + 256)));
  if (!assignment || start !== found.start + assignment[0].length || end !== found.end) return found;
  return { ...found, start: found.start + assignment[0].length, keys: [...found.keys, assignment[1]] };
}
