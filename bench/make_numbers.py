#!/usr/bin/env python3
"""Generates the numbers check set for `digitcli read` (issue 11): whole numbers of 1-10 digits as people
write, print and photograph them, with what each should read as.

Digits come from the same sources as bench/make_checkset.py (fonts from Debian packages, a jittery pen,
MNIST *training* digits rendered at run time), one source per number, with gaps from overlapping to
wide, sizes that vary from digit to digit, a drifting baseline, slant, and the number rotated up to 10
degrees. They are put on scans, phone-photo scenes (shadows, lamps, vignettes, desks), ruled paper and
boards, some with distractors: a box drawn around the number, thousands commas, a decimal point, a
currency sign, a dash, a second line.

Usage: make_numbers.py OUT_DIR [--count N] [--seed S] [--mnist DIR] [--mnist-range FIRST:END] [--scans]
The check set is seed 2026 with MNIST training digits 55,000-57,499 (never trained on). --scans writes
the speed set instead: clean scans about 400x120 of 4-6-digit numbers.
Writes the images and OUT_DIR/labels.tsv: file<TAB>expected<TAB>spacing<TAB>condition<TAB>distractors<TAB>source,
expected being the digits (a '.' for a decimal point, lines separated by one space), spacing
"separated" or "touching" (two digits' ink meets), distractors a comma-separated list or "-".
"""
import argparse, math, os, random, sys
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_checkset as scenes   # noqa: E402  (the check set's sources, paper, light and cameras)

CONDITIONS = {
    "scan": "a flatbed scan: even light, a little grain, sometimes slightly blurred",
    "photo": "a phone photo: gradient light, soft or hard shadows, a lamp, a vignette, or a desk around the sheet",
    "ruled": "ruled or squared notebook paper",
    "board": "chalk on a blackboard",
}
CURRENCY = "$€£"

def digit_mask(rng, digit, sources, kind, font, size, stroke):
    """One digit's ink mask (float, 1 = ink), cropped, about `size` pixels tall."""
    if kind == "font":
        canvas = Image.new("L", (int(size * 1.6) + 8, int(size * 1.6) + 8), 0)
        ImageDraw.Draw(canvas).text((size * 0.2, size * 0.1), str(digit), font=ImageFont.truetype(font, int(size)), fill=255)
        box = canvas.getbbox()
        return np.asarray(canvas.crop(box), np.float32) / 255
    mask, _ = scenes.glyph(rng, digit, sources, size, kind=kind, stroke=stroke)
    return mask

def symbol_mask(text, font, size):
    canvas = Image.new("L", (int(size * 1.6) + 8, int(size * 1.6) + 8), 0)
    ImageDraw.Draw(canvas).text((size * 0.2, size * 0.1), text, font=ImageFont.truetype(font, int(size)), fill=255)
    return np.asarray(canvas.crop(canvas.getbbox()), np.float32) / 255

