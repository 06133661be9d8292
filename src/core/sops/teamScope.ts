import { TeamFile } from './teamFile';

/**
 * The team scope: every team file of a workspace, opened. A name resolves from the first file
 * (in the order given) that holds it. Opening fails as a whole when any file fails its MAC, so
 * that no value from a damaged file is ever used.
 */
export class TeamScope {
  private constructor(readonly files: readonly TeamFile[]) {}

  static async open(files: readonly { file: string; text: string }[], identities: readonly string[]): Promise<TeamScope> {
    return new TeamScope(await Promise.all(files.map(({ file, text }) => TeamFile.open(text, file, identities))));
  }

  /** The file that holds `name`, or undefined. */
  fileOf(name: string): TeamFile | undefined {
    return this.files.find((f) => f.has(name));
  }

  get(name: string): string | undefined {
    return this.fileOf(name)?.get(name);
  }

  /** The hosts `name` is bound to, from the file that holds its value and nowhere else: another file cannot bind it. */
  hostsOf(name: string): string[] {
    return this.fileOf(name)?.hostsOf(name) ?? [];
  }
}
