// Driver for bench/kernels.sh: times one matrix-multiply kernel on the shapes of the default model's
// layers (a batch of 8, as predict runs them; read's batches of a few pieces, and one piece, for the dense
// layer) and prints GFLOP/s, the best of 5 runs per shape.
// Compiled by the script together with the kernel's own source file, as one optimised module.
import Foundation

@main struct KernelBenchmark {
    static func main() {
        let shapes = [("conv1  5408x9 . 9x16", 5408, 16, 9), ("conv2  800x144 . 144x32", 800, 32, 144),
                      ("dense  8x800 . 800x128", 8, 128, 800), ("dense  10x800 . 800x128", 10, 128, 800),
                      ("dense  3x800 . 800x128", 3, 128, 800), ("dense  1x800 . 800x128", 1, 128, 800)]
        for (name, m, n, k) in shapes {
            let a = (0..<m * k).map { Float($0 % 7) * 0.1 - 0.3 }, b = (0..<k * n).map { Float($0 % 5) * 0.1 - 0.2 }
            var c = [Float](repeating: 0, count: m * n)
            let repetitions = max(1, 400_000_000 / (m * n * k))
            var best = Double.infinity
            for _ in 0..<5 {
                let start = Date()
                for _ in 0..<repetitions { kernel(m, n, k, a, b, &c) }
                best = min(best, Date().timeIntervalSince(start))
            }
            print(String(format: "%@\t%.0f", name, 2 * Double(m * n * k * repetitions) / best / 1e9))
        }
    }
}
