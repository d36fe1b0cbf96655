// Seals a bundle under a passphrase (scrypt, then AES-256-GCM) and opens it again; a wrong passphrase or a changed file is one error.
import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { BridgeError } from '../errors.js';

export const BUNDLE_FORMAT = 'deskbridge-bundle' as const;
/** Long enough that guessing it offline, at scrypt's cost per guess, is out of reach. */
export const MIN_PASSPHRASE_LENGTH = 12;

const KDF = { N: 2 ** 15, r: 8, p: 1 } as const;

const envelopeSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.string() }),
  cipher: z.literal('aes-256-gcm'),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});

type Envelope = z.infer<typeof envelopeSchema>;

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...kdf, maxmem: 256 * kdf.N * kdf.r };
  return new Promise((resolve, reject) => scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** The envelope's fields except the payload, bound to it as additional data so none can be swapped. */
function headerOf(envelope: Pick<Envelope, 'format' | 'version' | 'kdf' | 'cipher' | 'iv'>): Buffer {
  return Buffer.from(JSON.stringify([envelope.format, envelope.version, envelope.kdf, envelope.cipher, envelope.iv]), 'utf8');
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new BridgeError('invalid_argument', `The passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters: the bundle holds every secret and the keys.`);
  }
}

/** The bundle file's text: a JSON envelope whose payload only the passphrase opens. */
export async function sealBundle(payload: unknown, passphrase: string): Promise<string> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kdf = { name: 'scrypt' as const, ...KDF, salt: salt.toString('base64') };
  const partial = { format: BUNDLE_FORMAT, version: 1 as const, kdf, cipher: 'aes-256-gcm' as const, iv: iv.toString('base64') };
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, KDF), iv);
  cipher.setAAD(headerOf(partial));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  const envelope: Envelope = { ...partial, tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
  return `${JSON.stringify(envelope, null, 1)}\n`;
}

/** The payload of a bundle file's text; says plainly when the file is not a bundle or the passphrase does not open it. */
export async function openBundle(text: string, passphrase: string): Promise<unknown> {
  let envelope: Envelope;
  try {
    envelope = envelopeSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new BridgeError('invalid_argument', 'This file is not a Deskbridge bundle (made by "deskbridge export").', { cause: error });
  }
  if (envelope.kdf.N > 2 ** 20 || envelope.kdf.r > 32 || envelope.kdf.p > 16) {
    throw new BridgeError('invalid_argument', 'This bundle asks for more work to open than any Deskbridge bundle does; it was not made by "deskbridge export".');
  }
  try {
    const key = await deriveKey(passphrase, Buffer.from(envelope.kdf.salt, 'base64'), envelope.kdf);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(headerOf(envelope));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    const clear = Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]);
    return JSON.parse(clear.toString('utf8'));
  } catch (error) {
    throw new BridgeError('invalid_argument', 'The passphrase does not open this bundle (or the file was changed since it was exported).', { cause: error });
  }
}
