import { ConfigError } from '../model/errors.js';

/** One row of the IAM credential report, with the columns keysweep uses. */
export interface CredentialReportRow {
  user: string;
  arn: string;
  isRoot: boolean;
  userCreated: string | undefined;
  passwordEnabled: boolean;
  mfaActive: boolean;
  keys: AccessKeySlot[];
}

export interface AccessKeySlot {
  slot: 1 | 2;
  active: boolean;
  lastRotated: string | undefined;
  lastUsed: string | undefined;
  lastUsedService: string | undefined;
}

/** The root user's row is named so in every credential report. */
export const ROOT_USER = '<root_account>';

const REQUIRED = ['user', 'arn', 'mfa_active', 'access_key_1_active', 'access_key_2_active'] as const;

/**
 * Parses the credential report CSV (IAM User Guide, "Getting credential reports"): fields hold
 * `true`/`false`, ISO dates, `N/A`, `not_supported` or `no_information`.
 */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const table = parseCsv(csv);
  const header = table.shift();
  if (!header) return [];
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  for (const name of REQUIRED) {
    if (!col.has(name)) {
      throw new ConfigError(`the IAM credential report has no column ${name}`, {
        hint: 'AWS may have changed the report format; please report this to keysweep',
      });
    }
  }
  const get = (row: string[], name: string) => {
    const i = col.get(name);
    return i === undefined ? undefined : row[i]?.trim();
  };
  return table
    .filter((row) => row.length > 1 || (row[0] ?? '').trim() !== '')
    .map((row) => {
      const user = get(row, 'user') ?? '';
      const slot = (n: 1 | 2): AccessKeySlot => ({
        slot: n,
        active: get(row, `access_key_${n}_active`) === 'true',
        lastRotated: date(get(row, `access_key_${n}_last_rotated`)),
        lastUsed: date(get(row, `access_key_${n}_last_used_date`)),
        lastUsedService: value(get(row, `access_key_${n}_last_used_service`)),
      });
      return {
        user,
        arn: get(row, 'arn') ?? '',
        isRoot: user === ROOT_USER,
        userCreated: date(get(row, 'user_creation_time')),
        passwordEnabled: get(row, 'password_enabled') === 'true',
        mfaActive: get(row, 'mfa_active') === 'true',
        keys: [slot(1), slot(2)],
      };
    });
}

function value(v: string | undefined): string | undefined {
  return v && v !== 'N/A' && v !== 'not_supported' && v !== 'no_information' ? v : undefined;
}

function date(v: string | undefined): string | undefined {
  const s = value(v);
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
