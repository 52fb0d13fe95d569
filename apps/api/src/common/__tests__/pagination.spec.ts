import { ErrorCode, StagebankError } from '../stagebank.error';
import { decodeOffsetCursor, encodeOffsetCursor } from '../pagination';

const refusal = (cursor: string) => {
  try {
    decodeOffsetCursor(cursor);
    return 'accepted';
  } catch (error) {
    return error instanceof StagebankError ? `${error.code} ${error.field}` : String(error);
  }
};

describe('cursors', () => {
  it('round-trips an offset, and treats no cursor as the start', () => {
    for (const offset of [0, 1, 19, 20, 99_999]) expect(decodeOffsetCursor(encodeOffsetCursor(offset))).toBe(offset);
    expect(decodeOffsetCursor(undefined)).toBe(0);
    expect(decodeOffsetCursor('')).toBe(0);
  });

  it('refuses anything that is not a cursor of this list as bad input on `after`', () => {
    const bad = [
      'not base64 !!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('[-1]').toString('base64url'),
      Buffer.from('[1.5]').toString('base64url'),
      Buffer.from('["x"]').toString('base64url'),
      Buffer.from('[null]').toString('base64url'),
      '\u0000',
    ];
    for (const cursor of bad) expect([cursor, refusal(cursor)]).toEqual([cursor, `${ErrorCode.BAD_USER_INPUT} after`]);
  });
});
