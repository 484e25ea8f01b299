#!/usr/bin/env python3
"""Generates the real-world check set: digits as people photograph, scan and draw them, one condition
at a time, so that a weak condition cannot hide in an average (issue 10).

Digits come from fonts in Debian packages (handwriting-like ones among them), a jittery pen, and MNIST
*training* digits rendered into the scene at run time (nothing MNIST-derived is stored anywhere). They
are put on paper, boards and desks under the light and through the cameras listed in CONDITIONS, plus
non-digits: blank pages under the same light, scribbles and letters.

Usage: make_checkset.py OUT_DIR [--per-condition N] [--seed S] [--max-side PX] [--fonts all|training]
                        [--mnist DIR] [--mnist-range FIRST:END] [--symbols CHARS]   (needs Pillow: bench/setup-peers.sh)
The check set is seed 2026 with MNIST training digits 55,000-57,499 (held out of every model's
training). Training data for the models comes from other seeds, with --fonts training, --max-side 640
and MNIST digits 0-54,999; calibration data from yet another seed and digits 57,500-59,999.
Writes the images and OUT_DIR/labels.tsv: file<TAB>label<TAB>source<TAB>condition, label being 0-9,
blank, scribble or letter; source the font (and whether the models train on it or it is held out),
pen, mnist or -. "--fonts training" draws only with the fonts the models may train on (every other
font in sorted order); the rest are held out.
Fonts: apt-get install fonts-dejavu-core fonts-liberation fonts-freefont-ttf fonts-comic-neue fonts-urw-base35
       fonts-dkg-handwriting fonts-breip fonts-femkeklaver fonts-humor-sans fonts-kristi fonts-dancingscript fonts-bwht
"""
import argparse, glob, gzip, math, os, random
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

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
SYMBOLS = "#&%@+*=$<>^€£¥"
FONT_FOLDERS = ["opentype/bwht", "opentype/comic-neue", "opentype/dancingscript", "opentype/urw-base35",
                "truetype/breip", "truetype/dejavu", "truetype/femkeklaver", "truetype/fifthhorseman",
                "truetype/freefont", "truetype/humor-sans", "truetype/kristi", "truetype/liberation"]

# Each condition: what it shows. Every condition holds digits of all three sources (fonts, pen, MNIST).
CONDITIONS = {
    "plain": "paper under even or gradient light, grain, 28 px to phone size, 15% inverted",
    "shadow-soft": "a band or half of the page 30-60% darker, edge blurred over 1-10% of the page",
    "shadow-hard": "the same with a sharp edge (under 1% of the page)",
    "shadow-corner": "a shadow over one corner of the page, soft or hard",
    "vignette": "light falling off towards the corners",
    "lamp": "a lamp's hot spot, with glare beside the digit",
    "ruled": "ruled notebook paper, sometimes with a margin line",
    "squared": "squared (graph) paper",
    "desk": "a tilted sheet on a desk or table that shows around it",
    "perspective": "a sheet photographed at an angle, desk around it",
    "colour": "blue, black or red ink on white, cream, yellow or light-blue paper",
    "pencil": "faint, grainy graphite strokes",
    "marker": "a thick marker digit filling a small frame",
    "tight-crop": "a bold printed digit cropped tightly, 48x64 or so, sharp or blurred",
    "lowres-bilinear": "a digit 8-16 px tall, enlarged 4-12x with bilinear interpolation",
    "lowres-bicubic": "the same, enlarged with bicubic interpolation",
    "defocus": "out of focus by 2-7% of the digit's height",
    "motion": "motion blur over 5-12% of the digit's height",
    "jpeg-low": "JPEG quality 20-40",
    "exif": "stored rotated or mirrored, upright through its EXIF orientation",
    "chalk": "chalk on a blackboard, with smudges",
}
NON_DIGIT_CONDITIONS = {
    "blank": "blank pages under shadows, lamps, vignettes, ruled lines, on desks",
    "scribble": "pen scribbles",
    "letter": "letters in fonts",
}
# Thumbnails: a digit stored at the few pixels it was scanned at, framed tightly, as data sets of small
# digits and form fields keep them; listed after the non-digits so that the images before them stay the same.
THUMBNAIL_CONDITIONS = {
    "thumbnail": "a digit 8-16 px tall, framed tightly, stored at that size; either polarity, 17 or 256 grey levels",
    "thumbnail-nearest": "the same, enlarged 3-10x by repeating pixels (nearest neighbour)",
    "thumbnail-smooth": "the same, enlarged 3-10x with bilinear or bicubic interpolation",
}
# Non-digits for training only, never in the check set: other shapes than the check set's, so that the
# models learn doubt rather than the check set's scribbles.
TRAINING_NON_DIGITS = {
    "symbol": "symbols in fonts (# & % @ + * = $ < > ^ € £ ¥)",
    "doodle": "pen doodles: zigzags, spirals, stars, waves, arrows, hatching",
}

