import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { formatGraphQLError } from '../graphql-errors';
import { ErrorCode, StagebankError } from '../stagebank.error';

const formatted = (message: string, code?: string): GraphQLFormattedError => ({ message, path: ['x'], extensions: code ? { code } : {} });
const databaseError = (code: string, detail = 'Key (kvk)=(12345678) already exists in table "employer"') =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error(`duplicate key value violates constraint; ${detail}`), { code, detail }));

describe('error formatting (both transports)', () => {
  // What the formatter logs is part of its contract: captured here, and kept out of the test output.
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('passes our own errors on with their code, field and details', () => {
    const error = new GraphQLError('x', { originalError: StagebankError.badInput('input.postcode', 'not a Dutch postcode') });
    expect(formatGraphQLError(formatted('x'), error)).toEqual({
      path: ['x'],
      locations: undefined,
      message: 'input.postcode: not a Dutch postcode',
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'input.postcode' },
    });
  });

  it("maps a client's broken database rule to a coded error without the database's words", () => {
    const cases: Array<[string, ErrorCode]> = [
      ['23505', ErrorCode.CONFLICT],
      ['23503', ErrorCode.BAD_USER_INPUT],
      ['23514', ErrorCode.BAD_USER_INPUT],
      ['22P02', ErrorCode.BAD_USER_INPUT],
    ];
    for (const [pgCode, code] of cases) {
      const result = formatGraphQLError(formatted('raw'), databaseError(pgCode));
      expect([pgCode, result.extensions?.code]).toEqual([pgCode, code]);
      expect(result.message).not.toMatch(/kvk|employer|constraint|Key \(/);
    }
    // A client's mistake, not a fault: one line each, at warn, naming the database's code.
    expect(warn.mock.calls.map(([line]) => /^refused by the database \((\w+)\)/.exec(String(line))?.[1])).toEqual(cases.map(([pgCode]) => pgCode));
    expect(error).not.toHaveBeenCalled();
  });

  it('names the field of a variable error, and hides suggestions when asked', () => {
    const message =
      'Variable "$input" got invalid value "x" at "input.sectors[0]"; Value "x" does not exist in "Sector" enum. Did you mean the enum value "ZORG"?';
    const shown = formatGraphQLError(formatted(message, 'BAD_USER_INPUT'), new GraphQLError(message), { hideSuggestions: true });
    expect(shown.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.sectors[0]' });
    expect(shown.message).not.toContain('Did you mean');
    const missing = 'Variable "$input" got invalid value {} at "input"; Field "title" of required type "String!" was not provided.';
    expect(formatGraphQLError(formatted(missing, 'BAD_USER_INPUT'), new GraphQLError(missing)).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.title',
    });
  });

  it('reports anything unexpected as INTERNAL_SERVER_ERROR with no detail', () => {
    const result = formatGraphQLError(formatted('relation "secret_table" does not exist'), new Error('relation "secret_table" does not exist'));
    expect(result.extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR });
    expect(result.message).not.toContain('secret_table');
    // The operator sees the whole of it, once, at error.
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0][0])).toContain('secret_table');
    expect(warn).not.toHaveBeenCalled();
  });
});
