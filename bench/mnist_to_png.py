#!/usr/bin/env python3
"""Writes MNIST IDX images as 8-bit gray PNG files (stdlib only), for the benchmarks.

Usage: mnist_to_png.py IMAGES_IDX_GZ LABELS_IDX_GZ OUT_DIR [COUNT]
Files are named NNNNN-L.png (index, label). Never write them inside the repository.
"""
import gzip, struct, sys, zlib, os

def png_bytes(width, height, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))

def main():
    images_path, labels_path, out_dir = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    images = gzip.open(images_path).read()
    labels = gzip.open(labels_path).read()
    magic, count, rows, cols = struct.unpack(">IIII", images[:16])
    assert magic == 2051 and struct.unpack(">II", labels[:8]) == (2049, count), "not MNIST IDX files"
    count = min(count, limit or count)
    os.makedirs(out_dir, exist_ok=True)
    size = rows * cols
    for i in range(count):
        pixels = images[16 + i * size:16 + (i + 1) * size]
        with open(os.path.join(out_dir, "%05d-%d.png" % (i, labels[8 + i])), "wb") as f:
            f.write(png_bytes(cols, rows, [pixels[r * cols:(r + 1) * cols] for r in range(rows)]))

if __name__ == "__main__":
    main()