def doodle(rng, size):
    """Polylines (unit box) of a shape no digit looks like."""
    kind = rng.choice(["zigzag", "spiral", "star", "wave", "arrow", "hatching"])
    if kind == "zigzag":
        turns = rng.randint(4, 8)
        return [[(i / turns, 0.1 if i % 2 else 0.9) for i in range(turns + 1)]]
    if kind == "spiral":
        turns = rng.uniform(2, 3.5)
        return [[(0.5 + 0.45 * t / 60 * math.cos(t / 60 * turns * 2 * math.pi), 0.5 + 0.45 * t / 60 * math.sin(t / 60 * turns * 2 * math.pi))
                 for t in range(61)]]
    if kind == "star":
        points = [(0.5 + 0.45 * math.cos(math.radians(-90 + 144 * i)), 0.5 + 0.45 * math.sin(math.radians(-90 + 144 * i))) for i in range(6)]
        return [points]
    if kind == "wave":
        periods = rng.uniform(2.5, 4)
        return [[(t / 40, 0.5 + 0.3 * math.sin(t / 40 * periods * 2 * math.pi)) for t in range(41)]]
    if kind == "arrow":
        return [[(0.05, 0.5), (0.95, 0.5)], [(0.65, 0.2), (0.95, 0.5), (0.65, 0.8)]]
    lines = rng.randint(3, 5)
    return [[(0.1 + 0.8 * i / (lines - 1), 0.05), (0.1 + 0.8 * i / (lines - 1), 0.95)] for i in range(lines)] + \
           [[(0.05, 0.1 + 0.8 * i / (lines - 1)), (0.95, 0.1 + 0.8 * i / (lines - 1))] for i in range(lines)]

def fonts(folders=FONT_FOLDERS):
    """The fonts with ten distinct, solid digits, from the packages' folders, sorted by path."""
    found = []
    paths = [p for folder in folders for p in glob.glob("/usr/share/fonts/%s/**/*.[ot]tf" % folder, recursive=True)]
    for path in sorted(paths):
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

