import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageRecorded } from '@tollgate/contracts';
import { UsageJournal } from './usage-journal';

const event = (requestId: string) => JSON.stringify({ requestId } as UsageRecorded);

describe('UsageJournal: usage survives the process until JetStream has it', () => {
  it('keeps a segment until every event in it is acknowledged and it is sealed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const j = new UsageJournal(dir);
    const seg = j.append(event('a'))!;
    j.append(event('b'));
    j.ack(seg, 2);
    expect(readdirSync(dir)).toHaveLength(1); // still the open segment
    j.close();
    expect(readdirSync(dir)).toHaveLength(0);
  });

  it("recovers a dead process's events, skipping a line the crash cut short; its own open segment is not recovered", () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const dead = join(dir, `${process.pid}-1-deadbeef.usage.jsonl`);
    appendFileSync(dead, `${event('x')}\n${event('y')}\n{"requestId":"z`);
    const j = new UsageJournal(dir);
    j.append(event('mine'));
    const left = j.recover();
    expect(left.events.map((e) => e.requestId)).toEqual(['x', 'y']);
    expect(left.files).toEqual([dead]);
    j.forget(left.files);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it("never recovers another host's segments (pids say nothing across containers); its own host's dead ones it does", () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const sibling = join(dir, `gateway-1~${process.pid}-1-cafe.usage.jsonl`);
    const previousLife = join(dir, `gateway-0~${process.pid}-1-beef.usage.jsonl`);
    appendFileSync(sibling, `${event('theirs')}\n`);
    appendFileSync(previousLife, `${event('ours')}\n`);
    const j = new UsageJournal(dir, 'gateway-0');
    const left = j.recover();
    expect(left.events.map((e) => e.requestId)).toEqual(['ours']);
    expect(left.files).toEqual([previousLife]);
    j.append(event('new'));
    expect(readdirSync(dir).some((n) => n.startsWith('gateway-0~'))).toBe(true);
  });

  it('writes what was appended only when asked, all of it in one go, and on sealing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const j = new UsageJournal(dir);
    j.append(event('a'));
    j.append(event('b'));
    const [file] = readdirSync(dir);
    expect(readFileSync(join(dir, file), 'utf8')).toBe('');
    j.writeBuffered();
    expect(readFileSync(join(dir, file), 'utf8')).toBe(`${event('a')}\n${event('b')}\n`);
    j.append(event('c'));
    j.close(); // sealed with c unacknowledged: written, and the file kept
    expect(readFileSync(join(dir, file), 'utf8')).toBe(`${event('a')}\n${event('b')}\n${event('c')}\n`);
  });

  it('is off with an empty directory', () => {
    const j = new UsageJournal('');
    expect(j.append(event('a'))).toBeNull();
    expect(j.recover()).toEqual({ events: [], files: [] });
  });
});