def number_mask(rng, sources, digits, spacing, distractors):
    """The ink of one line: the digits placed left to right, with the distractors asked for. Returns the mask,
    the text it should read as, whether two digits' ink touches, and what drew it."""
    kind = rng.choice(["font", "font", "pen"] + (["mnist"] if sources.mnist else []))
    font = rng.choice(sources.font_paths)
    size = rng.uniform(40, 70)
    stroke = max(2, int(size * rng.uniform(0.06, 0.12)))
    slant = rng.uniform(-0.25, 0.25) if kind != "mnist" else 0
    drift = rng.uniform(-0.08, 0.08)   # baseline rise per digit height along the line
    pieces, text = [], ""
    point_after = rng.randrange(1, len(digits)) if "point" in distractors and len(digits) >= 2 else None
    comma_every = 3 if "commas" in distractors and len(digits) >= 4 else None
    for i, d in enumerate(digits):
        scale = rng.uniform(0.85, 1.15)
        mask = digit_mask(rng, d, sources, kind, font, size * scale, stroke)
        if slant:
            image = Image.fromarray((mask * 255).astype(np.uint8))
            w, h = image.size
            extra = int(abs(slant) * h) + 1
            image = image.transform((w + extra, h), Image.AFFINE, (1, slant, -extra if slant > 0 else 0, 0, 1, 0), Image.BICUBIC)
            mask = np.asarray(image, np.float32) / 255
        pieces.append(("digit", mask))
        text += str(d)
        left = len(digits) - 1 - i
        if point_after is not None and i + 1 == point_after:
            pieces.append(("point", None))
            text += "."
        elif comma_every and left > 0 and left % comma_every == 0:
            pieces.append(("comma", None))
    # Placement: gaps in digit heights. Touching and overlapping gaps make the ink meet.
    gap_range = {"wide": (0.3, 0.7), "normal": (0.08, 0.3), "tight": (0.03, 0.08), "touching": (-0.12, -0.01)}[spacing]
    height = int(size * 2.6)
    width = int(sum(p[1].shape[1] if p[1] is not None else size * 0.4 for p in pieces) + size * 3 + len(pieces) * size * 0.8)
    canvas = np.zeros((height, width), np.float32)
    labels = np.zeros((height, width), np.int32)   # which digit's ink is where, for the touching test
    x, baseline = size * 0.6, size * 1.9
    if "currency" in distractors:
        sign = symbol_mask(rng.choice(CURRENCY), rng.choice(sources.font_paths), size * 1.05)
        sign = sign[-int(baseline):]   # a sign taller than the line is cut at the canvas's top
        canvas[int(baseline) - sign.shape[0]:int(baseline), int(x):int(x) + sign.shape[1]] = sign
        x += sign.shape[1] + size * rng.uniform(0.1, 0.3)
    if "dash" in distractors:
        dash_w, dash_h = int(size * rng.uniform(0.3, 0.5)), max(2, stroke)
        y = int(baseline - size * 0.5)
        canvas[y:y + dash_h, int(x):int(x) + dash_w] = 1
        x += dash_w + size * rng.uniform(0.15, 0.3)
    count = 0
    for kind_, mask in pieces:
        y_base = baseline - drift * size * count
        if kind_ == "digit":
            h, w = mask.shape
            top, left = int(y_base - h + rng.gauss(0, size * 0.02)), int(x)
            top = min(max(top, 0), height - h)
            region = canvas[top:top + h, left:left + w]
            np.maximum(region, mask, out=region)
            labels[top:top + h, left:left + w][mask > 0.35] = count + 1
            count += 1
            x = left + w + size * rng.uniform(*gap_range)
        elif kind_ == "point":
            r = max(1.5, stroke * rng.uniform(0.6, 0.9))
            x += size * 0.12
            cy = y_base - r
            ys, xs = np.mgrid[0:height, 0:width]
            canvas = np.maximum(canvas, np.clip(r + 0.5 - np.hypot(xs - (x + r), ys - cy), 0, 1).astype(np.float32))
            x += 2 * r + size * 0.12
        else:   # a comma: a short stroke from the baseline down and to the left
            x += size * 0.08
            image = Image.new("L", (width, height), 0)
            ImageDraw.Draw(image).line([(x + stroke, y_base - stroke * 0.5), (x, y_base + size * 0.25)], fill=255, width=stroke)
            canvas = np.maximum(canvas, np.asarray(image, np.float32) / 255)
            x += stroke * 2 + size * 0.12
    # Touching: two digits' ink meets (8-neighbourhood).
    touching = False
    if spacing == "touching" or spacing == "tight":
        for a, b in ((labels[:, :-1], labels[:, 1:]), (labels[:-1, :], labels[1:, :]), (labels[:-1, :-1], labels[1:, 1:]), (labels[:-1, 1:], labels[1:, :-1])):
            if np.any((a > 0) & (b > 0) & (a != b)):
                touching = True
                break
    if "box" in distractors:
        box = Image.fromarray((canvas * 255).astype(np.uint8)).getbbox()
        pad = size * rng.uniform(0.2, 0.4)
        image = Image.fromarray((canvas * 255).astype(np.uint8))
        ImageDraw.Draw(image).rectangle([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad], outline=255, width=max(1, stroke // 2 + 1))
        canvas = np.asarray(image, np.float32) / 255
    box = Image.fromarray((canvas * 255).astype(np.uint8)).getbbox()
    source = os.path.basename(font) if kind == "font" else kind
    return canvas[box[1]:box[3], box[0]:box[2]], text, touching, source

def page(rng, mask, condition, max_side, lines_mask=None):
    """The ink on paper, lit and photographed as the condition wants it (an RGB PIL image)."""
    ink_h, ink_w = mask.shape
    if condition == "scan":
        scale = rng.uniform(1.15, 1.5)
        width, height = int(ink_w * scale) + 8, int(ink_h * rng.uniform(1.3, 2.0)) + 8
    else:
        side = rng.choice([s for s in (480, 640, 900, 1200) if s <= max_side])
        width = side
        fraction = rng.uniform(0.35, 0.8)
        factor = width * fraction / ink_w
        mask = np.asarray(Image.fromarray((mask * 255).astype(np.uint8)).resize(
            (max(1, int(ink_w * factor)), max(1, int(ink_h * factor))), Image.LANCZOS), np.float32) / 255
        ink_h, ink_w = mask.shape
        height = max(int(width * rng.uniform(0.5, 0.8)), ink_h + 16)
    paper = np.array(scenes.PAPERS[rng.choice(list(scenes.PAPERS)) if rng.random() < 0.3 else "white"], np.float32) / 255
    ink = np.array(scenes.INKS[rng.choice(list(scenes.INKS))], np.float32) / 255
    strength = rng.uniform(0.75, 1.0)
    if condition == "board":
        paper = np.array([rng.uniform(0.1, 0.25), rng.uniform(0.15, 0.3), rng.uniform(0.12, 0.25)], np.float32)
        ink, strength = np.array([0.92, 0.92, 0.9], np.float32), rng.uniform(0.65, 0.95)
        grain = np.random.default_rng(rng.randrange(1 << 30)).random(mask.shape).astype(np.float32)
        mask = mask * np.clip(0.4 + grain, 0, 1)
    image = np.ones((height, width, 3), np.float32) * paper
    image *= (1 - 0.04 * scenes.smooth_noise(rng, height, width, 12))[..., None]
    if condition == "ruled":
        spacing = ink_h * rng.uniform(1.1, 1.6)
        colour = np.array(rng.choice([(150, 180, 225), (170, 170, 175), (140, 200, 210)]), np.float32) / 255
        lines = scenes.lines(rng, height, width, "squared" if rng.random() < 0.4 else "ruled", spacing)
        image = image * (1 - lines[..., None]) + colour * lines[..., None]
    if condition == "board":
        image += (rng.uniform(0.03, 0.1) * scenes.smooth_noise(rng, height, width, 6))[..., None]
    x = rng.randint(0, max(0, width - ink_w))
    y = rng.randint(0, max(0, height - ink_h))
    region = image[y:y + ink_h, x:x + ink_w]
    coverage = (mask[:region.shape[0], :region.shape[1]] * strength)[..., None]
    region[:] = region * (1 - coverage) + ink * coverage
    if condition == "photo":
        light = rng.choice(["plain", "shadow-soft", "shadow-hard", "shadow-corner", "vignette", "lamp"])
        image = image * scenes.illumination(rng, light, height, width)[..., None]
    elif condition == "scan":
        image = image * rng.uniform(0.92, 1.0)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 0.03), (height, width, 1))
    result = Image.fromarray((np.clip(image + noise, 0, 1) * 255).astype(np.uint8))
    if rng.random() < 0.3:
        result = result.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0) * max(1, ink_h / 80)))
    return result

