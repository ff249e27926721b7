import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, parseAuditLog, readAuditLog } from './audit-log.js';

describe('audit log', () => {
  it('appends one JSON object per line, owner-only, and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keysweep-audit-'));
    try {
      const path = join(dir, 'audit.jsonl');
      const first = new AuditLog(
        path,
        'arn:aws:iam::111122223333:user/ir',
        () => new Date('2026-01-01T00:00:00Z'),
      );
      await first.record({
        keyId: 'AKIARZPUZDIKGB2VALC4',
        action: 'deactivate',
        result: 'ok',
        requestId: 'r-1',
      });
      const second = new AuditLog(path, 'arn:aws:iam::111122223333:user/ir');
      await second.record({
        keyId: 'AKIARZPUZDIKGB2VALC4',
        action: 'refuse',
        result: 'refused',
        detail: 'why',
      });
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(JSON.parse(lines[0]!)).toEqual({
        time: '2026-01-01T00:00:00.000Z',
        runId: first.runId,
        operator: 'arn:aws:iam::111122223333:user/ir',
        keyId: 'AKIARZPUZDIKGB2VALC4',
        action: 'deactivate',
        result: 'ok',
        requestId: 'r-1',
      });
      expect(first.runId).not.toBe(second.runId);
      expect(statSync(path).mode & 0o077).toBe(0);
      const back = await readAuditLog(path);
      expect(back.entries.map((e) => e.action)).toEqual(['deactivate', 'refuse']);
      expect(await readAuditLog(join(dir, 'missing.jsonl'))).toEqual({ entries: [], badLines: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips and reports damaged lines', () => {
    const ok = JSON.stringify({
      time: '2026-01-01T00:00:00Z',
      keyId: 'K',
      action: 'deactivate',
      result: 'ok',
    });
    const r = parseAuditLog(`${ok}\n{oops\n\n${JSON.stringify({ keyId: 'K' })}\n`);
    expect(r.entries).toHaveLength(1);
    expect(r.badLines).toEqual([2, 4]);
  });
});
