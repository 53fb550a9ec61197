import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { garbledUpstream, parseJson, upstreamError } from './dcs-errors';
import { instanceConfigsSchema, instanceDetailsSchema, instanceListPageSchema } from './dcs-payloads';
import { SecretSet } from './secret-redaction';

const example = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../../test-support/dcs-api-examples/${name}`, import.meta.url)), 'utf8');

describe('upstream payloads of the DCS reference', () => {
  it('reads ListInstances despite its drifting types (publicip_id {}, numeric enterprise_project_id)', () => {
    const page = instanceListPageSchema.parse(JSON.parse(example('ListInstances.response.200.json')));
    expect(page).toEqual({
      instance_num: 1,
      instances: [
        {
          instance_id: 'c830053e-d5a3-4bc0-b6d6-ca37d1ea9dd5',
          name: 'dcs-lpvo0829',
          engine: 'Redis',
          engine_version: '5.0',
          status: 'RUNNING',
        },
      ],
    });
  });

  it('reads ShowInstance (the repaired example) with its cache_mode', () => {
    const details = instanceDetailsSchema.parse(JSON.parse(example('ShowInstance.response.200.repaired.json')));
    expect(details).toMatchObject({ instance_id: 'a4c545cd-10b2-4efc-b0ab-a9b554ca0621', cache_mode: 'ha' });
  });

  it('answers the verbatim, invalid ShowInstance example as unreadable, not with a crash', () => {
    expect(parseJson(example('ShowInstance.response.200.verbatim-invalid.txt'))).toBeUndefined();
    expect(garbledUpstream('DCS ShowInstance', 'HTTP 200 with a body that is not JSON').toBody()).toMatchObject({
      error_code: 'HOTKEYS.502',
    });
  });

  it('reads ListConfigurations', () => {
    const configs = instanceConfigsSchema.parse(JSON.parse(example('ListConfigurations.response.200.json')));
    expect(configs.redis_config).toEqual([{ param_name: 'timeout', param_value: '101' }]);
  });

  it.each([
    ['ListInstances.response.400.json', 400, 'DCS.4800', undefined],
    ['CreateHotkeyScanTask.response.400.json', 400, 'DCS.4922', /Redis 4\.0/],
    ['ShowHotkeyTaskDetails.response.400.json', 400, 'DCS.4922', /maxmemory-policy/],
  ] as const)('keeps the code and message of %s and adds a hint', (file, status, code, hint) => {
    const body = example(file);
    const error = upstreamError('DCS test', 400, body, new SecretSet([]));
    expect(error).toMatchObject({ status, code, message: (JSON.parse(body) as { error_msg: string }).error_msg });
    if (hint) expect(error.hint).toMatch(hint);
    else expect(error.hint).toBeUndefined();
  });
});
