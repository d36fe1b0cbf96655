// The double's side of an NTLM login (MS-NLMP): a CHALLENGE for the client's NEGOTIATE, and its NTLMv2 AUTHENTICATE checked against a known password.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** MD4 (RFC 1320), which NTLM hashes passwords with and OpenSSL 3 no longer offers by default. */
export function md4(input: Buffer): Buffer {
  const bitLength = BigInt(input.length) * 8n;
  const padded = Buffer.alloc(Math.ceil((input.length + 9) / 64) * 64);
  input.copy(padded);
  padded[input.length] = 0x80;
  padded.writeBigUInt64LE(bitLength, padded.length - 8);
  let [a, b, c, d] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const rotate = (value: number, bits: number) => ((value << bits) | (value >>> (32 - bits))) >>> 0;
  const f = (x: number, y: number, z: number) => (x & y) | (~x & z);
  const g = (x: number, y: number, z: number) => (x & y) | (x & z) | (y & z);
  const h = (x: number, y: number, z: number) => x ^ y ^ z;
  for (let block = 0; block < padded.length; block += 64) {
    const x = Array.from({ length: 16 }, (_unused, index) => padded.readUInt32LE(block + index * 4));
    const [aa, bb, cc, dd] = [a, b, c, d];
    const rounds: Array<[(x: number, y: number, z: number) => number, number, number[], number[]]> = [
      [f, 0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [3, 7, 11, 19]],
      [g, 0x5a827999, [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15], [3, 5, 9, 13]],
      [h, 0x6ed9eba1, [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15], [3, 9, 11, 15]],
    ];
    for (const [fn, constant, order, shifts] of rounds) {
      order.forEach((word, step) => {
        const shift = shifts[step % 4]!;
        const sum = (value: number, y: number, z: number, w: number) => rotate((value + fn(y, z, w) + x[word]! + constant) >>> 0, shift);
        if (step % 4 === 0) a = sum(a, b, c, d);
        else if (step % 4 === 1) d = sum(d, a, b, c);
        else if (step % 4 === 2) c = sum(c, d, a, b);
        else b = sum(b, c, d, a);
      });
    }
    [a, b, c, d] = [(a + aa) >>> 0, (b + bb) >>> 0, (c + cc) >>> 0, (d + dd) >>> 0];
  }
  const digest = Buffer.alloc(16);
  [a, b, c, d].forEach((word, index) => digest.writeUInt32LE(word, index * 4));
  return digest;
}

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
const hmacMd5 = (key: Buffer, data: Buffer) => createHmac('md5', key).update(data).digest();

/** NTOWFv2: the key an NTLMv2 response is made with. */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(md4(Buffer.from(password, 'utf16le')), Buffer.from(user.toUpperCase() + domain, 'utf16le'));
}

/** The message type of an NTLM message (1 NEGOTIATE, 2 CHALLENGE, 3 AUTHENTICATE), or undefined when it is not one. */
export function ntlmMessageType(message: Buffer): number | undefined {
  if (message.length < 12 || !message.subarray(0, 8).equals(SIGNATURE)) return undefined;
  return message.readUInt32LE(8);
}

/** A CHALLENGE: a fresh server challenge, the domain as target name, and target information naming it. */
export function ntlmChallenge(domain: string): { message: Buffer; serverChallenge: Buffer } {
  const serverChallenge = randomBytes(8);
  const name = Buffer.from(domain, 'utf16le');
  const pair = (id: number, value: Buffer) => Buffer.concat([Buffer.from([id, 0, value.length & 0xff, value.length >> 8]), value]);
  const info = Buffer.concat([pair(2, name), pair(0, Buffer.alloc(0))]);
  const header = Buffer.alloc(56);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(name.length, 12).valueOf();
  header.writeUInt16LE(name.length, 14);
  header.writeUInt32LE(56, 16);
  // Unicode, NTLM, target type domain, extended session security, target information.
  header.writeUInt32LE(0x00000001 | 0x00000200 | 0x00010000 | 0x00080000 | 0x00800000, 20);
  serverChallenge.copy(header, 24);
  header.writeUInt16LE(info.length, 40);
  header.writeUInt16LE(info.length, 42);
  header.writeUInt32LE(56 + name.length, 44);
  return { message: Buffer.concat([header, name, info]), serverChallenge };
}

export interface NtlmIdentity { domain: string; user: string }

/**
 * Checks an AUTHENTICATE's NTLMv2 response: NTProofStr = HMAC-MD5(NTOWFv2, server challenge ‖ blob). The identity it
 * claims, and whether the response proves `password`. (tedious declares 16 bytes for the NT response and sends the blob
 * after them, to the end of the message; a response declared longer is read as declared.)
 */
export function verifyNtlmAuthenticate(message: Buffer, serverChallenge: Buffer, password: string): NtlmIdentity & { valid: boolean } {
  const field = (at: number) => ({ length: message.readUInt16LE(at), offset: message.readUInt32LE(at + 4) });
  const nt = field(20);
  const domainField = field(28);
  const userField = field(36);
  const domain = message.subarray(domainField.offset, domainField.offset + domainField.length).toString('utf16le');
  const user = message.subarray(userField.offset, userField.offset + userField.length).toString('utf16le');
  const end = nt.length > 16 ? nt.offset + nt.length : message.length;
  const proof = message.subarray(nt.offset, nt.offset + 16);
  const blob = message.subarray(nt.offset + 16, end);
  if (proof.length !== 16 || blob.length < 28 || blob.readUInt32LE(0) !== 0x0101) return { domain, user, valid: false };
  const expected = hmacMd5(ntowfv2(password, user, domain), Buffer.concat([serverChallenge, blob]));
  return { domain, user, valid: timingSafeEqual(expected, proof) };
}
