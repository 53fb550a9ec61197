import { describe, expect, it } from 'vitest';
import { autoscanUpdateSchema, MAX_SCHEDULE_TIMES } from './autoscan';

const problems = (body: unknown): string[] =>
  autoscanUpdateSchema.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('schedule validation', () => {
  it('accepts daily UTC times, and an empty list once the schedule is off', () => {
    expect(problems({ enable_auto_scan: true, schedule_at: ['00:00', '09:30', '23:59'] })).toEqual([]);
    expect(problems({ enable_auto_scan: false, schedule_at: [] })).toEqual([]);
    expect(problems({ enable_auto_scan: false, schedule_at: ['21:00'] })).toEqual([]);
  });

  it.each(['24:00', '9:00', '09:60', '09:5', '0930', ' 09:30', '09:30Z', '09:30:00', 'noon', ''])(
    'refuses the time %j',
    (time) => {
      expect(problems({ enable_auto_scan: true, schedule_at: [time] })).toEqual([
        'schedule_at.0: expected a UTC time HH:MM',
      ]);
    },
  );

  it('refuses an enabled schedule without a time', () => {
    expect(problems({ enable_auto_scan: true, schedule_at: [] })).toEqual([
      'schedule_at: enable_auto_scan needs at least one time in schedule_at',
    ]);
  });

  it('refuses duplicate times', () => {
    expect(problems({ enable_auto_scan: true, schedule_at: ['21:00', '08:00', '21:00'] })).toEqual([
      'schedule_at: schedule_at has duplicate times',
    ]);
  });

  it('refuses more than one time an hour on average, missing fields and unknown fields', () => {
    const times = Array.from(
      { length: MAX_SCHEDULE_TIMES + 1 },
      (_, i) => `${String(i % 24).padStart(2, '0')}:${i < 24 ? '00' : '30'}`,
    );
    expect(problems({ enable_auto_scan: true, schedule_at: times })).toHaveLength(1);
    expect(problems({ schedule_at: ['21:00'] })).toHaveLength(1);
    expect(problems({ enable_auto_scan: 'yes', schedule_at: ['21:00'] })).toHaveLength(1);
    expect(problems({ enable_auto_scan: true, schedule_at: ['21:00'], timezone: 'CET' })).toHaveLength(1);
  });
});
