#!/usr/bin/env python3
"""Memory and early refusal (issue 12): peak RSS and wall time of `digitcli predict` on inputs whose
size must not decide its memory, with libjpeg-turbo's own djpeg beside it where it applies, and an
earlier build (--baseline) in the same run:
  - /dev/zero, which never ends and does not start like an image;
  - a 10000x7500 baseline JPEG (a phone-style photo, ~24 MB), from a file and through a pipe;
  - the same photo stored progressive (its DCT coefficients must be held: the README's limits).
Medians of --rounds runs; peak RSS via GNU time (/usr/bin/time, Debian's `time` package).

Usage: bench/memory.py [--binary PATH] [--baseline PATH] [--rounds N]   (needs Pillow: bench/setup-peers.sh)
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def measure(command, rounds, shell=False):
    """Median wall seconds and the largest peak RSS (MB) over `rounds` runs."""
    times, peaks = [], []
    for _ in range(rounds):
        wrapped = ["/usr/bin/time", "-f", "%M"] + (["sh", "-c", command] if shell else command)
        start = time.perf_counter()
        run = subprocess.run(wrapped, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        peaks.append(int(run.stderr.strip().split("\n")[-1]) / 1024)
    return statistics.median(times), max(peaks), run.returncode

def photo(path, progressive):
    import numpy as np
    from PIL import Image, ImageDraw
    height, width = 7500, 10000
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    paper = 200 + 30 * x - 40 * y * y   # light falling off, as in a phone photo
    grain = np.random.default_rng(1).normal(0, 6, (height, width)).astype(np.float32)
    gray = np.clip(paper + grain, 0, 255).astype(np.uint8)
    image = Image.fromarray(gray).convert("RGB")
    ImageDraw.Draw(image).line([(4200, 2200), (5800, 2200), (4700, 5300)], fill=(30, 30, 90), width=380)
    image.save(path, quality=92, progressive=progressive)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/digitcli"))
    parser.add_argument("--baseline")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="digitcli-memory-")
    try:
        baseline = os.path.join(folder, "baseline.jpg")
        progressive = os.path.join(folder, "progressive.jpg")
        photo(baseline, False)
        photo(progressive, True)
        contenders = [("digitcli", args.binary)] + ([("baseline", args.baseline)] if args.baseline else [])
        rows = []
        for name, binary in contenders:
            rows.append((name + " predict /dev/zero", measure([binary, "predict", "/dev/zero"], args.rounds)))
            for label, path in [("baseline", baseline), ("progressive", progressive)]:
                rows.append((name + " predict, %s JPEG" % label, measure([binary, "predict", path], args.rounds)))
            rows.append((name + " predict /dev/stdin < pipe, baseline JPEG",
                         measure("cat %s | %s predict /dev/stdin" % (baseline, binary), args.rounds, shell=True)))
        if shutil.which("djpeg"):
            for label, path in [("baseline", baseline), ("progressive", progressive)]:
                rows.append(("djpeg -scale 1/8 -grayscale, %s JPEG" % label,
                             measure(["djpeg", "-scale", "1/8", "-grayscale", "-outfile", "/dev/null", path], args.rounds)))
        print("10000x7500 JPEG: baseline %.1f MB, progressive %.1f MB; medians of %d"
              % (os.path.getsize(baseline) / 1e6, os.path.getsize(progressive) / 1e6, args.rounds))
        print("%-52s %9s %9s %7s" % ("", "seconds", "peak MB", "status"))
        for label, (seconds, peak, status) in rows:
            print("%-52s %9.3f %9.1f %7d" % (label, seconds, peak, status))
        print("targets: /dev/zero <= 0.1 s and <= 30 MB; 10000x7500 baseline JPEG <= 28 MB in all")
    finally:
        shutil.rmtree(folder)

if __name__ == "__main__":
    main()
