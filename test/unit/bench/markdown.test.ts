// The bench's markdown: aligned tables that stay valid markdown whatever the cells hold.
import { describe, expect, it } from 'vitest';
import { formatMs, formatNumber, formatRatio, markdownTable, versus } from '../../../bench/lib/markdown.js';

describe('markdownTable', () => {
  it('pads columns and marks right-aligned ones in the rule', () => {
    // Act
    const table = markdownTable(
      ['Read', 'Units'],
      [
        ['board', '96'],
        ['history', '2'],
      ],
      ['left', 'right'],
    );

    // Assess
    expect(table.split('\n')).toEqual([
      '| Read    | Units |',
      '| ------- | ----: |',
      '| board   |    96 |',
      '| history |     2 |',
    ]);
  });

  it('escapes pipes and flattens line breaks so a cell cannot break the table', () => {
    // Act
    const table = markdownTable(['a'], [['x | y\nz']]);

    // Assess
    expect(table.split('\n')[2]).toBe('| x \\| y z |');
  });

  it('fills missing cells with nothing', () => {
    expect(markdownTable(['a', 'b'], [['1']]).split('\n')[2]).toBe('| 1   |     |');
  });
});

describe('number formats', () => {
  it('groups thousands and drops trailing zeros', () => {
    expect(formatNumber(3_250_130)).toBe('3,250,130');
    expect(formatNumber(5.5)).toBe('5.5');
    expect(formatNumber(4.6349)).toBe('4.63');
  });

  it('formats times, ratios and side-by-side pairs', () => {
    expect(formatMs(3.734)).toBe('3.73 ms');
    expect(formatMs(237.31)).toBe('237.3 ms');
    expect(formatRatio(4.23)).toBe('4.2×');
    expect(versus(28.74, 1)).toBe('28.74 / 1');
  });
});
