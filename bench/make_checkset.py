#!/usr/bin/env python3
"""Generates the real-world check set (issue 5): digits as people photograph, scan and draw them,
made here without MNIST: rendered in fonts from Debian packages (handwriting-like ones among them) and
drawn with a jittery pen, placed off-centre on paper with uneven light, noise, blur, rotation, JPEG
compression, both polarities, from 28 px to phone size. Plus negatives: blank pages, scribbles, letters.

Usage: make_checkset.py OUT_DIR [COUNT] [SEED] [MAX_SIDE] [all|training]   (needs Pillow: bench/setup-peers.sh)
The check set is seed 2026 (the default); training data for the models comes from other seeds, with
MAX_SIDE 640 (no phone-size pages: they only cost time, the preprocessing shrinks them anyway).
Writes the images and OUT_DIR/labels.tsv: file<TAB>label<TAB>source, label being 0-9, blank, scribble
or letter, source the font (and whether it is one the models train on, or held out), pen, or -.
"training" draws only with the fonts the models may train on; every other font is held out.
Fonts: apt-get install fonts-dejavu-core fonts-liberation fonts-freefont-ttf fonts-comic-neue
       fonts-dkg-handwriting fonts-breip fonts-femkeklaver fonts-humor-sans fonts-kristi fonts-dancingscript fonts-bwht
"""
import glob, math, os, random, sys
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

# The same hand-drawn shapes as Tests/DigitDrawing: polylines in a unit box, y down.
def arc(cx, cy, rx, ry, start, end, steps=24):
    return [(cx + rx * math.cos(math.radians(start + (end - start) * i / steps)),
             cy + ry * math.sin(math.radians(start + (end - start) * i / steps))) for i in range(steps + 1)]

GLYPHS = {
    0: [arc(0.5, 0.5, 0.3, 0.45, -90, 270)],
    1: [[(0.35, 0.2), (0.58, 0.05), (0.5, 0.95)]],
    2: [arc(0.5, 0.3, 0.3, 0.25, 200, 380) + [(0.15, 0.95), (0.9, 0.95)]],
    3: [arc(0.47, 0.27, 0.3, 0.22, 210, 450) + arc(0.47, 0.72, 0.33, 0.23, -90, 150)],
    4: [[(0.65, 0.95), (0.65, 0.05), (0.1, 0.68), (0.9, 0.68)]],
    5: [[(0.8, 0.05), (0.3, 0.05), (0.25, 0.45)] + arc(0.48, 0.66, 0.32, 0.29, -130, 150)],
    6: [[(0.72, 0.05)] + arc(0.5, 0.68, 0.3, 0.27, 200, 560)],
    7: [[(0.12, 0.05), (0.88, 0.05), (0.42, 0.95)]],
    8: [arc(0.5, 0.27, 0.25, 0.22, 90, 450), arc(0.5, 0.72, 0.3, 0.23, -90, 270)],
    9: [arc(0.5, 0.3, 0.27, 0.25, 0, 360) + [(0.77, 0.3), (0.7, 0.95)]],
}
LETTERS = "ACEFHKMNPRTUVWXY"   # letters that do not pass for digits

def fonts():
    found = []
    for path in sorted(glob.glob("/usr/share/fonts/**/*.[ot]tf", recursive=True)):
        try:
            font = ImageFont.truetype(path, 64)
        except OSError:
            continue
        boxes = [font.getbbox(str(d)) for d in range(10)]
        # Fonts without real digits draw the same box (tofu) for each; outline fonts draw hollow strokes.
        masks = {bytes(font.getmask(str(d))) for d in range(10)}
        if (all(b[2] - b[0] > 8 and b[3] - b[1] > 20 for b in boxes) and len(masks) == 10
                and not any(word in path for word in ("Mono", "Outline", "Hollow", "Shadow", "Symbol", "Dingbat", "D050000L"))):
            found.append(path)
    return found

