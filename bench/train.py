#!/usr/bin/env python3
"""Training benchmark (issue 3): digitcli against TensorFlow/Keras on the same machine, in one run.

  1. seed architecture, Adam, batch 32, 3 epochs: seconds per epoch and test accuracy; and the same
     with no learning rate given, each side at its own defaults, median of seeds 1-3 (issue 13);
  2. a deeper architecture: training seconds until the test accuracy first reaches 99.2%
     (Keras: its mnist_convnet example, batch 128, Adam);
  3. eval throughput of the seed model on the 10,000 test images.

Usage: bench/train.py [--mnist DIR] [--python PEERS_PYTHON] [--skip-keras]
MNIST from --mnist, $DIGITCLI_MNIST or ../shared/mnist; the peers' Python from bench/setup-peers.sh.
Training times exclude the per-epoch test evaluation on both sides. Medians where runs repeat.
"""
import argparse, json, os, re, statistics, subprocess, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_RECIPE = ["--arch", "seed", "--optimizer", "adam", "--batch-size", "32", "--epochs", "3",
               "--learning-rate", "0.02", "--schedule", "cosine"]
DEFAULTS_RECIPE = ["--arch", "seed", "--optimizer", "adam", "--batch-size", "32", "--epochs", "3"]
DEEP_ARCH = "conv3x3:16:bias,relu,maxpool2,conv3x3:32:bias,relu,maxpool2,dense:64,relu,softmax"
DEEP_RECIPE = ["--arch", DEEP_ARCH, "--optimizer", "adam", "--batch-size", "64", "--epochs", "6",
               "--learning-rate", "0.002", "--schedule", "cosine"]
TARGET = 0.992

def digitcli_train(binary, mnist, recipe, output):
    """Runs digitcli train; returns [(seconds, test accuracy)] per epoch from its epoch lines."""
    run = subprocess.run([binary, "train", "--data", mnist, *recipe, "-o", output], capture_output=True, text=True, check=True)
    epochs = re.findall(r"^Epoch \d+/\d+: .*test accuracy ([0-9.]+)%.*\| ([0-9.]+) s$", run.stderr, re.M)
    return [(float(seconds), float(accuracy) / 100) for accuracy, seconds in epochs]

def time_to(epochs, target):
    total = 0.0
    for seconds, accuracy in epochs:
        total += seconds
        if accuracy >= target:
            return total
    return None

