import { describe, expect, it } from 'vitest';
import { dateFromUrl, inZone, offsetOf, parseMachineDate, parseTextDate, shownDayOf } from './dates.js';

describe('dates', () => {
  it('keeps the calendar day and zone of machine dates as written', () => {
    expect(parseMachineDate('2019-08-02T23:30:00-05:00')).toBe('2019-08-02T23:30:00-05:00');
    expect(parseMachineDate('2019-08-02')).toBe('2019-08-02');
    expect(parseMachineDate('20190802')).toBe('2019-08-02');
    expect(parseMachineDate('Fri, 02 Aug 2019 10:00:00 +0200')).toBe('2019-08-02');
    expect(parseMachineDate('not a date')).toBeNull();
  });

  it('reads dates written for people in several languages', () => {
    expect(parseTextDate('Veröffentlicht am 2. August 2019')).toBe('2019-08-02');
    expect(parseTextDate('Posted on August 2nd, 2019')).toBe('2019-08-02');
    expect(parseTextDate('le 14 juillet 2020')).toBe('2020-07-14');
    expect(parseTextDate('12 de marzo de 2021')).toBe('2021-03-12');
    expect(parseTextDate('02.08.2019, 14:00 Uhr')).toBe('2019-08-02');
    expect(parseTextDate('2019/08/02')).toBe('2019-08-02');
    expect(parseTextDate('Written: 2023-11-07 15:03:30')).toBe('2023-11-07');
    expect(parseTextDate('ISBN 978-3-16-148410-0')).toBeNull();
    expect(parseTextDate('31.02.2019')).toBeNull();
  });

  it('finds a date in a URL path', () => {
    expect(dateFromUrl('https://example.org/2018/05/24/some-story/')).toBe('2018-05-24');
    expect(dateFromUrl('https://example.org/story-12345')).toBeNull();
  });

  it('restates a UTC time in the zone the page writes its other dates in', () => {
    expect(offsetOf('2021-11-05T09:12:00+01:00')).toBe('+01:00');
    expect(offsetOf('2021-11-05T09:12:00.000-0300')).toBe('-03:00');
    expect(offsetOf('2021-11-05T09:12:00Z')).toBeNull();
    expect(inZone('2021-11-04T23:00:00Z', '+01:00')).toBe('2021-11-05T00:00:00+01:00');
    expect(inZone('2022-05-04T00:44:52Z', '-03:00')).toBe('2022-05-03T21:44:52-03:00');
  });

  it('takes the neighbouring day a page shows for a UTC time only when a time zone can reach it', () => {
    expect(shownDayOf('2023-11-09T05:30:59Z', '2023-11-08')).toBe('2023-11-08');
    expect(shownDayOf('2021-11-04T23:00:00Z', '2021-11-05')).toBe('2021-11-05');
    expect(shownDayOf('2021-11-04T09:00:00Z', '2021-11-05')).toBeNull();
    expect(shownDayOf('2021-11-04T09:00:00Z', '2021-11-04')).toBeNull();
    expect(shownDayOf('2021-11-04T09:00:00+02:00', '2021-11-03')).toBeNull();
  });
});