def make(rng, sources, condition, digits_count, spacing, max_side):
    """One image: its number (one line, or two), and its label fields."""
    distractors = []
    if rng.random() < 0.4:
        distractors = [rng.choice(["box", "commas", "point", "currency", "dash"])]
    line_count = 2 if rng.random() < 0.08 and condition != "scan" else 1
    masks, texts, touching, source = [], [], False, "-"
    for _ in range(line_count):
        digits = [rng.randrange(10) for _ in range(digits_count)]
        mask, text, touches, source = number_mask(rng, sources, digits, spacing, distractors)
        masks.append(mask)
        texts.append(text)
        touching = touching or touches
    width = max(m.shape[1] for m in masks)
    gap = int(masks[0].shape[0] * rng.uniform(0.4, 0.8))
    combined = np.zeros((sum(m.shape[0] for m in masks) + gap * (len(masks) - 1), width), np.float32)
    y = 0
    for m in masks:
        offset = rng.randint(0, width - m.shape[1])
        combined[y:y + m.shape[0], offset:offset + m.shape[1]] = m
        y += m.shape[0] + gap
    angle = rng.uniform(-10, 10)
    rotated = Image.fromarray((combined * 255).astype(np.uint8)).rotate(angle, resample=Image.BICUBIC, expand=True)
    image = page(rng, np.asarray(rotated, np.float32) / 255, condition, max_side)
    return image, " ".join(texts), "touching" if touching else "separated", ",".join(distractors) or "-", source

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--max-side", type=int, default=1200)
    parser.add_argument("--fonts", choices=["all", "training"], default="all")
    parser.add_argument("--mnist", default=os.environ.get("DIGITCLI_MNIST", os.path.join(os.path.dirname(scenes.ROOT), "shared", "mnist")))
    parser.add_argument("--mnist-range", default="55000:57500")
    parser.add_argument("--scans", action="store_true", help="the speed set: clean 400x120 scans of 4-6 digits")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    all_fonts = scenes.fonts()
    held_out = set(all_fonts[1::2])
    font_paths = [f for f in all_fonts if args.fonts == "all" or f not in held_out]
    mnist = None
    if os.path.exists(os.path.join(args.mnist, "train-images-idx3-ubyte.gz")):
        first, end = map(int, args.mnist_range.split(":"))
        mnist = scenes.load_mnist(args.mnist, first, end)
    sources = scenes.Sources(font_paths, held_out, mnist)
    with open(os.path.join(args.out, "labels.tsv"), "w") as listing:
        for index in range(args.count):
            if args.scans:
                digits = [rng.randrange(10) for _ in range(rng.randint(4, 6))]
                mask, text, touching, source = number_mask(rng, sources, digits, rng.choice(["normal", "wide"]), [])
                factor = min(380 / mask.shape[1], 100 / mask.shape[0])
                mask = np.asarray(Image.fromarray((mask * 255).astype(np.uint8)).resize(
                    (max(1, int(mask.shape[1] * factor)), max(1, int(mask.shape[0] * factor))), Image.LANCZOS), np.float32) / 255
                canvas = np.zeros((120, 400), np.float32)
                y, x = (120 - mask.shape[0]) // 2, (400 - mask.shape[1]) // 2
                canvas[y:y + mask.shape[0], x:x + mask.shape[1]] = mask
                image = Image.fromarray((255 - canvas * 230 - np.random.default_rng(index).normal(0, 3, canvas.shape)).clip(0, 255).astype(np.uint8))
                fields = (text, "touching" if touching else "separated", "scan", "-", source)
            else:
                condition = list(CONDITIONS)[index % len(CONDITIONS)]
                count = rng.choice([1, 2, 3, 4, 4, 5, 5, 6, 6, 7, 8, 10])
                spacing = rng.choice(["wide", "normal", "normal", "tight", "touching"]) if count > 1 else "normal"
                image, *fields = make(rng, sources, condition, count, spacing, args.max_side)
                fields = (fields[0], fields[1], condition, fields[2], fields[3])
            name = "%05d.%s" % (index, "png" if args.scans or rng.random() < 0.4 else "jpg")
            if name.endswith(".jpg"):
                image.save(os.path.join(args.out, name), quality=rng.randint(60, 95))
            else:
                image.save(os.path.join(args.out, name))
            listing.write("\t".join((name,) + tuple(fields)) + "\n")
    print("%d images in %s" % (args.count, args.out))

if __name__ == "__main__":
    main()