def keras(python, mnist, name, max_epochs, target=None, seed=1):
    args = [python, os.path.join(ROOT, "bench", "keras_train.py"), mnist, name, str(max_epochs), "--seed", str(seed)]
    if target is not None:
        args.append(str(target))
    result = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    return [(e["seconds"], e["test_accuracy"]) for e in result["epochs"]]

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mnist", default=os.environ.get("DIGITCLI_MNIST", os.path.join(os.path.dirname(ROOT), "shared", "mnist")))
    parser.add_argument("--python", default=os.path.join(os.path.dirname(ROOT), "peers-venv", "bin", "python"))
    parser.add_argument("--skip-keras", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.mnist, "train-images-idx3-ubyte.gz")):
        print(f"skipped: MNIST not found in {args.mnist} (set DIGITCLI_MNIST or --mnist)")
        return
    has_keras = not args.skip_keras and os.path.exists(args.python)
    if not has_keras and not args.skip_keras:
        print(f"note: no peers' Python at {args.python} (run bench/setup-peers.sh); Keras columns left empty")

    subprocess.run(["swift", "build", "-c", "release", "--product", "digitcli", "--package-path", ROOT],
                   check=True, capture_output=True)
    binary = os.path.join(ROOT, ".build", "release", "digitcli")
    work = tempfile.mkdtemp()
    seed_model = os.path.join(work, "seed.dcnn")

    ours_seed = digitcli_train(binary, args.mnist, SEED_RECIPE, seed_model)
    ours_deep = digitcli_train(binary, args.mnist, DEEP_RECIPE, os.path.join(work, "deep.dcnn"))
    ours_defaults = [digitcli_train(binary, args.mnist, DEFAULTS_RECIPE + ["--seed", str(seed)],
                                    os.path.join(work, "defaults.dcnn"))[-1][1] for seed in (1, 2, 3)]
    evals = []
    for _ in range(5):
        run = subprocess.run([binary, "eval", "--data", args.mnist, "--model", seed_model, "--format", "json"],
                             capture_output=True, text=True, check=True)
        evals.append(json.loads(run.stdout)["images_per_second"])
    keras_seed = keras(args.python, args.mnist, "seed", 3) if has_keras else None
    keras_deep = keras(args.python, args.mnist, "convnet", 20, TARGET) if has_keras else None
    keras_defaults = [keras(args.python, args.mnist, "seed", 3, seed=seed)[-1][1] for seed in (1, 2, 3)] if has_keras else None

    def fmt(value, pattern):
        return "-" if value is None else pattern % value
    def ratio(ours, theirs):
        return "-" if ours is None or theirs is None else "%.2f" % (ours / theirs)

    ours_epoch = statistics.median(s for s, _ in ours_seed)
    keras_epoch = statistics.median(s for s, _ in keras_seed) if keras_seed else None
    ours_to = time_to(ours_deep, TARGET)
    keras_to = time_to(keras_deep, TARGET) if keras_deep else None
    rows = [
        ("seed, Adam, batch 32: s per epoch (median of 3)", fmt(ours_epoch, "%.2f"), fmt(keras_epoch, "%.2f"),
         ratio(ours_epoch, keras_epoch), "<= 0.33"),
        ("seed: test accuracy after 3 epochs", "%.2f%%" % (100 * ours_seed[-1][1]),
         fmt(100 * keras_seed[-1][1] if keras_seed else None, "%.2f%%"), "", ">= 97.4%"),
        ("seed, defaults: test accuracy, median of 3 seeds", "%.2f%%" % (100 * statistics.median(ours_defaults)),
         fmt(100 * statistics.median(keras_defaults) if keras_defaults else None, "%.2f%%"), "", ">= Keras"),
        ("deeper: training s to 99.2% test accuracy", fmt(ours_to, "%.1f"), fmt(keras_to, "%.1f"), ratio(ours_to, keras_to), "<= 1"),
        ("deeper: epochs to 99.2%", str(next((i + 1 for i, (_, a) in enumerate(ours_deep) if a >= TARGET), "-")),
         str(next((i + 1 for i, (_, a) in enumerate(keras_deep) if a >= TARGET), "-")) if keras_deep else "-", "", ""),
        ("eval, seed: images/s (median of 5)", "%.0f" % statistics.median(evals), "", "", ">= 50000"),
    ]
    print("\n%-48s %12s %12s %8s %10s" % ("benchmark", "digitcli", "Keras", "ratio", "target"))
    for row in rows:
        print("%-48s %12s %12s %8s %10s" % row)
    print("\ndigitcli seed:   digitcli train " + " ".join(SEED_RECIPE))
    print("digitcli defaults: digitcli train " + " ".join(DEFAULTS_RECIPE) + " --seed 1|2|3: "
          + ", ".join("%.2f%%" % (100 * a) for a in ours_defaults))
    if keras_defaults:
        print("Keras defaults:    Adam() at its default learning rate, seeds 1-3: " + ", ".join("%.2f%%" % (100 * a) for a in keras_defaults))
    print("digitcli deeper: digitcli train " + " ".join(DEEP_RECIPE))
    print("Keras:           bench/keras_train.py (seed: conv8-pool-softmax, batch 32; mnist_convnet, batch 128; Adam)")
    print("deeper epochs, digitcli: " + ", ".join("%.1fs %.2f%%" % (s, 100 * a) for s, a in ours_deep))
    if keras_deep:
        print("deeper epochs, Keras:    " + ", ".join("%.1fs %.2f%%" % (s, 100 * a) for s, a in keras_deep))

if __name__ == "__main__":
    main()
