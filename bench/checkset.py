#!/usr/bin/env python3
"""Accuracy, calibration and 'unsure' rates of the built-in models on the real-world check set, per condition.

Usage: bench/checkset.py [--dir DIR] [--per-condition N] [--models default,seed] [--python PEERS_PYTHON]
Generates the set with bench/make_checkset.py (deterministic, seed 2026; Pillow from the peers' venv)
when DIR holds none, then runs `digitcli predict --format jsonl` over it with each model.

Columns, for the digits of each condition: accuracy (the digit read, or an unsure answer's guess, is
the label; "no digit found" counts as wrong), ECE over 15 bins (no digit found counts as confidence 0),
wrong answers at >= 90% confidence (as a share of the condition's digits), and digits flagged unsure or
no digit. For the non-digits (blank, scribble, letter): the share flagged unsure or no digit.
"held-out fonts": the digits drawn in fonts kept out of the default model's training data.
"""
import argparse, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def answer(result):
    """The digit read, or an unsure line's guess."""
    return result["digit"] if result["status"] == "digit" else result["guess"]

def ece(pairs, bins=15):
    """Expected calibration error of (confidence, correct) pairs."""
    totals = [[0, 0.0, 0] for _ in range(bins)]
    for confidence, correct in pairs:
        b = min(int(confidence * bins), bins - 1)
        totals[b][0] += 1
        totals[b][1] += confidence
        totals[b][2] += correct
    return sum(abs(c - k) for n, c, k in totals if n) / max(len(pairs), 1)

def scores(names, labels, results):
    """(count, accuracy, ECE, wrong at >= 90%, flagged) over the digit images `names`."""
    pairs, correct, confident_wrong, flagged = [], 0, 0, 0
    for name in names:
        r = results.get(name)
        if r is None or r["status"] != "digit" and r["status"] != "unsure":
            flagged += 1
            pairs.append((0.0, 0))
            continue
        ok = answer(r) == int(labels[name])
        correct += ok
        flagged += r["status"] != "digit"
        confident_wrong += (not ok) and r["confidence"] >= 0.9
        pairs.append((r["confidence"], ok))
    n = max(len(names), 1)
    return len(names), correct / n, ece(pairs), confident_wrong / n, flagged / n

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=os.path.join("/tmp", "digitcli-checkset"))
    parser.add_argument("--per-condition", type=int, default=100)
    parser.add_argument("--models", default="default,seed")
    parser.add_argument("--binary", default=None, help="digitcli to run (default: build this checkout, release)")
    parser.add_argument("--python", default=os.path.join(os.path.dirname(ROOT), "peers-venv", "bin", "python"))
    parser.add_argument("--min-confidence", type=float, default=None, help="threshold for 'unsure' (default: digitcli's)")
    parser.add_argument("--wrong", action="store_true", help="list every wrong answer")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.dir, "labels.tsv")):
        subprocess.run([args.python, os.path.join(ROOT, "bench", "make_checkset.py"), args.dir,
                        "--per-condition", str(args.per_condition)], check=True)
    binary = args.binary
    if binary is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "digitcli", "--package-path", ROOT], check=True, capture_output=True)
        binary = os.path.join(ROOT, ".build", "release", "digitcli")
    rows = [line.split("\t") for line in open(os.path.join(args.dir, "labels.tsv")).read().splitlines()]
    labels = {row[0]: row[1] for row in rows}
    condition = {row[0]: row[3] for row in rows}
    held_out = {row[0] for row in rows if "held-out font" in row[2]}
    conditions = list(dict.fromkeys(row[3] for row in rows))

    for model in args.models.split(","):
        command = [binary, "predict", "-m", model, "-f", "jsonl", "-0", "-"]
        if args.min_confidence is not None:
            command += ["--min-confidence", str(args.min_confidence)]
        paths = "\0".join(os.path.join(args.dir, name) for name in labels)
        run = subprocess.run(command, input=paths, capture_output=True, text=True)
        if run.stderr:
            sys.stderr.write(run.stderr)
        results = {os.path.basename(r["path"]): r for r in map(json.loads, run.stdout.splitlines())}
        digits = [n for n, l in labels.items() if l.isdigit()]
        print("\nmodel %s, %d digits, %d non-digits" % (model, len(digits), len(labels) - len(digits)))
        print("%-16s %6s %9s %7s %12s %9s" % ("condition", "images", "accuracy", "ECE", "wrong >=90%", "flagged"))
        def row(title, names):
            n, accuracy, error, confident_wrong, flagged = scores(names, labels, results)
            print("%-16s %6d %8.2f%% %6.2f%% %11.2f%% %8.2f%%" % (title, n, 100 * accuracy, 100 * error, 100 * confident_wrong, 100 * flagged))
        for c in conditions:
            names = [n for n in labels if condition[n] == c]
            if labels[names[0]].isdigit():
                row(c, names)
            else:
                flagged = sum(1 for n in names if n not in results or results[n]["status"] != "digit")
                print("%-16s %6d %29s %9.2f%%" % (c, len(names), "(non-digits)", 100 * flagged / len(names)))
        row("all digits", digits)
        row("held-out fonts", [n for n in digits if n in held_out])
        others = [n for n in labels if not labels[n].isdigit()]
        flagged = sum(1 for n in others if n not in results or results[n]["status"] != "digit")
        print("%-16s %6d %29s %9.2f%%" % ("all non-digits", len(others), "(non-digits)", 100 * flagged / max(len(others), 1)))
        wrong = [(n, condition[n], labels[n], answer(results[n]) if n in results and "guess" in results[n] or
                  n in results and results[n]["status"] == "digit" else "-") for n in digits]
        wrong = [w for w in wrong if str(w[3]) != w[2]]
        shown = wrong if args.wrong else wrong[:20]
        print("wrong: " + " ".join("%s[%s](%s→%s)" % w for w in shown) + (" ..." if len(shown) < len(wrong) else ""))

if __name__ == "__main__":
    main()
