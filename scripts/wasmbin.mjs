// Small helpers for reading and rewriting a wasm binary's sections (LEB128 integers, the
// section list, the data section's segments), shared by the post-build steps that rewrite the
// release build's wasm (wasmopt.mjs, shortnames.mjs).

/// Reads an unsigned LEB128 integer at `at`; returns [value, offset after it].
export function readLeb(buf, at) {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const byte = buf[i++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, i];
  }
}

/// Encodes an unsigned LEB128 integer.
export function leb(value) {
  const out = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return Buffer.from(out);
}

/// The module's sections in order: { id, start (of the section's header), body, end }.
export function sections(wasm) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const out = [];
  let i = 8;
  while (i < wasm.length) {
    const id = wasm[i];
    const [size, body] = readLeb(wasm, i + 1);
    out.push({ id, start: i, body, end: body + size });
    i = body + size;
  }
  return out;
}

/// A section with id `id` and body `body`.
export function section(id, body) {
  return Buffer.concat([Buffer.from([id]), leb(body.length), body]);
}

/// Puts the data section's segments in an order that gzip compresses better: by the share of
/// printable ASCII in each (in tenths; tables of pointers and numbers first, text last), and
/// in address order within a tenth. Each active segment carries its own address, so the order
/// of non-overlapping active segments does not change what memory holds. Throws if a segment
/// lies in the first KiB (see wasmopt.mjs's `--low-memory-unused`). Leaves the module as
/// it is (returns it unchanged) if any segment is passive or not at a constant address, or if
/// two segments overlap.
export function orderDataSegments(wasm) {
  const data = sections(wasm).find((s) => s.id === 11);
  if (!data) return wasm;
  let [count, p] = readLeb(wasm, data.body);
  const segments = [];
  for (let n = 0; n < count; n += 1) {
    const start = p;
    let flags;
    [flags, p] = readLeb(wasm, p);
    // Only `0`: active, memory 0, offset `i32.const N end`.
    if (flags !== 0 || wasm[p] !== 0x41) return wasm;
    let address;
    [address, p] = readLeb(wasm, p + 1);
    // A negative (sign-extended) constant would need signed decoding: leave such a module alone.
    if (wasm[p - 1] & 0x40 || wasm[p] !== 0x0b) return wasm;
    p += 1;
    let size;
    [size, p] = readLeb(wasm, p);
    const bytes = wasm.subarray(p, p + size);
    p += size;
    let printable = 0;
    for (const b of bytes) if (b >= 0x20 && b < 0x7f) printable += 1;
    segments.push({ n, address, size, raw: wasm.subarray(start, p), tenth: Math.floor((10 * printable) / Math.max(1, size)) });
  }
  if (p !== data.end) return wasm;
  const byAddress = [...segments].sort((a, b) => a.address - b.address);
  // wasmopt.mjs runs wasm-opt with `--low-memory-unused`, which assumes nothing lives in the
  // first KiB: data placed there would break that, so the build stops.
  if (byAddress.length > 0 && byAddress[0].address < 1024) {
    throw new Error(`wasmbin.mjs: a data segment at ${byAddress[0].address}, below 1024: wasm-opt's --low-memory-unused (wasmopt.mjs) does not hold`);
  }
  for (let i = 1; i < byAddress.length; i += 1) {
    if (byAddress[i - 1].address + byAddress[i - 1].size > byAddress[i].address) return wasm;
  }
  const ordered = [...segments].sort((a, b) => a.tenth - b.tenth || a.n - b.n);
  const body = Buffer.concat([leb(count), ...ordered.map((s) => s.raw)]);
  return Buffer.concat([wasm.subarray(0, data.start), section(11, body), wasm.subarray(data.end)]);
}
