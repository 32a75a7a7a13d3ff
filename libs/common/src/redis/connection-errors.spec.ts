import { EventEmitter } from 'node:events';
import { isConnectionError, reportConnectionErrors } from './connection-errors';

describe('reportConnectionErrors', () => {
  const connRefused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), {
    code: 'ECONNREFUSED',
  });

  it('warns once per outage with the error code only, and says when the connection is back', () => {
    const emitter = new EventEmitter();
    const lines: string[] = [];
    reportConnectionErrors(
      emitter,
      { warn: (m) => lines.push(`warn ${m}`), log: (m) => lines.push(`log ${m}`) },
      'shared Redis client',
    );
    emitter.emit('ready');
    for (let i = 0; i < 5; i++) emitter.emit('error', connRefused);
    emitter.emit('ready');
    emitter.emit('ready');
    emitter.emit('error', new Error('Connection is closed.'));
    expect(lines).toEqual([
      'warn shared Redis client: connection failing (ECONNREFUSED); retrying',
      'log shared Redis client: connection restored',
      'warn shared Redis client: connection failing (Error); retrying',
    ]);
    expect(lines.join('\n')).not.toContain('127.0.0.1');
  });

  it('takes readiness from elsewhere for emitters that relay errors only', () => {
    const relay = new EventEmitter();
    const lines: string[] = [];
    const report = reportConnectionErrors(
      relay,
      { warn: (m) => lines.push(m), log: (m) => lines.push(m) },
      'queue mail',
    );
    report.restored();
    relay.emit('error', connRefused);
    report.restored();
    expect(lines).toEqual([
      'queue mail: connection failing (ECONNREFUSED); retrying',
      'queue mail: connection restored',
    ]);
  });

  it('tells connection errors from command errors', () => {
    expect(isConnectionError(connRefused)).toBe(true);
    expect(isConnectionError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isConnectionError(new Error('Missing lock for job 12. moveToFinished'))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('ERR unknown command'), { code: 'ERR' }))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });
});
