import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AxisSystem {
  systemId: string;
  secret: string;
  /** Organisation codes whose mail this system collects. */
  organizations: string[];
}

export interface AxisItem {
  id: string;
  seq: number;
  type: 'edoc' | 'status';
  fromSystem: string;
  to: string;
  size: number;
  createdAt: string;
  idempotencyKey: string | null;
  acknowledgedAt: string | null;
}

/**
 * The simulator's storage: one folder per recipient code holding each item's bytes and its
 * metadata, plus `systems.json`. Survives restarts; metadata is rewritten atomically.
 */
export class AxisStore {
  private items = new Map<string, AxisItem>();
  private seq = 0;

  constructor(readonly dataDir: string) {
    fs.mkdirSync(path.join(dataDir, 'inbox'), { recursive: true });
    for (const code of fs.readdirSync(path.join(dataDir, 'inbox'))) {
      for (const name of fs.readdirSync(path.join(dataDir, 'inbox', code))) {
        if (!name.endsWith('.json')) continue;
        const item = JSON.parse(fs.readFileSync(path.join(dataDir, 'inbox', code, name), 'utf8')) as AxisItem;
        this.items.set(item.id, item);
        this.seq = Math.max(this.seq, item.seq);
      }
    }
  }

  systems(): AxisSystem[] {
    const file = path.join(this.dataDir, 'systems.json');
    if (!fs.existsSync(file)) return [];
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { systems: AxisSystem[] }).systems;
  }

  saveSystems(systems: AxisSystem[]): void {
    this.writeAtomically(path.join(this.dataDir, 'systems.json'), JSON.stringify({ systems }, null, 2));
  }

  /** Registers (or replaces) a system: the simulator's stand-in for the axis operator's onboarding. */
  addSystem(system: AxisSystem): void {
    this.saveSystems([...this.systems().filter((s) => s.systemId !== system.systemId), system]);
  }

  isServed(code: string): boolean {
    return this.systems().some((s) => s.organizations.includes(code));
  }

  findByKey(fromSystem: string, key: string): AxisItem | undefined {
    return [...this.items.values()].find((i) => i.fromSystem === fromSystem && i.idempotencyKey === key);
  }

  payloadPath(item: Pick<AxisItem, 'id' | 'to'>): string {
    return path.join(this.dataDir, 'inbox', item.to, `${item.id}.xml`);
  }

  /** A fresh path to stream an incoming body into before it is committed. */
  stagingPath(): string {
    fs.mkdirSync(path.join(this.dataDir, 'staging'), { recursive: true });
    return path.join(this.dataDir, 'staging', randomUUID());
  }

  commit(staged: string, meta: Omit<AxisItem, 'id' | 'seq' | 'createdAt' | 'acknowledgedAt'>): AxisItem {
    const item: AxisItem = { ...meta, id: randomUUID(), seq: ++this.seq, createdAt: new Date().toISOString(), acknowledgedAt: null };
    fs.mkdirSync(path.join(this.dataDir, 'inbox', item.to), { recursive: true });
    fs.renameSync(staged, this.payloadPath(item));
    this.saveItem(item);
    this.items.set(item.id, item);
    return item;
  }

  pendingFor(codes: string[], limit: number): AxisItem[] {
    return [...this.items.values()]
      .filter((i) => !i.acknowledgedAt && codes.includes(i.to))
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }

  get(id: string): AxisItem | undefined {
    return this.items.get(id);
  }

  acknowledge(item: AxisItem): void {
    if (item.acknowledgedAt) return;
    item.acknowledgedAt = new Date().toISOString();
    this.saveItem(item);
  }

  private saveItem(item: AxisItem): void {
    this.writeAtomically(path.join(this.dataDir, 'inbox', item.to, `${item.id}.json`), JSON.stringify(item));
  }

  private writeAtomically(file: string, text: string): void {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, file);
  }
}
