import { normalisePostcode } from '../identifiers';

describe('normalisePostcode', () => {
  it.each([
    ['1234 AB', '1234 AB'],
    ['1234ab', '1234 AB'],
    [' 5211ap ', '5211 AP'],
  ])('reads %p as %p', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });

  it.each(['0123 AB', '123 AB', '1234 A', '1234 SA', '1234 SS', 'ABCD EF', '12345 AB', ''])('rejects %p', (input) => {
    expect(normalisePostcode(input)).toBeNull();
  });
});
