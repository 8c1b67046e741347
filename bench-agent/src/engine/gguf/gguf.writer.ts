import { closeSync, openSync, writeSync } from 'node:fs';
import { GGML_TYPES, rowBytes, type GgmlTypeName } from './ggml-types';

/**
 * GGUF v3 writer (the format of ggml/docs/gguf.md and gguf-py's GGUFWriter): little-endian header
 * "GGUF", version 3, tensor count, metadata count; metadata key/value pairs; tensor infos (name,
 * dims innermost first, ggml type, data offset); padding to `general.alignment` (32); tensor data,
 * each tensor padded to the alignment. Tensors are streamed to the file one at a time, so a
 * 1B-class model is never held in memory whole.
 */
export const GGUF_ALIGNMENT = 32;

/** A metadata value with its GGUF type (gguf_type: UINT32 = 4, FLOAT32 = 6, BOOL = 7, STRING = 8, ARRAY = 9). */
export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'f32[]'; value: ArrayLike<number> }
  | { type: 'i32[]'; value: ArrayLike<number> };

export interface GgufTensorSpec {
  name: string;
  /** ggml's ne: innermost (row length) first. A [rows][cols] row-major matrix is [cols, rows]. */
  dims: number[];
  type: GgmlTypeName;
}

const TYPE_IDS = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

/** Bytes a tensor's data takes in the file (before alignment padding). */
export function tensorBytes(spec: GgufTensorSpec): number {
  const rows = spec.dims.slice(1).reduce((a, b) => a * b, 1);
  return rowBytes(spec.type, spec.dims[0]!) * rows;
}

class ByteSink {
  private readonly chunks: Buffer[] = [];
  length = 0;
  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  value(v: GgufValue): void {
    const scalar = (type: 'u32' | 'i32' | 'f32', n: number) => {
      const b = Buffer.alloc(4);
      if (type === 'u32') b.writeUInt32LE(n);
      else if (type === 'i32') b.writeInt32LE(n);
      else b.writeFloatLE(n);
      this.push(b);
    };
    switch (v.type) {
      case 'u32':
      case 'i32':
      case 'f32':
        this.u32(TYPE_IDS[v.type]);
        return scalar(v.type, v.value);
      case 'bool':
        this.u32(TYPE_IDS.bool);
        return this.push(Buffer.from([v.value ? 1 : 0]));
      case 'string':
        this.u32(TYPE_IDS.string);
        return this.string(v.value);
      case 'string[]':
        this.u32(TYPE_IDS.array);
        this.u32(TYPE_IDS.string);
        this.u64(v.value.length);
        for (const s of v.value) this.string(s);
        return;
      case 'f32[]':
      case 'i32[]': {
        const element = v.type === 'f32[]' ? 'f32' : 'i32';
        this.u32(TYPE_IDS.array);
        this.u32(TYPE_IDS[element]);
        this.u64(v.value.length);
        for (let i = 0; i < v.value.length; i++) scalar(element, v.value[i]!);
        return;
      }
    }
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

const padding = (offset: number) => (GGUF_ALIGNMENT - (offset % GGUF_ALIGNMENT)) % GGUF_ALIGNMENT;

/**
 * Writes a GGUF file: the header with every tensor's info, then `data(spec)` for each tensor in
 * order (it must return exactly {@link tensorBytes}(spec) bytes). Returns the file size in bytes.
 */
export function writeGguf(
  path: string,
  metadata: Record<string, GgufValue>,
  tensors: readonly GgufTensorSpec[],
  data: (spec: GgufTensorSpec) => Uint8Array,
): number {
  const header = new ByteSink();
  header.push(Buffer.from('GGUF', 'ascii'));
  header.u32(3);
  header.u64(tensors.length);
  header.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    header.string(key);
    header.value(value);
  }
  let offset = 0;
  for (const spec of tensors) {
    header.string(spec.name);
    header.u32(spec.dims.length);
    for (const d of spec.dims) header.u64(d);
    header.u32(GGML_TYPES[spec.type].id);
    header.u64(offset);
    const size = tensorBytes(spec);
    offset += size + padding(size);
  }
  header.push(Buffer.alloc(padding(header.length)));
  const fd = openSync(path, 'w');
  try {
    let written = writeAll(fd, header.toBuffer());
    for (const spec of tensors) {
      const bytes = data(spec);
      if (bytes.length !== tensorBytes(spec))
        throw new Error(`tensor ${spec.name}: ${bytes.length} bytes, expected ${tensorBytes(spec)}`);
      written += writeAll(fd, bytes);
      written += writeAll(fd, new Uint8Array(padding(bytes.length)));
    }
    return written;
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): number {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
  return bytes.length;
}
