import { describe, expect, it } from 'vitest';
import { formatFilter, OPERATORS, operatorsFor, parseFilter } from './filter-builder';

describe('contact filter builder', () => {
  it('offers the 14 list-query operators', () => {
    expect(OPERATORS.map((o) => o.op).sort()).toEqual(
      [
        'contains',
        'endswith',
        'eq',
        'ge',
        'gt',
        'icontains',
        'in',
        'is_null',
        'le',
        'like',
        'lt',
        'ne',
        'range',
        'startswith',
      ].sort(),
    );
    expect(operatorsFor('tags')).toEqual(['contains', 'eq', 'ne', 'in', 'is_null']);
    expect(operatorsFor('group_id')).toEqual(['eq', 'ne']);
  });

  it('round-trips attributes.KEY filters and values with colons', () => {
    const row = parseFilter('attributes.plan:eq:gold:vip');
    expect(row).toEqual({ field: 'attributes', key: 'plan', op: 'eq', value: 'gold:vip' });
    expect(formatFilter(row)).toBe('attributes.plan:eq:gold:vip');
  });

  it('drops incomplete rows and defaults is_null to true', () => {
    expect(formatFilter({ field: 'name', key: '', op: 'eq', value: ' ' })).toBeUndefined();
    expect(formatFilter({ field: 'attributes', key: '', op: 'eq', value: 'x' })).toBeUndefined();
    expect(formatFilter({ field: 'email', key: '', op: 'is_null', value: '' })).toBe('email:is_null:true');
  });
});
