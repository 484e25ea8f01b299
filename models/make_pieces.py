#!/usr/bin/env python3
"""Training data for the reader's model: the pieces that bad cuts of touching digits make, as `digitcli
read` prepares them (cropped to their ink, fitted into 20x20 keeping their aspect, centred by centre of
mass in 28x28), labelled 255 ("not a digit"). The network reading a number's pieces must say that the
half of a 3, two 0s squashed together or a digit with a slice of its neighbour are no digit, or the
over-segmentation would take them (a fragment of a digit often reads as a confident 1 or 3).

Kinds (--kinds), in equal shares: part of one digit (cut at 30-70% of its width, a slanted cut sometimes; narrow
sticks, which are 1s, are left out), two digits side by side touching or overlapping, and a digit with
25-50% of a neighbour attached. Digits come from MNIST *training* images 0-54,999 (the check sets use
55,000-57,499; nothing MNIST-derived is stored in the project).

Usage: make_pieces.py MNIST_DIR OUT_DIR [--count N] [--seed S] [--kinds part,pair,slice]
Writes OUT_DIR/train-images-idx3-ubyte and train-labels-idx1-ubyte (for `digitcli train --extra-data`).
"""
import argparse, gzip, os, struct
import numpy as np
from PIL import Image

def load(directory):
    with gzip.open(os.path.join(directory, "train-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)[:55000]
    return images.astype(np.float32)

def crop(image):
    ys, xs = np.nonzero(image > 30)
    if len(xs) == 0:
        return None
    return image[ys.min():ys.max() + 1, xs.min():xs.max() + 1]

def fitted(ink):
    """MNIST's preparation: into 20x20 keeping the aspect (area averaging), centred by centre of mass."""
    ink = crop(ink)
    if ink is None:
        return None
    h, w = ink.shape
    scale = 20 / max(h, w)
    size = (max(1, min(20, round(w * scale))), max(1, min(20, round(h * scale))))
    digit = np.asarray(Image.fromarray(ink.clip(0, 255).astype(np.uint8)).resize(size, Image.BOX), np.float32)
    mass = digit.sum()
    ys, xs = np.mgrid[0:digit.shape[0], 0:digit.shape[1]]
    cy, cx = (ys + 0.5).ravel() @ digit.ravel() / mass, (xs + 0.5).ravel() @ digit.ravel() / mass
    top = int(min(max(round(14 - cy), 0), 28 - digit.shape[0]))
    left = int(min(max(round(14 - cx), 0), 28 - digit.shape[1]))
    out = np.zeros((28, 28), np.float32)
    out[top:top + digit.shape[0], left:left + digit.shape[1]] = digit
    return out.astype(np.uint8)

def side_by_side(a, b, gap):
    """Digit crops a and b on one baseline, b `gap` pixels after a (negative: overlapping)."""
    h = max(a.shape[0], b.shape[0])
    width = a.shape[1] + max(gap, -a.shape[1] + 1) + b.shape[1]
    canvas = np.zeros((h, max(width, a.shape[1], b.shape[1])), np.float32)
    canvas[h - a.shape[0]:, :a.shape[1]] = a
    x = a.shape[1] + gap
    region = canvas[h - b.shape[0]:, max(x, 0):max(x, 0) + b.shape[1]]
    np.maximum(region, b[:, :region.shape[1]], out=region)
    return canvas

def part(rng, digit):
    """A left or right part of one digit, cut straight or slanted at 30-70% of its width; None for a stick."""
    h, w = digit.shape
    cut = rng.uniform(0.3, 0.7) * w
    slant = rng.uniform(-0.3, 0.3) if rng.random() < 0.4 else 0
    ys, xs = np.mgrid[0:h, 0:w]
    left = xs < cut + slant * (ys - h / 2)
    piece = crop(np.where(left if rng.random() < 0.5 else ~left, digit, 0))
    if piece is None or piece.shape[1] < 0.45 * piece.shape[0] or piece.shape[0] < 0.5 * h:
        return None
    return piece

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mnist")
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--kinds", default="part,pair,slice", help="which kinds of piece to make (comma-separated)")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    images = load(args.mnist)
    kinds = args.kinds.split(",")
    pieces = []
    while len(pieces) < args.count:
        a = crop(images[rng.integers(len(images))])
        b = crop(images[rng.integers(len(images))])
        kind = kinds[len(pieces) % len(kinds)]
        if kind == "part":
            ink = part(rng, a)
        elif kind == "pair":
            ink = side_by_side(a, b, int(rng.integers(-4, 2)))
        else:
            share = rng.uniform(0.25, 0.5)
            slice_width = max(1, int(b.shape[1] * share))
            neighbour = b[:, :slice_width] if rng.random() < 0.5 else b[:, -slice_width:]
            ink = side_by_side(a, neighbour, int(rng.integers(-2, 1))) if rng.random() < 0.5 else side_by_side(neighbour, a, int(rng.integers(-2, 1)))
        if ink is not None and (prepared := fitted(ink)) is not None:
            pieces.append(prepared)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "train-images-idx3-ubyte"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, len(pieces), 28, 28) + np.stack(pieces).tobytes())
    with open(os.path.join(args.out, "train-labels-idx1-ubyte"), "wb") as f:
        f.write(struct.pack(">II", 0x801, len(pieces)) + bytes([255] * len(pieces)))
    print("%d pieces in %s" % (len(pieces), args.out))

if __name__ == "__main__":
    main()
