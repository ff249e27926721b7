import { describe, expect, it } from 'vitest';
import { distinguishingName, namesDisagree } from './name-affinity.js';

const nameAt = (line: string) => distinguishingName(line, line.indexOf('VALUE') + 1);

describe('distinguishingName', () => {
  it.each([
    ['PROD_AWS_ACCESS_KEY_ID=VALUE', 'prod'],
    ['export DEV_AWS_SECRET_ACCESS_KEY="VALUE"', 'dev'],
    ['  sourceSecretAccessKey: VALUE', 'source'],
    ['"dest_access_key_id": "VALUE",', 'dest'],
    ['aws.prod.secret_key = VALUE', 'prod'],
    ['aws_secret_access_key = VALUE', ''],
    ['SecretAccessKey: VALUE', ''],
    ['ci,AKIAXXXX,VALUE', ''],
  ])('%s -> %j', (line, want) => {
    expect(nameAt(line)).toBe(want);
  });

  it('marks only names that both say something different', () => {
    expect(namesDisagree('prod', 'dev')).toBe(true);
    expect(namesDisagree('prod', 'prod')).toBe(false);
    expect(namesDisagree('prod', '')).toBe(false);
  });
});