def load_mnist(directory, first, end):
    """MNIST training images first..end-1 and their labels, read from the IDX files at run time."""
    with gzip.open(os.path.join(directory, "train-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(directory, "train-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    by_label = {d: [] for d in range(10)}
    for index in range(first, min(end, len(labels))):
        by_label[int(labels[index])].append(index)
    return images, by_label

class Sources:
    def __init__(self, font_paths, held_out, mnist):
        self.font_paths, self.held_out, self.mnist = font_paths, held_out, mnist
        self.bold = [f for f in font_paths if "Bold" in f or "bold" in f or "Black" in f or "Heavy" in f] or font_paths

def glyph(rng, label, sources, size, kind=None, stroke=None):
    """An ink mask (float, 1 = ink) of the label about `size` pixels tall, cropped to its ink, and what drew it."""
    size = max(8, int(size))
    canvas = Image.new("L", (int(size * 1.6) + 8, int(size * 1.6) + 8), 0)
    draw = ImageDraw.Draw(canvas)
    if kind is None:
        choices = ["font", "pen"] + (["mnist"] if sources.mnist and isinstance(label, int) else [])
        kind = rng.choice(choices) if isinstance(label, int) else ("pen" if label in ("scribble", "doodle") else "font")
    if label == "doodle":
        width = max(1, int(size * rng.uniform(0.04, 0.1)))
        angle = rng.uniform(0, 2 * math.pi)
        for line in doodle(rng, size):
            points = [(size * 0.8 * (0.5 + (x - 0.5) * math.cos(angle) - (y - 0.5) * math.sin(angle)) + size * 0.2 + rng.gauss(0, size * 0.01),
                       size * 0.8 * (0.5 + (x - 0.5) * math.sin(angle) + (y - 0.5) * math.cos(angle)) + size * 0.2 + rng.gauss(0, size * 0.01))
                      for x, y in line]
            draw.line(points, fill=255, width=width, joint="curve")
        source = "pen"
    elif label == "scribble":
        points = [(rng.uniform(0.1, 0.9) * size, rng.uniform(0.1, 0.9) * size) for _ in range(rng.randint(4, 9))]
        draw.line(points, fill=255, width=max(1, int(size * rng.uniform(0.04, 0.1))), joint="curve")
        source = "pen"
    elif kind == "mnist":
        images, by_label = sources.mnist
        digit = Image.fromarray(images[rng.choice(by_label[label])]).crop((2, 2, 26, 26))
        digit = digit.resize((int(size * 1.2), int(size * 1.2)), Image.BICUBIC)
        # MNIST's strokes are anti-aliased over a pixel or two of 28: sharpen them back to a pen's edge.
        values = np.clip((np.asarray(digit, np.float32) - 60) * 1.6, 0, 255)
        canvas = Image.fromarray(values.astype(np.uint8))
        source = "mnist"
    elif kind == "pen":
        width = stroke or max(1, int(size * rng.uniform(0.05, 0.13)))
        aspect, slant = rng.uniform(0.5, 0.8), rng.uniform(-0.2, 0.25)
        for line in GLYPHS[label]:
            points = [((x + slant * (1 - y)) * size * aspect + size * 0.2 + rng.gauss(0, size * 0.012),
                       y * size + size * 0.2 + rng.gauss(0, size * 0.012)) for x, y in line]
            draw.line(points, fill=255, width=width, joint="curve")
        source = "pen"
    else:
        text = str(label) if isinstance(label, int) else rng.choice(SYMBOLS if label == "symbol" else LETTERS)
        path = rng.choice(sources.bold if kind == "bold" else sources.font_paths)
        draw.text((size * 0.2, size * 0.1), text, font=ImageFont.truetype(path, int(size)), fill=255)
        kind_name = "held-out" if path in sources.held_out else "trained"
        source = "%s (%s font)" % (os.path.basename(path), kind_name)
    box = canvas.getbbox()
    mask = canvas.crop(box) if box else canvas
    return np.asarray(mask, np.float32) / 255, source

def smooth_noise(rng, height, width, cells):
    """Low-frequency noise in [0, 1]: random values on a coarse grid, enlarged bicubically."""
    grid = np.random.default_rng(rng.randrange(1 << 30)).random((max(2, cells), max(2, cells)))
    image = Image.fromarray((grid * 255).astype(np.uint8)).resize((width, height), Image.BICUBIC)
    return np.asarray(image, np.float32) / 255

def soft_step(distance, softness):
    """0 on the negative side of an edge, 1 on the positive, blurred over about `softness` pixels."""
    return 0.5 * (1 + np.tanh(distance / max(softness, 0.5) * 1.6))

def half_plane(rng, height, width, through=None):
    """Signed distance (pixels) from a random line through the page, or through a given point."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.random() * 2 * math.pi
    px, py = through or (rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.8) * height)
    return (xs - px) * math.cos(angle) + (ys - py) * math.sin(angle)

def illumination(rng, condition, height, width):
    """The light falling on the page (1 = full), as the condition wants it."""
    side = min(width, height)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    # A gentle gradient everywhere: no photo is lit evenly.
    angle = rng.random() * 2 * math.pi
    ramp = np.cos(angle) * xs / width + np.sin(angle) * ys / height
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-9)
    low = rng.uniform(0.45, 1.0) if condition == "plain" else rng.uniform(0.8, 1.0)
    light = low + (1 - low) * ramp
    if condition in ("shadow-soft", "shadow-hard"):
        softness = side * (rng.uniform(0.01, 0.1) if condition == "shadow-soft" else rng.uniform(0.001, 0.01))
        distance = half_plane(rng, height, width)
        shadow = soft_step(distance, softness)
        if rng.random() < 0.5:   # a band: a second, parallel edge farther in
            shadow *= soft_step(rng.uniform(0.15, 0.5) * side - distance, softness)
        light *= 1 - rng.uniform(0.3, 0.6) * shadow
    elif condition == "shadow-corner":
        softness = side * rng.uniform(0.002, 0.08)
        corner = (rng.choice([0, width]), rng.choice([0, height]))
        inward = (rng.uniform(0.2, 0.6) * width, rng.uniform(0.2, 0.6) * height)
        px = corner[0] + (inward[0] if corner[0] == 0 else -inward[0])
        py = corner[1] + (inward[1] if corner[1] == 0 else -inward[1])
        a = rng.uniform(-0.3, 0.3)
        dx = ((xs - px) * (1 if corner[0] == 0 else -1)) * math.cos(a) + (ys - py) * math.sin(a)
        dy = ((ys - py) * (1 if corner[1] == 0 else -1)) * math.cos(a) - (xs - px) * math.sin(a)
        light *= 1 - rng.uniform(0.3, 0.6) * soft_step(-dx, softness) * soft_step(-dy, softness)
    elif condition == "vignette":
        cx, cy = width * rng.uniform(0.35, 0.65), height * rng.uniform(0.35, 0.65)
        r = np.hypot((xs - cx) / (width / 2), (ys - cy) / (height / 2)) / math.sqrt(2)
        light *= 1 - rng.uniform(0.3, 0.6) * np.clip(r, 0, 1.5) ** rng.uniform(1.5, 4)
    elif condition == "lamp":
        cx, cy = width * rng.uniform(0, 1), height * rng.uniform(0, 1)
        sigma = side * rng.uniform(0.1, 0.35)
        light = light * rng.uniform(0.55, 0.8) + rng.uniform(0.3, 0.6) * np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * sigma ** 2))
    return light.astype(np.float32)

def glare(rng, height, width, avoid):
    """A washed-out ellipse (specular glare) beside the digit's box `avoid` (x0, y0, x1, y1)."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    for _ in range(20):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        rx, ry = min(width, height) * rng.uniform(0.05, 0.2), min(width, height) * rng.uniform(0.03, 0.12)
        if not (avoid[0] - rx < cx < avoid[2] + rx and avoid[1] - ry < cy < avoid[3] + ry):
            break
    r = np.hypot((xs - cx) / rx, (ys - cy) / ry)
    return soft_step(1 - r, 0.25 / 1.6 * 4).astype(np.float32)

def lines(rng, height, width, condition, spacing):
    """Ruled or squared paper's line mask (1 = line)."""
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    thickness = max(1, int(round(spacing * rng.uniform(0.03, 0.08))))
    offset = rng.uniform(0, spacing)
    y = offset
    while y < height:
        draw.line([(0, y), (width, y)], fill=255, width=thickness)
        y += spacing
    if condition == "squared":
        x = rng.uniform(0, spacing)
        while x < width:
            draw.line([(x, 0), (x, height)], fill=255, width=thickness)
            x += spacing
    return np.asarray(mask, np.float32) / 255 * rng.uniform(0.5, 1.0)

PAPERS = {"white": (245, 245, 242), "cream": (243, 236, 214), "yellow": (250, 238, 150), "light-blue": (205, 225, 245)}
INKS = {"blue": (30, 50, 160), "black": (25, 25, 30), "red": (190, 30, 35)}

def perspective_coefficients(source, target):
    """PIL's PERSPECTIVE data mapping output (target) points back to input (source) points."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(target, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y]); rhs.append(v)
    return np.linalg.solve(np.array(rows, float), np.array(rhs, float)).tolist()

def scene(rng, label, sources, condition, max_side):
    """One image of the condition (RGB or L, upright), what drew its digit, and the EXIF orientation to store it under."""
    is_digit = isinstance(label, int)
    source = "-"
    # The page and the digit's size on it.
    if condition in ("marker", "tight-crop"):
        shape = (rng.randint(40, 64), rng.randint(56, 80)) if condition == "tight-crop" else (rng.randint(32, 128),) * 2
    elif condition.startswith("lowres"):
        digit_px = rng.randint(8, 16)
        shape = (int(digit_px * rng.uniform(1.1, 1.8)), int(digit_px * rng.uniform(1.15, 1.6)))
    else:
        shapes = [s for s in [(28, 28), (64, 64), (120, 90), (240, 320), (480, 640), (900, 1200), (1200, 1600), (3000, 4000)]
                  if max(s) <= max_side]
        if condition != "plain":
            shapes = [s for s in shapes if min(s) >= 90] or shapes
        if condition not in ("plain", "exif"):
            shapes = [s for s in shapes if max(s) < 3000] or shapes   # phone size only where it matters: costs time
        shape = rng.choice(shapes)
        if rng.random() < 0.5:
            shape = shape[::-1]
    width, height = shape
    # Low-resolution scenes are drawn at 8x and shrunk, as a camera or scanner would have seen them.
    oversample = 8 if condition.startswith("lowres") else 1
    width, height = width * oversample, height * oversample
    side = min(width, height)
    small = side < 100 * oversample or condition.startswith("lowres")
    paper_name, ink_name = rng.choice(list(PAPERS)), "black"
    paper = np.array(PAPERS[paper_name if condition == "colour" or rng.random() < 0.3 else "white"], np.float32) / 255
    ink_colour = np.array(INKS[rng.choice(list(INKS)) if condition == "colour" or rng.random() < 0.3 else ink_name], np.float32) / 255
    strength = rng.uniform(0.75, 1.0)
    if condition == "pencil":
        ink_colour, strength = np.array([0.3, 0.3, 0.32], np.float32), rng.uniform(0.35, 0.7)
    if condition == "chalk":
        paper = np.array([rng.uniform(0.1, 0.25), rng.uniform(0.15, 0.3), rng.uniform(0.12, 0.25)], np.float32)
        ink_colour, strength = np.array([0.92, 0.92, 0.9], np.float32), rng.uniform(0.6, 0.95)
    page = np.ones((height, width, 3), np.float32) * paper
    page *= (1 - 0.04 * smooth_noise(rng, height, width, 12))[..., None]   # paper that is not quite even
    if condition in ("ruled", "squared") or (condition == "blank" and rng.random() < 0.25):
        spacing = side * rng.uniform(0.06, 0.12)
        line_colour = np.array(rng.choice([(150, 180, 225), (170, 170, 175), (140, 200, 210)]), np.float32) / 255
        mask = lines(rng, height, width, "squared" if condition == "squared" or rng.random() < 0.4 else "ruled", spacing)
        page = page * (1 - mask[..., None]) + line_colour * mask[..., None]
        if condition == "ruled" and rng.random() < 0.5:   # the red margin line
            x = int(width * rng.uniform(0.05, 0.2))
            page[:, x:x + max(1, int(spacing * 0.06))] = (0.85, 0.35, 0.35)
    if condition == "chalk":   # smudges of wiped chalk
        page += (rng.uniform(0.03, 0.12) * smooth_noise(rng, height, width, 6))[..., None]
    box = (width // 3, height // 3, 2 * width // 3, 2 * height // 3)
    if is_digit or label in ("scribble", "letter", "symbol", "doodle"):
        if condition == "tight-crop":
            size = height * rng.uniform(0.9, 1.0)
            mask, source = glyph(rng, label, sources, size, kind="bold")
        elif condition == "marker":
            size = side * rng.uniform(0.8, 0.95)
            kind = rng.choice(["pen", "pen", "bold"] + (["mnist"] if sources.mnist and is_digit else []))
            mask, source = glyph(rng, label, sources, size, kind=kind, stroke=max(2, int(size * rng.uniform(0.14, 0.24))))
            if kind == "mnist":   # a marker's width: the MNIST stroke thickened
                thick = Image.fromarray((mask * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(2 * int(size * 0.04) + 1))
                mask = np.asarray(thick, np.float32) / 255
        else:
            fraction = rng.uniform(0.6, 0.9) if small else rng.uniform(0.25, 0.65)
            if condition in ("ruled", "squared"):
                fraction = rng.uniform(0.2, 0.4)
            mask, source = glyph(rng, label, sources, side * fraction)
        image = Image.fromarray((mask * 255).astype(np.uint8))
        image = image.rotate(rng.uniform(-12, 12), resample=Image.BICUBIC, expand=True)
        limit = 0.98 if condition in ("tight-crop", "marker") else 0.9
        image.thumbnail((max(1, int(width * limit)), max(1, int(height * limit))))
        mask = np.asarray(image, np.float32) / 255
        if condition == "pencil" or condition == "chalk":   # graphite and chalk leave grain
            grain = np.random.default_rng(rng.randrange(1 << 30)).random(mask.shape).astype(np.float32)
            mask = mask * np.clip(0.35 + grain, 0, 1) if condition == "chalk" else mask * (0.6 + 0.4 * grain)
        x = rng.randint(0, max(0, width - mask.shape[1]))
        y = rng.randint(0, max(0, height - mask.shape[0]))
        if condition == "tight-crop":   # centred, the margin a few pixels at most
            x, y = (width - mask.shape[1]) // 2, (height - mask.shape[0]) // 2
        region = page[y:y + mask.shape[0], x:x + mask.shape[1]]
        coverage = (mask * strength)[..., None]
        region[:] = region * (1 - coverage) + ink_colour * coverage
        box = (x, y, x + mask.shape[1], y + mask.shape[0])
    # A sheet on a desk: the page (shrunk, rotated or seen at an angle) over a desk or table.
    if condition in ("desk", "perspective") or (condition == "blank" and rng.random() < 0.2):
        desk_colour = np.array(rng.choice([(140, 100, 62), (95, 70, 45), (60, 60, 62), (185, 182, 175), (120, 130, 140)]), np.float32) / 255
        desk = np.ones((height, width, 3), np.float32) * desk_colour
        desk *= (0.85 + 0.3 * smooth_noise(rng, height, width, rng.randint(8, 40)))[..., None]
        sheet = Image.fromarray((np.clip(page, 0, 1) * 255).astype(np.uint8))
        scale = rng.uniform(0.75, 0.95)
        cx, cy = width / 2 + rng.uniform(-0.08, 0.08) * width, height / 2 + rng.uniform(-0.08, 0.08) * height
        angle = math.radians(rng.uniform(-25, 25) if condition != "perspective" else rng.uniform(-10, 10))
        corners = []
        for (u, v) in [(0, 0), (width, 0), (width, height), (0, height)]:
            dx, dy = (u - width / 2) * scale, (v - height / 2) * scale
            px, py = cx + dx * math.cos(angle) - dy * math.sin(angle), cy + dx * math.sin(angle) + dy * math.cos(angle)
            if condition == "perspective":
                px += rng.uniform(-0.12, 0.12) * width
                py += rng.uniform(-0.12, 0.12) * height
            corners.append((px, py))
        coefficients = perspective_coefficients([(0, 0), (width, 0), (width, height), (0, height)], corners)
        warped = np.asarray(sheet.transform((width, height), Image.PERSPECTIVE, coefficients, Image.BICUBIC), np.float32) / 255
        inside = Image.new("L", (width, height), 0)
        ImageDraw.Draw(inside).polygon(corners, fill=255)
        inside = np.asarray(inside.filter(ImageFilter.GaussianBlur(1)), np.float32)[..., None] / 255
        page = desk * (1 - inside) + warped * inside
    light = rng.choice(["shadow-soft", "shadow-hard", "shadow-corner", "vignette", "lamp", "plain"]) if condition == "blank" else condition
    page = page * illumination(rng, light, height, width)[..., None]
    if condition == "lamp" and rng.random() < 0.7:
        shine = glare(rng, height, width, box)[..., None]
        page = page * (1 - shine) + shine
    if condition == "motion":
        length = max(2, int((box[3] - box[1]) * rng.uniform(0.05, 0.12)))
        angle = rng.random() * math.pi
        padded = np.pad(page, ((length, length), (length, length), (0, 0)), mode="edge")
        shifted = np.zeros_like(page)
        for step in range(length):
            t = step - (length - 1) / 2
            dy, dx = int(round(t * math.sin(angle))), int(round(t * math.cos(angle)))
            shifted += padded[length + dy:length + dy + height, length + dx:length + dx + width]
        page = shifted / length
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 0.04 if not small else 0.02), (height, width, 1))
    image = Image.fromarray((np.clip(page + noise, 0, 1) * 255).astype(np.uint8))
    if condition == "defocus":
        image = image.filter(ImageFilter.GaussianBlur((box[3] - box[1]) * rng.uniform(0.02, 0.07)))
    elif condition == "tight-crop" and rng.random() < 0.5:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(1, 3)))
    elif condition not in ("lowres-bilinear", "lowres-bicubic") and rng.random() < 0.3:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.003, 0.012) * side))
    if oversample > 1:
        image = image.resize((width // oversample, height // oversample), Image.BOX)
        factor = rng.uniform(4, 12)
        image = image.resize((int(image.width * factor), int(image.height * factor)),
                             Image.BILINEAR if condition == "lowres-bilinear" else Image.BICUBIC)
    if condition == "plain" and rng.random() < 0.15:
        image = ImageOps.invert(image)   # an inverted scan, white on black
    return image, source

def thumbnail(rng, label, sources, condition):
    """A tightly framed digit scanned at 8-16 px (its ink's coverage of each pixel, as a scanner's area
    sampling gives), enlarged as the condition says, and what drew it."""
    height = rng.randint(8, 16)
    mask, source = glyph(rng, label, sources, height * 8)
    image = Image.fromarray((mask * 255).astype(np.uint8)).rotate(rng.uniform(-8, 8), resample=Image.BICUBIC, expand=True)
    image = image.crop(image.getbbox())
    scale = height * 8 / image.height
    image = image.resize((max(8, int(image.width * scale)), height * 8), Image.BICUBIC)
    margin = [rng.randint(0, 16) for _ in range(4)]   # up to two pixels once shrunk, or none
    framed = Image.new("L", (image.width + margin[0] + margin[2], image.height + margin[1] + margin[3]), 0)
    framed.paste(image, (margin[0], margin[1]))
    small = framed.resize((max(1, round(framed.width / 8)), max(1, round(framed.height / 8))), Image.BOX)
    levels = np.asarray(small, np.float32) / 255
    if rng.random() < 0.25:   # 17 levels, 0-16, as counts of a 4x4 block's inked cells are kept
        levels = np.round(levels * 16) / 16
    paper, ink = rng.uniform(0.85, 1.0), rng.uniform(0.0, 0.25)
    if rng.random() < 0.5:   # light ink on dark, as such data sets store their digits
        paper, ink = 1 - paper, 1 - ink
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 0.02), levels.shape)
    pixels = np.clip(paper + (ink - paper) * levels + noise, 0, 1)
    if rng.random() < 0.15:   # the levels written as they are, 0-16, not stretched to 0-255
        image = Image.fromarray(np.round(levels * 16).astype(np.uint8) if paper < 0.5 else np.round((1 - levels) * 16).astype(np.uint8))
    else:
        image = Image.fromarray((pixels * 255).astype(np.uint8))
    if condition != "thumbnail":
        factor = rng.uniform(3, 10)
        method = Image.NEAREST if condition == "thumbnail-nearest" else rng.choice([Image.BILINEAR, Image.BICUBIC])
        image = image.resize((round(image.width * factor), round(image.height * factor)), method)
    return image, source

# EXIF orientation → how to store an upright image so that a viewer applying the orientation shows it upright.
STORED = {2: [Image.FLIP_LEFT_RIGHT], 3: [Image.ROTATE_180], 4: [Image.FLIP_TOP_BOTTOM], 5: [Image.TRANSPOSE],
          6: [Image.ROTATE_90], 7: [Image.TRANSVERSE], 8: [Image.ROTATE_270]}

def save(rng, image, path, condition):
    """Writes JPEG (quality by condition) or PNG; exif scenes are stored turned, with their orientation."""
    exif = None
    if condition == "exif":
        orientation = rng.choice(list(STORED))
        for step in STORED[orientation]:
            image = image.transpose(step)
        exif = Image.Exif()
        exif[274] = orientation
    if path.endswith(".jpg"):
        quality = rng.randint(20, 40) if condition == "jpeg-low" else rng.randint(50, 95)
        image.save(path, quality=quality, **({"exif": exif} if exif else {}))
    else:
        image.save(path, **({"exif": exif} if exif else {}))
    if exif:   # the stored file must come back upright through its orientation
        with Image.open(path) as stored:
            assert ImageOps.exif_transpose(stored).size == (image.size[::-1] if orientation >= 5 else image.size)

def main():
    global SYMBOLS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--per-condition", type=int, default=100, help="digits per condition (non-digits: a fifth as many per kind)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--max-side", type=int, default=4000)
    parser.add_argument("--fonts", choices=["all", "training"], default="all")
    parser.add_argument("--mnist", default=os.environ.get("DIGITCLI_MNIST", os.path.join(os.path.dirname(ROOT), "shared", "mnist")))
    parser.add_argument("--mnist-range", default="55000:57500", help="MNIST training images to draw digits from")
    parser.add_argument("--conditions", default=",".join(list(CONDITIONS) + list(NON_DIGIT_CONDITIONS) + list(THUMBNAIL_CONDITIONS)))
    parser.add_argument("--symbols", default=SYMBOLS, help="the symbols the symbol condition draws from")
    parser.add_argument("--font-folders", default=",".join(FONT_FOLDERS),
                        help="folders under /usr/share/fonts to draw fonts from (training data in other fonts)")
    args = parser.parse_args()
    SYMBOLS = args.symbols
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    all_fonts = fonts(args.font_folders.split(","))
    # Every other font (in sorted order) is kept out of the models' training data, so that the check
    # set can tell how the models do on fonts they never saw.
    held_out = set(all_fonts[1::2])
    font_paths = [f for f in all_fonts if args.fonts == "all" or f not in held_out]
    mnist = None
    if os.path.exists(os.path.join(args.mnist, "train-images-idx3-ubyte.gz")):
        first, end = map(int, args.mnist_range.split(":"))
        mnist = load_mnist(args.mnist, first, end)
    else:
        print("MNIST not found at %s: digits from fonts and pen only" % args.mnist)
    sources = Sources(font_paths, held_out, mnist)
    jobs = []
    for condition in args.conditions.split(","):
        if condition in CONDITIONS or condition in THUMBNAIL_CONDITIONS:
            jobs += [(i % 10, condition) for i in range(args.per_condition)]
        elif condition in NON_DIGIT_CONDITIONS or condition in TRAINING_NON_DIGITS:
            jobs += [(condition, condition) for _ in range(max(1, args.per_condition // (2 if condition == "blank" else 4)))]
        else:
            parser.error("unknown condition %s" % condition)
    with open(os.path.join(args.out, "labels.tsv"), "w") as listing:
        for index, (label, condition) in enumerate(jobs):
            if condition in THUMBNAIL_CONDITIONS:   # stored losslessly: each pixel counts
                image, source = thumbnail(rng, label, sources, condition)
                png = True
            else:
                image, source = scene(rng, label, sources, condition, args.max_side)
                png = condition not in ("jpeg-low", "exif") and rng.random() < 0.4
            name = "%05d.%s" % (index, "png" if png else "jpg")
            save(rng, image, os.path.join(args.out, name), condition)
            listing.write("%s\t%s\t%s\t%s\n" % (name, label, source, condition))
    print("%d images, %d fonts, in %s" % (len(jobs), len(font_paths), args.out))

if __name__ == "__main__":
    main()
