import { describe, expect, it } from 'vitest';
import { dateKindOfFormat, excelSerialText } from './excel-dates';

describe('excelSerialText', () => {
  it('reads times as fractions of a day', () => {
    expect(excelSerialText(0.5, 'time')).toBe('12:00');
    expect(excelSerialText(14.5 / 24, 'time')).toBe('14:30');
    expect(excelSerialText((9 * 3600 + 5 * 60 + 30) / 86400, 'time')).toBe('09:05:30');
    // Floating point: 14:30 stored as 0.60416666666666663 is still 14:30.
    expect(excelSerialText(0.60416666666666663, 'time')).toBe('14:30');
    expect(excelSerialText(0.99999999, 'time')).toBe('00:00');
  });

  it('counts days in the 1900 system, phantom 29 February included', () => {
    expect(excelSerialText(1, 'date')).toBe('1900-01-01');
    expect(excelSerialText(59, 'date')).toBe('1900-02-28');
    expect(excelSerialText(60, 'date')).toBe('1900-02-29');
    expect(excelSerialText(61, 'date')).toBe('1900-03-01');
    expect(excelSerialText(45000, 'date')).toBe('2023-03-15');
    expect(excelSerialText(46355.8125, 'datetime')).toBe('2026-11-29 19:30');
  });

  it('counts days from 1904 in the old Mac system', () => {
    expect(excelSerialText(0, 'date', 1904)).toBe('1904-01-01');
    expect(excelSerialText(43538, 'date', 1904)).toBe('2023-03-15');
  });
});

describe('dateKindOfFormat', () => {
  it('knows the built-in date and time formats', () => {
    expect(dateKindOfFormat(14, undefined)).toBe('date');
    expect(dateKindOfFormat(20, undefined)).toBe('time');
    expect(dateKindOfFormat(22, undefined)).toBe('datetime');
    expect(dateKindOfFormat(0, undefined)).toBeUndefined();
    expect(dateKindOfFormat(2, undefined)).toBeUndefined();
  });

  it('reads custom formats, ignoring quoted text, colours and locales', () => {
    expect(dateKindOfFormat(164, 'yyyy\\-mm\\-dd\\ hh:mm;@')).toBe('datetime');
    expect(dateKindOfFormat(165, '[$-409]h:mm AM/PM')).toBe('time');
    expect(dateKindOfFormat(166, '[h]:mm:ss')).toBe('time');
    expect(dateKindOfFormat(167, 'dd/mm/yyyy')).toBe('date');
    expect(dateKindOfFormat(168, 'mmm')).toBe('date');
    expect(dateKindOfFormat(169, '0.00"h"')).toBeUndefined();
    expect(dateKindOfFormat(170, '[Red]#,##0.00')).toBeUndefined();
    expect(dateKindOfFormat(171, '0.00E+00')).toBeUndefined();
    expect(dateKindOfFormat(172, 'General')).toBeUndefined();
  });

  it('does not read a format longer than Excel allows (a crafted one would be slow to read)', () => {
    expect(dateKindOfFormat(173, `yyyy${'['.repeat(300)}`)).toBeUndefined();
    expect(dateKindOfFormat(174, '['.repeat(1_000_000))).toBeUndefined();
  });
});
