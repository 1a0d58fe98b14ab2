import fs from 'node:fs';
import path from 'node:path';
import { SessionErrors } from '@pith/session';

describe('session error codes', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/ERRORS.md'), 'utf8');

  it.each(Object.entries(SessionErrors))(
    'docs/ERRORS.md lists %s with its status',
    (code, spec) => {
      expect(doc).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${spec.status}\\s*\\|`, 'm'));
    },
  );
});
