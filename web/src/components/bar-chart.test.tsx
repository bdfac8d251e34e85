// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BarChart, valueTicks } from './bar-chart';

describe('bar chart', () => {
  it('puts round steps on the value axis from 0 to at least the largest value', () => {
    expect(valueTicks(0)).toEqual([0, 1]);
    expect(valueTicks(3)).toEqual([0, 1, 2, 3]);
    expect(valueTicks(76)).toEqual([0, 20, 40, 60, 80]);
    expect(valueTicks(1000)).toEqual([0, 500, 1000]);
    expect(valueTicks(1076)).toEqual([0, 500, 1000, 1500]);
  });

  it('names the image and lists every non-empty bucket in a table for screen readers', () => {
    render(
      <BarChart
        title="Sends"
        summary="3 sent."
        layout="grouped"
        series={[
          { key: 'sent', label: 'Sent', fill: 'fill-info', swatch: 'bg-info' },
          { key: 'failed', label: 'Failed', fill: 'fill-danger', swatch: 'bg-danger' },
        ]}
        buckets={[
          { key: 'a', label: '09:00', title: 'Sun 6 Dec, 09:00', values: [2, 1] },
          { key: 'b', label: '09:01', title: 'Sun 6 Dec, 09:01', values: [0, 0] },
          { key: 'c', label: '09:02', title: 'Sun 6 Dec, 09:02', values: [1, 0] },
        ]}
      />,
    );
    expect(screen.getByRole('img', { name: 'Sends. 3 sent.' })).toBeTruthy();
    const rows = screen.getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['PeriodSentFailed', 'Sun 6 Dec, 09:0021', 'Sun 6 Dec, 09:0210']);
    expect(screen.getByRole('list', { name: 'Legend' }).textContent).toBe('SentFailed');
  });
});
