const clockIn = (timeZone: string | undefined) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });

const utcClock = clockIn('UTC');
const localClock = clockIn(undefined);

/** "21:00 UTC" and, for the same moment, "22:00 CET": a schedule is kept in UTC but read in local time. */
export const utcClockTime = (at: Date): string => utcClock.format(at);
export const localClockTime = (at: Date): string => localClock.format(at);
