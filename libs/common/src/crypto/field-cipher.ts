import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for personal values at rest, and a keyed hash (blind index) to find them by equality
 * without decrypting. The blind index uses a separate key so that one leaked key does not give both.
 */
export class FieldCipher {
  private readonly key: Buffer;
  private readonly indexKey: Buffer;

  constructor(encryptionKeyHex: string, blindIndexKey: string) {
    this.key = Buffer.from(encryptionKeyHex, 'hex');
    if (this.key.length !== 32) throw new Error('Field encryption key must be 32 bytes');
    this.indexKey = Buffer.from(blindIndexKey, 'utf8');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined)
      throw new Error('Unknown ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  blindIndex(domain: string, value: string): string {
    return createHmac('sha256', this.indexKey).update(`${domain}:${value}`).digest('hex');
  }
}
