#!/usr/bin/env node
// Writes a zip archive of files, each at the archive's root under its base name (what a Teams app package needs),
// with Node alone, so packaging needs no zip or python on the machine.
// Usage: node scripts/zip.js out.zip file1 [file2 ...]
//        node scripts/zip.js --dir out.zip DIR   (every file under DIR, at its path relative to DIR: the service's zip)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const args = process.argv.slice(2);
const tree = args[0] === '--dir';
const [out, ...inputs] = tree ? args.slice(1) : args;
if (!out || inputs.length === 0 || (tree && inputs.length !== 1)) {
  console.error('usage: node scripts/zip.js out.zip file1 [file2 ...] | node scripts/zip.js --dir out.zip DIR');
  process.exit(2);
}
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true })
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
// [file on disk, name in the archive]
const files = tree
  ? walk(inputs[0]).map((file) => [file, path.relative(inputs[0], file).split(path.sep).join('/')])
  : inputs.map((file) => [file, path.basename(file)]);

const locals = [];
const centrals = [];
let offset = 0;
for (const [file, entry] of files) {
  const data = fs.readFileSync(file);
  const packed = zlib.deflateRawSync(data);
  const name = Buffer.from(entry, 'utf8');
  const crc = crc32(data);
  // Fixed DOS time (1980-01-01) so the same inputs give the same archive.
  const header = (signature, extra) => {
    const fields = Buffer.alloc(extra ? 46 : 30);
    fields.writeUInt32LE(signature, 0);
    let at = 4;
    if (extra) { fields.writeUInt16LE(20, at); at += 2; } // version made by
    fields.writeUInt16LE(20, at); fields.writeUInt16LE(0x0800, at + 2); fields.writeUInt16LE(8, at + 4); // version, UTF-8 names, deflate
    fields.writeUInt16LE(0, at + 6); fields.writeUInt16LE(0x21, at + 8); // time, date
    fields.writeUInt32LE(crc, at + 10); fields.writeUInt32LE(packed.length, at + 14); fields.writeUInt32LE(data.length, at + 18);
    fields.writeUInt16LE(name.length, at + 22); fields.writeUInt16LE(0, at + 24);
    if (extra) fields.writeUInt32LE(offset, 42); // comment length, disk, attributes stay 0
    return Buffer.concat([fields, name]);
  };
  const local = Buffer.concat([header(0x04034b50, false), packed]);
  centrals.push(header(0x02014b50, true));
  locals.push(local);
  offset += local.length;
}
const central = Buffer.concat(centrals);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0);
end.writeUInt16LE(files.length, 8);
end.writeUInt16LE(files.length, 10);
end.writeUInt32LE(central.length, 12);
end.writeUInt32LE(offset, 16);
fs.writeFileSync(out, Buffer.concat([...locals, central, end]));
