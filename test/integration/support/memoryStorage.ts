import * as vscode from 'vscode';

/** SecretStorage and Memento in memory, so a test can drive a vault of its own. */
export class MemorySecrets implements vscode.SecretStorage {
  private readonly values = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.emitter.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

export class MemoryMemento implements vscode.Memento {
  private readonly state = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.state.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.state.has(key) ? (this.state.get(key) as T) : defaultValue;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.state.set(key, value);
  }
}
