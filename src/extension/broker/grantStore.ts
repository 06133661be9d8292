import * as vscode from 'vscode';
import { type Grant, isLive } from '../../core/policy';

/**
 * The session grants, in memory only: they hold names, never values, and end with the window,
 * so closing the workspace ends them. Expired grants are dropped as they are listed.
 */
export class GrantStore implements vscode.Disposable {
  private grants: Grant[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly now: () => number) {}

  list(): Grant[] {
    const now = this.now();
    const live = this.grants.filter((g) => isLive(g, now));
    if (live.length !== this.grants.length) this.grants = live;
    return [...live];
  }

  get(id: string): Grant | undefined {
    return this.list().find((g) => g.id === id);
  }

  /** Adds a grant, or replaces the one with its id (after a use refreshed it). */
  put(grant: Grant): void {
    const fresh = !this.grants.some((g) => g.id === grant.id);
    this.grants = [...this.grants.filter((g) => g.id !== grant.id), grant];
    if (fresh) this.changed.fire();
  }

  remove(id: string): Grant | undefined {
    const grant = this.grants.find((g) => g.id === id);
    if (!grant) return undefined;
    this.grants = this.grants.filter((g) => g.id !== id);
    this.changed.fire();
    return grant;
  }

  removeAll(): Grant[] {
    const all = this.list();
    this.grants = [];
    if (all.length) this.changed.fire();
    return all;
  }

  dispose(): void {
    this.grants = [];
    this.changed.dispose();
  }
}
