import DigitCore

#if canImport(Glibc)
import Glibc
#endif

/// One thing to predict, or a reason it cannot be.
enum Input {
    /// `fromDirectory`: found by walking a folder, so a file that is not an image is skipped, not an error.
    case file(String, fromDirectory: Bool)
    case error(String, String)
}

/// The command line's FILE, DIR and `-` arguments expanded lazily, in order: folders (with
/// --recursive) walked depth-first in sorted name order, `-` read from stdin one path per line, or
/// NUL-separated with -0 (as `find -print0` writes). Nothing is read ahead of need, so a long list
/// on stdin streams.
struct InputPaths: Sequence, IteratorProtocol {
    private var pending: [String]
    private let recursive: Bool
    private let separator: Int32
    private var standardInput: UnsafeMutablePointer<FILE>?
    /// Files found in folders still to be handed out, nearest first (a stack, reversed).
    private var found: [Input] = []

    init(arguments: [String], recursive: Bool, nulSeparated: Bool) {
        pending = arguments.reversed()
        self.recursive = recursive
        separator = nulSeparated ? 0 : 10
    }

    mutating func next() -> Input? {
        while true {
            if let item = found.popLast() { return item }
            if standardInput != nil {
                guard let line = readStandardInput() else {
                    standardInput = nil
                    continue
                }
                if !line.isEmpty { return .file(line, fromDirectory: false) }
                continue
            }
            guard let argument = pending.popLast() else { return nil }
            if argument == "-" {
                standardInput = fdopen(STDIN_FILENO, "r")
                continue
            }
            var status = stat()
            if stat(argument, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                guard recursive else { return .error(argument, "is a directory (use -r to read the images in it)") }
                found = walk(argument).reversed()
                continue
            }
            return .file(argument, fromDirectory: false)
        }
    }

    /// Up to `count` more inputs that are already known (files found in a folder), without reading
    /// stdin: lets the caller hand work over in batches without delaying streamed input.
    mutating func takeFound(upTo count: Int) -> [Input] {
        let taken = Array(found.suffix(count).reversed())
        found.removeLast(taken.count)
        return taken
    }

    private mutating func readStandardInput() -> String? {
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        let length = getdelim(&line, &capacity, separator, standardInput)
        guard length >= 0, let line else { return nil }
        var bytes = UnsafeRawBufferPointer(start: line, count: length)[...]
        // Drop the separator; with lines, a CRLF file's \r too.
        if bytes.last == UInt8(separator) { bytes = bytes.dropLast() }
        if separator == 10 && bytes.last == 13 { bytes = bytes.dropLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every regular file below `directory`, depth-first, names in byte order; hidden entries skipped.
    private func walk(_ directory: String) -> [Input] {
        guard let handle = opendir(directory) else {
            return [.error(directory, "cannot read directory: \(String(cString: strerror(errno)))")]
        }
        // Names as bytes, with the entry's type when the file system tells it (saves a stat per file).
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name.first != UInt8(ascii: ".") { entries.append((name, entry.pointee.d_type)) }
        }
        closedir(handle)
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var result: [Input] = []
        for (name, type) in entries {
            let path = prefix + String(decoding: name, as: UTF8.self)
            var kind = type
            if kind == UInt8(DT_UNKNOWN) || kind == UInt8(DT_LNK) {
                var status = stat()
                guard stat(path, &status) == 0 else { continue }
                kind = (status.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : (status.st_mode & S_IFMT) == S_IFREG ? UInt8(DT_REG) : 0
            }
            if kind == UInt8(DT_DIR) { result += walk(path) } else if kind == UInt8(DT_REG) { result.append(.file(path, fromDirectory: true)) }
        }
        return result
    }
}
