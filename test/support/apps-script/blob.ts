// Owns Blob and the byte arrays Apps Script uses: bytes are plain arrays of SIGNED integers (-128..127),
// as Java's byte[] surfaces in Apps Script, not Uint8Arrays.
import type { RealmBridge } from './realm.js';

export function toSignedBytes(data: Uint8Array): number[] {
  return Array.from(data, (byte) => (byte > 127 ? byte - 256 : byte));
}

export function fromByteInput(data: unknown): Uint8Array {
  if (typeof data === 'string') return new Uint8Array(Buffer.from(data, 'utf8'));
  if (Array.isArray(data)) return Uint8Array.from(data as number[], (byte) => byte & 0xff);
  if (data instanceof Uint8Array) return data;
  if (data instanceof FakeBlob) return data.rawBytes();
  return new Uint8Array(Buffer.from(String(data), 'utf8'));
}

export function decodeText(bytes: Uint8Array, charset?: string): string {
  const encoding = (charset ?? 'utf-8').toLowerCase().replace('_', '-');
  const label = encoding === 'us-ascii' ? 'ascii' : encoding;
  return new TextDecoder(label === 'ascii' ? 'latin1' : label).decode(bytes);
}

export class FakeBlob {
  constructor(
    private readonly bridge: RealmBridge,
    private bytes: Uint8Array,
    private contentType: string | null,
    private name: string | null,
  ) {}

  /** Internal. */
  rawBytes(): Uint8Array {
    return this.bytes;
  }

  getBytes(): number[] {
    return this.bridge.array(toSignedBytes(this.bytes));
  }
  getDataAsString(charset?: string): string {
    return decodeText(this.bytes, charset);
  }
  setDataFromString(string: string): this {
    this.bytes = new Uint8Array(Buffer.from(String(string), 'utf8'));
    return this;
  }
  setBytes(data: number[]): this {
    this.bytes = fromByteInput(data);
    return this;
  }
  getContentType(): string | null {
    return this.contentType;
  }
  setContentType(contentType: string): this {
    this.contentType = contentType;
    return this;
  }
  getName(): string | null {
    return this.name;
  }
  setName(name: string): this {
    this.name = name;
    return this;
  }
  copyBlob(): FakeBlob {
    return new FakeBlob(this.bridge, new Uint8Array(this.bytes), this.contentType, this.name);
  }
  isGoogleType(): boolean {
    return false;
  }
  getBlob(): this {
    return this;
  }
}
