import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLE_LABELS } from './model';
import { roleTable } from './roles';

// docs/trust.md lists who may write what; this keeps the list and the policy one.

/** The cells of each row of the markdown tables in `text` (padding as prettier left it). */
const tableRows = (text: string): string[][] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

describe('the roles table of docs/trust.md', () => {
  it('is the policy of roles.ts, role for role and field for field', () => {
    const doc = readFileSync(resolve(process.cwd(), 'docs/trust.md'), 'utf8');
    const rows = tableRows(doc);
    for (const { role, writes } of roleTable())
      expect(rows).toContainEqual([`${ROLE_LABELS[role]} (\`${role}\`)`, writes.join('<br>')]);
  });
});
