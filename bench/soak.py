#!/usr/bin/env python3
"""Soak (issue 12): one `digitcli predict` process over 1,000,000 paths on stdin, reusing 3,000 files:
MNIST test images written as PNGs at run time (from ../shared/mnist, --mnist or $DIGITCLI_MNIST), or
without MNIST the samples of a few KB (scans and drawings, not the phone photos) under 3,000 names.
TSV out. Prints, every tenth of the run, paths done, throughput over
that tenth and the process's resident memory, then RSS at the start (after the first 20,000 answers)
against the end (and the peak so far, VmHWM), and the slowest tenth against the fastest. Output lines and error lines are counted:
every path must give one line on stdout and none on stderr.

Usage: bench/soak.py [--paths N] [--names N] [--binary PATH] [--jobs N] [--mnist DIR] [--max-bytes N]   (release build: swift build -c release)
"""
import argparse, os, shutil, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def resident_mb(pid, field="VmRSS"):
    """The process's resident memory now (VmRSS) or at its peak so far (VmHWM), in MB."""
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--names", type=int, default=3000)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/digitcli"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--mnist", default=os.environ.get("DIGITCLI_MNIST", os.path.join(ROOT, "..", "shared", "mnist")))
    parser.add_argument("--max-bytes", type=int, default=8192, help="without MNIST: samples up to this size")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="digitcli-soak-")
    try:
        images = os.path.join(args.mnist, "t10k-images-idx3-ubyte.gz")
        if os.path.exists(images):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "mnist_to_png.py"), images,
                            os.path.join(args.mnist, "t10k-labels-idx1-ubyte.gz"), os.path.join(folder, "mnist"),
                            str(args.names)], check=True)
            samples = sorted(os.path.join(folder, "mnist", name) for name in os.listdir(os.path.join(folder, "mnist")))
        else:
            print("no MNIST at %s: using the small samples" % args.mnist)
            samples = sorted(os.path.join(ROOT, "samples", name) for name in os.listdir(os.path.join(ROOT, "samples"))
                             if name.endswith((".png", ".jpg")))
            samples = [path for path in samples if os.path.getsize(path) <= args.max_bytes]
        names = []
        for index in range(args.names):
            source = samples[index % len(samples)]
            name = os.path.join(folder, "%05d%s" % (index, os.path.splitext(source)[1]))
            os.link(source, name) if os.stat(source).st_dev == os.stat(folder).st_dev else shutil.copy(source, name)
            names.append(name)
        listing = os.path.join(folder, "paths.txt")
        with open(listing, "w") as out:
            for index in range(args.paths):
                out.write(names[index % len(names)] + "\n")

        with open(listing) as standard_input:
            process = subprocess.Popen([args.binary, "predict", "--format", "tsv", "--jobs", str(args.jobs), "-"],
                                       stdin=standard_input, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            errors = []
            threading.Thread(target=lambda: errors.extend(process.stderr.read().splitlines()), daemon=True).start()
            start = time.perf_counter()
            tenth = args.paths // 10
            rows, done, last_time, start_rss, start_peak = [], 0, start, None, None
            for _ in process.stdout:
                done += 1
                if done == 20_000:
                    start_rss, start_peak = resident_mb(process.pid), resident_mb(process.pid, "VmHWM")
                if done % tenth == 0:
                    now = time.perf_counter()
                    rows.append((done, tenth / (now - last_time), resident_mb(process.pid), resident_mb(process.pid, "VmHWM")))
                    last_time = now
            process.wait()
            total = time.perf_counter() - start

        print("digitcli predict over %d paths (%d names, %d distinct files), --jobs %d" % (args.paths, args.names, len(samples), args.jobs))
        print("%10s %14s %10s %12s" % ("paths", "paths/s", "RSS MB", "peak RSS MB"))
        for done_at, rate, rss, peak in rows:
            print("%10d %14.0f %10.1f %12.1f" % (done_at, rate, rss or float("nan"), peak or float("nan")))
        rates = [rate for _, rate, _, _ in rows]
        end_rss, end_peak = (rows[-1][2], rows[-1][3]) if rows else (None, None)
        print("total %.1f s, %.0f paths/s; output lines %d of %d; error lines %d; exit status %d"
              % (total, done / total, done, args.paths, len(errors), process.returncode))
        if start_rss and end_rss:
            print("RSS after 20,000: %.1f MB, at the end: %.1f MB (end/start %.3f); peak RSS %.1f MB then, %.1f MB at the end"
                  % (start_rss, end_rss, end_rss / start_rss, start_peak, end_peak))
        if rates:
            print("throughput per tenth: slowest %.0f, fastest %.0f paths/s (slowest/fastest %.3f)"
                  % (min(rates), max(rates), min(rates) / max(rates)))
        for line in errors[:5]:
            print("stderr:", line.decode(errors="replace"))
        ok = done == args.paths and not errors and process.returncode in (0, 3)
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(folder)

if __name__ == "__main__":
    main()
