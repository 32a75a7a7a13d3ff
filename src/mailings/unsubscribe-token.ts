import {
  Cipher,
  KeyObject,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import { CHANNELS, CONSENT_PURPOSES, Channel, ConsentPurpose } from '@app/privacy';

export interface UnsubscribeClaim {
  clientId: string;
  purpose: ConsentPurpose;
  channel: Channel;
}

const VERSION = 1;
const IV_BYTES = 16;
const MAC_BYTES = 16;
const PLAIN_BYTES = 18;
const TOKEN_BYTES = 1 + IV_BYTES + PLAIN_BYTES + MAC_BYTES;
/** IVs cut from one fill of the random source; each byte is used once. */
const IV_POOL_TOKENS = 256;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Personal unsubscribe tokens. The claim (client id, purpose, channel) is encrypted (AES-256-CTR
 * under a random IV, so two tokens for the same person look unrelated and neither reveals the id)
 * and then signed with HMAC-SHA-256 (encrypt-then-MAC). Both keys derive from UNSUBSCRIBE_SECRET.
 * base64url, 68 characters; no expiry: an unsubscribe link keeps working.
 */
export class UnsubscribeTokens {
  private readonly encKey: Buffer;
  private readonly macKey: KeyObject;
  /**
   * AES-256 on single blocks, kept for the life of the object. CTR mode is AES applied to the
   * counter blocks IV and IV+1, XORed with the plaintext; computing that keystream here gives the
   * same bytes as a CTR cipher under the same IV (the spec proves it against one) without
   * building and tearing down a cipher context per token, which was most of issue()'s cost when a
   * campaign issues a token per mail. ECB without padding keeps no state between calls.
   */
  private readonly blockCipher: Cipher;
  private readonly counterBlocks = Buffer.alloc(2 * IV_BYTES);
  /**
   * A campaign issues a token per mail, and a call into the random source costs more than the
   * cipher and the MAC together, so IVs come from a buffer filled for many tokens at once.
   */
  private readonly ivPool = Buffer.alloc(IV_BYTES * IV_POOL_TOKENS);
  private ivOffset = IV_BYTES * IV_POOL_TOKENS;

  constructor(secret: string) {
    this.encKey = Buffer.from(hkdfSync('sha256', secret, 'consentry', 'unsubscribe/encrypt/v1', 32));
    this.macKey = createSecretKey(
      Buffer.from(hkdfSync('sha256', secret, 'consentry', 'unsubscribe/sign/v1', 32)),
    );
    this.blockCipher = createCipheriv('aes-256-ecb', this.encKey, null).setAutoPadding(false);
  }

  issue(claim: UnsubscribeClaim): string {
    if (!UUID.test(claim.clientId)) throw new Error('client id must be a UUID');
    const plain = Buffer.alloc(PLAIN_BYTES);
    Buffer.from(claim.clientId.replace(/-/g, ''), 'hex').copy(plain, 0);
    plain[16] = CONSENT_PURPOSES.indexOf(claim.purpose);
    plain[17] = CHANNELS.indexOf(claim.channel);
    if (plain[16] === 255 || plain[17] === 255) throw new Error('unknown purpose or channel');
    const token = Buffer.allocUnsafe(TOKEN_BYTES);
    token[0] = VERSION;
    this.nextIv(token, 1);
    const keystream = this.ctrKeystream(token.subarray(1, 1 + IV_BYTES));
    for (let i = 0; i < PLAIN_BYTES; i++) token[1 + IV_BYTES + i] = plain[i] ^ keystream[i];
    this.mac(token.subarray(0, TOKEN_BYTES - MAC_BYTES)).copy(token, TOKEN_BYTES - MAC_BYTES);
    return token.toString('base64url');
  }

  /** The claim of a genuine token, or null for anything else (never throws on input). */
  verify(token: unknown): UnsubscribeClaim | null {
    if (typeof token !== 'string' || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    // Only the canonical encoding: no trailing characters the decoder would silently drop.
    if (raw.length !== TOKEN_BYTES || raw[0] !== VERSION || raw.toString('base64url') !== token) return null;
    const body = raw.subarray(0, TOKEN_BYTES - MAC_BYTES);
    if (!timingSafeEqual(this.mac(body), raw.subarray(TOKEN_BYTES - MAC_BYTES))) return null;
    const decipher = createDecipheriv('aes-256-ctr', this.encKey, body.subarray(1, 1 + IV_BYTES));
    const plain = Buffer.concat([decipher.update(body.subarray(1 + IV_BYTES)), decipher.final()]);
    const purpose = CONSENT_PURPOSES[plain[16]];
    const channel = CHANNELS[plain[17]];
    if (!purpose || !channel) return null;
    const hex = plain.subarray(0, 16).toString('hex');
    const clientId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { clientId, purpose, channel };
  }

  private nextIv(target: Buffer, at: number): void {
    if (this.ivOffset >= this.ivPool.length) {
      randomFillSync(this.ivPool);
      this.ivOffset = 0;
    }
    this.ivPool.copy(target, at, this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
  }

  /** AES(IV) ‖ AES(IV+1), the IV read as a big-endian 128-bit counter as CTR mode does. */
  private ctrKeystream(iv: Buffer): Buffer {
    const blocks = this.counterBlocks;
    iv.copy(blocks, 0);
    iv.copy(blocks, IV_BYTES);
    for (let i = 2 * IV_BYTES - 1; i >= IV_BYTES; i--) {
      blocks[i] = (blocks[i] + 1) & 0xff;
      if (blocks[i] !== 0) break;
    }
    return this.blockCipher.update(blocks);
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.macKey).update(body).digest().subarray(0, MAC_BYTES);
  }
}
