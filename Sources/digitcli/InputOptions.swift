import ArgumentParser

/// The inputs of `predict` and `read`: files, folders, and path lists on stdin, read in parallel.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Image files, folders (with -r), or '-' for paths on stdin.", valueName: "file|dir|-"))
    var inputs: [String] = []

    @Flag(name: [.short, .long], help: "Read the images in folders, and in their subfolders.")
    var recursive = false

    @Flag(name: [.customShort("L"), .long], help: "With -r, follow symbolic links to folders (each folder is read once, however many links lead to it).")
    var follow = false

    @Flag(name: .customShort("0"), help: "Paths on stdin are NUL-separated (as find -print0 writes), not one per line.")
    var nulSeparated = false

    @Option(name: [.short, .long], help: ArgumentHelp("Images read in parallel. Default: one per core.", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one image, folder, or '-' to read paths from stdin") }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be from 1 to 256") }
    }

    func paths() -> InputPaths {
        InputPaths(arguments: inputs, recursive: recursive, followLinks: follow, nulSeparated: nulSeparated)
    }
}
