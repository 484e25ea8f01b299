#!/usr/bin/env python3
"""Accuracy, calibration and 'unsure' rates of the built-in models on the real-world check set.

Usage: bench/checkset.py [--dir DIR] [--count N] [--python PEERS_PYTHON]
Generates the set with bench/make_checkset.py (deterministic; Pillow from the peers' venv) when DIR
holds none, then runs `digitcli predict --format jsonl --probabilities` over it with each model.
"unseen fonts": accuracy on the digits drawn in fonts held out of the default model's training data
(their count in brackets). Unsure: below --min-confidence or no digit found.
"""
import argparse, json, os, subprocess

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

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=os.path.join("/tmp", "digitcli-checkset"))
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--python", default=os.path.join(os.path.dirname(ROOT), "peers-venv", "bin", "python"))
    parser.add_argument("--min-confidence", type=float, default=None, help="threshold for 'unsure' (default: digitcli's)")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.dir, "labels.tsv")):
        subprocess.run([args.python, os.path.join(ROOT, "bench", "make_checkset.py"), args.dir, str(args.count)], check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "digitcli", "--package-path", ROOT], check=True, capture_output=True)
    binary = os.path.join(ROOT, ".build", "release", "digitcli")
    rows = [line.split("\t") for line in open(os.path.join(args.dir, "labels.tsv")).read().splitlines()]
    labels = {row[0]: row[1] for row in rows}
    held_out = {row[0] for row in rows if len(row) > 2 and "held-out font" in row[2]}

    print("\n%-8s %7s %9s %8s %14s %14s %17s" % ("model", "digits", "accuracy", "ECE", "unseen fonts", "digits unsure",
                                                   "non-digits unsure"))
    for model in ["default", "seed"]:
        command = [binary, "predict", "-m", model, "-f", "jsonl", "--probabilities"]
        if args.min_confidence is not None:
            command += ["--min-confidence", str(args.min_confidence)]
        run = subprocess.run(command + [os.path.join(args.dir, name) for name in sorted(labels)], capture_output=True, text=True)
        results = {os.path.basename(r["path"]): r for r in map(json.loads, run.stdout.splitlines())}
        digits = [n for n, l in labels.items() if l.isdigit()]
        others = [n for n, l in labels.items() if not l.isdigit()]
        pairs, correct, unsure = [], 0, 0
        for name in digits:
            r = results.get(name)
            if r is None or r["status"] == "no_digit":
                unsure += 1
                pairs.append((0.0, 0))
                continue
            ok = answer(r) == int(labels[name])
            correct += ok
            unsure += r["status"] != "digit"
            pairs.append((r["confidence"], ok))
        flagged = sum(1 for n in others if n not in results or results[n]["status"] != "digit")
        unseen = [n for n in digits if n in held_out]
        unseen_correct = sum(1 for n in unseen if n in results and results[n]["status"] != "no_digit"
                             and answer(results[n]) == int(labels[n]))
        print("%-8s %7d %8.2f%% %7.2f%% %8.2f%% (%d) %13.1f%% %16.1f%%" % (model, len(digits), 100 * correct / len(digits),
              100 * ece(pairs), 100 * unseen_correct / max(len(unseen), 1), len(unseen), 100 * unsure / len(digits),
              100 * flagged / max(len(others), 1)))
        wrong = [(n, labels[n], answer(results[n])) for n in digits
                 if n in results and results[n]["status"] != "no_digit" and answer(results[n]) != int(labels[n])]
        print("         wrong: " + " ".join("%s(%s→%s)" % w for w in wrong[:12]) + (" ..." if len(wrong) > 12 else ""))

if __name__ == "__main__":
    main()
