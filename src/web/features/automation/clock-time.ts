const clockIn = (timeZone: string | undefined) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });

const utcClock = clockIn('UTC');
const localClock = clockIn(undefined);

/**
 * "21:00 UTC" and, for the same moment, "22:00 GMT+1": a schedule is kept in UTC but read in local time.
 * en-CA names zones as lib/format does, so the clock times and the full timestamps beside them agree.
 */
export const utcClockTime = (at: Date): string => utcClock.format(at);
export const localClockTime = (at: Date): string => localClock.format(at);
