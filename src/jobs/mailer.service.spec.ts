import nodemailer, { SendMailOptions } from 'nodemailer';
import {
  MAIL_TEXT_ENCODING,
  OutgoingMail,
  classifySendFailure,
  mailOptions,
  senderAddress,
  smtpTransportOptions,
} from './mailer.service';

/** The raw message nodemailer makes of `mail`, its random MIME boundaries named in order. */
async function rawMessage(mail: SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({ ...mail, date: new Date('2026-12-04T10:00:00Z') });
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

describe('Our mail as nodemailer gets it', () => {
  const polish: OutgoingMail = {
    to: 'anna.nowak@example.com',
    subject: 'Nowe oferty dla Łukasza Żółtowskiego',
    html: `<p>Dzień dobry, Panie Łukaszu,</p><p>${'Przygotowaliśmy nowe oferty ubezpieczeń komunikacyjnych i mieszkaniowych. '.repeat(6)}</p>`,
    text: `Dzień dobry, Panie Łukaszu,\n\n${'Przygotowaliśmy nowe oferty ubezpieczeń. '.repeat(6)}\n\nAdministratorem danych jest Biuro Brokerskie (art. 13 RODO).`,
    messageId: '<campaign.1.2@broker.example>',
    headers: { 'List-Unsubscribe': '<https://crm.broker.example/api/unsubscribe?token=abc>' },
  };
  const english: OutgoingMail = {
    ...polish,
    to: 'John.Smith@Example.COM',
    subject: 'New offers for Anna',
    html: '<p>Dear Anna,</p>',
    text: 'Dear Anna,\n\nżółć',
  };
  /** What nodemailer made of the same mail given as text, the encoding left to its count. */
  const asText = (from: string, mail: OutgoingMail): SendMailOptions => ({
    from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: mail.messageId,
    headers: mail.headers,
  });

  it('makes the same bytes as the text nodemailer would parse, for every kind of sender', async () => {
    const senders = [
      'Biuro Brokerskie <biuro@broker.example>',
      '"Biuro Brokerskie Żak sp. z o.o." <biuro@broker.example>',
      'biuro@broker.example',
    ];
    for (const from of senders) {
      // One object serves every mail of the process, as in MailerService (nodemailer normalises it in place).
      const sender = senderAddress(from);
      expect(typeof sender).toBe('object');
      for (const mail of [polish, english, polish]) {
        const made = await rawMessage(mailOptions(sender, mail));
        expect(made).toContain('Content-Transfer-Encoding: quoted-printable');
        expect(made).toBe(await rawMessage(asText(from, mail)));
      }
    }
    // Two addresses, or a group, stay text for nodemailer to read as it always did.
    expect(senderAddress('a@broker.example, b@broker.example')).toBe('a@broker.example, b@broker.example');
    expect(senderAddress('Biuro: a@broker.example;')).toBe('Biuro: a@broker.example;');
  });

  it('can tell a difference: text mostly not in Latin letters would be detected as base64', async () => {
    const ukrainian = {
      ...polish,
      subject: 'Нові пропозиції',
      html: '',
      text: 'Добрий день! Нові пропозиції.',
    };
    const detected = await rawMessage(asText('biuro@broker.example', ukrainian));
    expect(detected).toContain('Content-Transfer-Encoding: base64');
    expect(await rawMessage(mailOptions('biuro@broker.example', ukrainian))).not.toBe(detected);
    expect(MAIL_TEXT_ENCODING).toBe('quoted-printable');
  });

  it('sends to the one stored address, never to a list read out of it', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const list = 'anna@example.com, eve@example.org';
    const asList = await transport.sendMail(asText('biuro@broker.example', { ...polish, to: list }));
    expect(asList.envelope.to).toEqual(['anna@example.com', 'eve@example.org']);
    const asOne = await transport.sendMail(mailOptions('biuro@broker.example', { ...polish, to: list }));
    expect(asOne.envelope.to).toHaveLength(1);
    const plain = await transport.sendMail(mailOptions('biuro@broker.example', polish));
    expect(plain.envelope.to).toEqual(['anna.nowak@example.com']);
  });
});
