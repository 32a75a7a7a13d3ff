import { classifySendFailure, smtpTransportOptions } from './mailer.service';

describe('SMTP failures', () => {
  it('retries only what the server surely did not take', () => {
    expect(classifySendFailure({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' })).toEqual({
      notDelivered: true,
      permanent: false,
      reason: 'smtp_451',
    });
    expect(classifySendFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' })).toEqual({
      notDelivered: true,
      permanent: true,
      reason: 'smtp_550',
    });
    expect(classifySendFailure({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' })).toMatchObject({
      notDelivered: true,
      permanent: true,
    });
    expect(classifySendFailure({ code: 'ECONNECTION', command: 'CONN' })).toEqual({
      notDelivered: true,
      permanent: false,
      reason: 'smtp_econnection',
    });
    // A socket that dies or times out mid-transaction may have delivered: never retried.
    expect(classifySendFailure({ code: 'ETIMEDOUT', command: 'DATA' })).toEqual({
      notDelivered: false,
      permanent: true,
      reason: 'smtp_etimedout',
    });
    expect(classifySendFailure(new Error('boom'))).toEqual({
      notDelivered: false,
      permanent: true,
      reason: 'smtp_unknown',
    });
  });

  it('pools few connections with unlimited messages each', () => {
    expect(smtpTransportOptions('smtps://user:p%40ss@mail.example:2465', 5)).toMatchObject({
      pool: true,
      host: 'mail.example',
      port: 2465,
      secure: true,
      auth: { user: 'user', pass: 'p@ss' },
      maxConnections: 5,
      maxMessages: Infinity,
    });
    expect(smtpTransportOptions('smtp://127.0.0.1:1025', 3)).toMatchObject({
      port: 1025,
      secure: false,
      auth: undefined,
      maxConnections: 3,
    });
  });
});