def glyph(rng, label, font_paths, size):
    """An ink mask (L, 255 = ink) of the label, about `size` pixels tall, and what drew it."""
    canvas = Image.new("L", (int(size * 1.6) + 8, int(size * 1.6) + 8), 0)
    draw = ImageDraw.Draw(canvas)
    if label == "scribble":
        points = [(rng.uniform(0.1, 0.9) * size, rng.uniform(0.1, 0.9) * size) for _ in range(rng.randint(4, 9))]
        draw.line(points, fill=255, width=max(1, int(size * rng.uniform(0.04, 0.1))), joint="curve")
        source = "pen"
    elif isinstance(label, int) and (not font_paths or rng.random() < 0.35):
        width = max(1, int(size * rng.uniform(0.05, 0.13)))
        aspect, slant = rng.uniform(0.5, 0.8), rng.uniform(-0.2, 0.25)
        for stroke in GLYPHS[label]:
            points = [((x + slant * (1 - y)) * size * aspect + size * 0.2 + rng.gauss(0, size * 0.012),
                       y * size + size * 0.2 + rng.gauss(0, size * 0.012)) for x, y in stroke]
            draw.line(points, fill=255, width=width, joint="curve")
        source = "pen"
    else:
        text = str(label) if isinstance(label, int) else rng.choice(LETTERS)
        path = rng.choice(font_paths)
        draw.text((size * 0.2, size * 0.1), text, font=ImageFont.truetype(path, int(size)), fill=255)
        source = os.path.basename(path)
    box = canvas.getbbox()
    return (canvas.crop(box) if box else canvas), source

def scene(rng, label, font_paths, max_side):
    shape = rng.choice([s for s in [(28, 28), (64, 64), (120, 90), (240, 320), (640, 480), (1200, 1600), (3000, 4000)]
                        if max(s) <= max_side])
    width, height = shape if rng.random() < 0.5 else shape[::-1]
    paper, ink = rng.uniform(170, 250), rng.uniform(0, 90)
    page = Image.new("L", (width, height), int(paper))
    # A small image is a crop around its digit; a large one a page or a photo with the digit somewhere.
    small = min(width, height) < 100
    source = "-"
    if label != "blank":
        size = min(width, height) * (rng.uniform(0.6, 0.9) if small else rng.uniform(0.3, 0.7))
        mask, source = glyph(rng, label, font_paths, size)
        mask = mask.rotate(rng.uniform(-15, 15), resample=Image.BICUBIC, expand=True)
        mask.thumbnail((int(width * 0.9), int(height * 0.9)))
        x = rng.randint(0, max(0, width - mask.width))
        y = rng.randint(0, max(0, height - mask.height))
        page.paste(Image.new("L", mask.size, int(ink)), (x, y), mask)
    # Light falling off towards a random side, paper grain (numpy: phone-size pages are 12 megapixels).
    angle = rng.random() * 2 * math.pi
    ys, xs = np.mgrid[0:height, 0:width]
    ramp = (np.cos(angle) * xs / width + np.sin(angle) * ys / height)
    ramp = (ramp - ramp.min()) / max(ramp.max() - ramp.min(), 1e-9)
    darkest = rng.uniform(0.75, 1.0) if small else rng.uniform(0.45, 1.0)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 12), (height, width))
    values = np.asarray(page, np.float32) * (darkest + (1 - darkest) * ramp) + noise
    page = Image.fromarray(np.clip(values, 0, 255).astype(np.uint8))
    if rng.random() < 0.5:   # out of focus by up to 3% of the digit's height
        page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.01, 0.03) * min(width, height) * (0.75 if small else 0.5)))
    if rng.random() < 0.15:
        page = ImageOps.invert(page)   # chalk on a board, white on black
    return page, source

def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2026)
    max_side = int(sys.argv[4]) if len(sys.argv) > 4 else 4000
    # Every other font (in sorted order) is kept out of the models' training data, so that the check
    # set can tell how the models do on fonts they never saw.
    selection = sys.argv[5] if len(sys.argv) > 5 else "all"
    os.makedirs(out, exist_ok=True)
    all_fonts = fonts()
    held_out = set(all_fonts[1::2])
    font_paths = [f for f in all_fonts if selection == "all" or (f in held_out) == (selection == "held-out")]
    labels = [i % 10 for i in range(count)] + ["blank"] * (count // 20) + ["scribble"] * (count // 20) + ["letter"] * (count // 10)
    with open(os.path.join(out, "labels.tsv"), "w") as listing:
        for index, label in enumerate(labels):
            page, source = scene(rng, label, font_paths, max_side)
            name = "%04d.%s" % (index, "jpg" if rng.random() < 0.5 else "png")
            path = os.path.join(out, name)
            if name.endswith("jpg"):
                page.convert("RGB").save(path, quality=rng.randint(50, 95))
            else:
                page.save(path)
            kind = "held-out" if any(os.path.basename(f) == source for f in held_out) else "trained"
            listing.write("%s\t%s\t%s\n" % (name, label, source if source in ("pen", "-") else "%s (%s font)" % (source, kind)))
    print("%d images, %d fonts, in %s" % (len(labels), len(font_paths), out))

if __name__ == "__main__":
    main()
