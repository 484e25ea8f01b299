#!/usr/bin/env python3
"""`digitcli read` on the numbers check set, and its speed (issue 11).

Usage: bench/read.py [--dir DIR] [--count N] [--binary PATH] [--python PEERS_PYTHON] [--wrong] [--no-speed]
Generates the check set with bench/make_numbers.py (seed 2026; Pillow from the peers' venv) when DIR
holds none, runs `digitcli read --format jsonl` over it, and prints:
- whole-number exact accuracy where the digits are separated and where two or more touch;
- per-digit accuracy: 1 - (edit distance between the digits read and the true ones) / (true digits);
- the same by condition and by distractor; numbers flagged unsure or none.
Speed (release build, medians, runs taken in turns with predict's on the same files): 1,000 scans of
4-6-digit numbers 400x120 (images/s, all cores, one process reading the list from stdin), and a
4000x3000 phone photo of a 6-digit number (one process per run, start to answer).
"""
import argparse, json, os, random, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]

def digits_of(text):
    return "".join(c for c in text if c.isdigit())

def run_read(binary, directory, names):
    process = subprocess.run([binary, "read", "--format", "jsonl", "--no-progress", "-"], cwd=directory,
                             input="\n".join(names) + "\n", capture_output=True, text=True)
    results = {}
    for line in process.stdout.splitlines():
        record = json.loads(line)
        results[record["path"]] = record
    return results

def answer(record):
    if record is None:
        return None
    return record["number"] if record["status"] == "number" else record.get("guess")

def table(rows):
    print("%-22s %6s %9s %10s %8s" % ("", "count", "exact", "per-digit", "flagged"))
    for name, items in rows:
        if not items:
            continue
        exact = sum(ok for ok, _, _, _ in items) / len(items)
        total_digits = sum(n for _, _, n, _ in items)
        per_digit = 1 - sum(d for _, d, _, _ in items) / max(total_digits, 1)
        flagged = sum(f for _, _, _, f in items) / len(items)
        print("%-22s %6d %8.2f%% %9.2f%% %7.2f%%" % (name, len(items), 100 * exact, 100 * per_digit, 100 * flagged))

def accuracy(args, binary):
    labels = [line.rstrip("\n").split("\t") for line in open(os.path.join(args.dir, "labels.tsv"))]
    results = run_read(binary, args.dir, [row[0] for row in labels])
    groups = {}
    for name, expected, spacing, condition, distractors, source in labels:
        record = results.get(name)
        got = answer(record) or ""
        ok = got == expected
        distance = edit_distance(digits_of(got), digits_of(expected))
        flagged = record is None or record["status"] != "number"
        item = (ok, distance, len(digits_of(expected)), flagged)
        for key in ("all", "spacing: " + spacing, "condition: " + condition, "distractor: " + distractors,
                    "source: " + ("font" if source not in ("pen", "mnist") else source)):
            groups.setdefault(key, []).append(item)
        if args.wrong and not ok:
            print("wrong: %s expected %s got %s (%s, %s, %s, %s)" % (name, expected, got or record and record["status"], spacing, condition, distractors, source))
    print("digitcli read on %s (%d numbers)" % (args.dir, len(labels)))
    table(sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0])))

def timed(command, cwd=None, stdin=None):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start

def speed(args, binary):
    scans = args.dir + "-scans"
    if not os.path.exists(os.path.join(scans, "labels.tsv")):
        subprocess.run([args.python, os.path.join(ROOT, "bench", "make_numbers.py"), scans, "--scans", "--count", "1000", "--seed", "7"], check=True)
    names = [line.split("\t")[0] for line in open(os.path.join(scans, "labels.tsv"))]
    listing = ("\n".join(names) + "\n").encode()
    photo = os.path.join(args.dir + "-photo", "phone-6-digits.jpg")
    if not os.path.exists(photo):
        os.makedirs(os.path.dirname(photo), exist_ok=True)
        subprocess.run([args.python, "-c", PHOTO_SCRIPT, photo], check=True, cwd=os.path.join(ROOT, "bench"))
    read_scans, predict_scans, read_photo, predict_photo = [], [], [], []
    for _ in range(5):
        read_scans.append(timed([binary, "read", "--no-progress", "-"], cwd=scans, stdin=listing))
        predict_scans.append(timed([binary, "predict", "--no-progress", "-"], cwd=scans, stdin=listing))
    for _ in range(21):
        read_photo.append(timed([binary, "read", photo]))
        predict_photo.append(timed([binary, "predict", photo]))
    r, p = statistics.median(read_scans), statistics.median(predict_scans)
    rp, pp = statistics.median(read_photo), statistics.median(predict_photo)
    print()
    print("%-52s %10s %10s %12s %10s" % ("speed (release, medians)", "read", "predict", "read/predict", "target"))
    print("%-52s %10.0f %10.0f %12.2f %10s" % ("1,000 scans 400x120, 4-6 digits: images/s (of 5)", len(names) / r, len(names) / p, r / p, ">= 1000/s"))
    print("%-52s %10.1f %10.1f %12.2f %10s" % ("4000x3000 phone photo, 6 digits: ms (of 21)", rp * 1000, pp * 1000, rp / pp, "<= 1.5"))
    print(subprocess.run([binary, "read", photo], capture_output=True, text=True).stdout.strip())

# The phone photo: a 6-digit number written on a sheet, photographed at 4000x3000 with a shadow.
PHOTO_SCRIPT = r"""
import random, sys
import numpy as np
from PIL import Image
import make_checkset as scenes, make_numbers as numbers
rng = random.Random(11)
sources = scenes.Sources(scenes.fonts(), set(), None)
mask, text, _, _ = numbers.number_mask(rng, sources, [4, 0, 9, 6, 1, 7], "normal", [])
image = numbers.page(rng, mask, "photo", 1200)
image = image.resize((4000, 3000), Image.BICUBIC)
noise = np.random.default_rng(3).normal(0, 6, (3000, 4000, 1))
image = Image.fromarray(np.clip(np.asarray(image, np.float32) + noise, 0, 255).astype(np.uint8))
image.save(sys.argv[1], quality=90)
"""

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default="/tmp/digitcli-numbers")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--binary", default=None, help="digitcli to run (default: build this checkout, release)")
    parser.add_argument("--python", default=os.path.join(os.path.dirname(ROOT), "peers-venv", "bin", "python"))
    parser.add_argument("--wrong", action="store_true", help="list every wrong answer")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary) if args.binary else None
    if binary is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "digitcli"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        binary = os.path.join(ROOT, ".build", "release", "digitcli")
    if not os.path.exists(os.path.join(args.dir, "labels.tsv")):
        subprocess.run([args.python, os.path.join(ROOT, "bench", "make_numbers.py"), args.dir, "--count", str(args.count), "--seed", "2026"], check=True)
    accuracy(args, binary)
    if not args.no_speed:
        speed(args, binary)

if __name__ == "__main__":
    main()
