import nodemailer, { SendMailOptions } from 'nodemailer';
import { MAIL_TEXT_ENCODING, classifySendFailure, smtpTransportOptions } from './mailer.service';

/** The raw message nodemailer makes of `mail`, its random MIME boundaries named in order. */
async function rawMessage(mail: SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: 'Biuro Brokerskie <biuro@broker.example>',
    to: 'anna.nowak@example.com',
    messageId: '<campaign.1.2@broker.example>',
    date: new Date('2026-12-04T10:00:00Z'),
    ...mail,
  });
  const raw = (info.message as Buffer).toString('latin1');
  const boundaries = [...raw.matchAll(/boundary="([^"]+)"/g)].map((m) => m[1]);
  return boundaries.reduce((text, b, i) => text.split(b).join(`BOUNDARY-${i}`), raw);
}

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

describe('The encoding of our mail', () => {
  it('is the one nodemailer would pick for Polish and English text, so the bytes stay the same', async () => {
    const polish = {
      subject: 'Nowe oferty dla Łukasza Żółtowskiego',
      html: `<p>Dzień dobry, Panie Łukaszu,</p><p>${'Przygotowaliśmy nowe oferty ubezpieczeń komunikacyjnych i mieszkaniowych. '.repeat(6)}</p>`,
      text: `Dzień dobry, Panie Łukaszu,\n\n${'Przygotowaliśmy nowe oferty ubezpieczeń. '.repeat(6)}\n\nAdministratorem danych jest Biuro Brokerskie (art. 13 RODO).`,
      headers: { 'List-Unsubscribe': '<https://crm.broker.example/api/unsubscribe?token=abc>' },
    };
    const english = { subject: 'New offers for Anna', html: '<p>Dear Anna,</p>', text: 'Dear Anna,\n\nżółć' };
    for (const mail of [polish, english]) {
      const named = await rawMessage({ ...mail, textEncoding: MAIL_TEXT_ENCODING });
      expect(named).toContain('Content-Transfer-Encoding: quoted-printable');
      expect(named).toBe(await rawMessage(mail));
    }
    // The comparison can tell: text that is mostly not Latin letters is detected as base64.
    const ukrainian = { subject: 'Нові пропозиції', text: 'Добрий день! Нові пропозиції страхування.' };
    expect(await rawMessage(ukrainian)).toContain('Content-Transfer-Encoding: base64');
    expect(await rawMessage({ ...ukrainian, textEncoding: MAIL_TEXT_ENCODING })).not.toBe(
      await rawMessage(ukrainian),
    );
  });
});
