import DigitCore

#if canImport(Glibc)
import Glibc
#endif

/// One thing to predict, or a reason it cannot be.
enum Input {
    /// `fromDirectory`: found by walking a folder, so a file that is not an image is skipped, not an error.
    case file(BytePath, fromDirectory: Bool)
    case error(BytePath, String)
    /// Passed over while walking, with a note on stderr (not a failure).
    case skipped(BytePath, String)
}

/// The command line's FILE, DIR and `-` arguments expanded lazily, in order: folders (with
/// --recursive) walked depth-first in byte order of their names, `-` read from stdin one path per
/// line, or NUL-separated with -0 (as `find -print0` writes). Nothing is read ahead of need, so a
/// long list on stdin streams. Paths stay bytes throughout.
///
/// The walk is find's and grep -r's: a symbolic link to a file is read, one to a folder is not
/// followed unless `followLinks` (-L) is set, and then every folder is walked once however many
/// links lead to it (told by device and inode), so a link to a parent cannot loop. Folders named on
/// the command line are walked even when they are links.
struct InputPaths: Sequence, IteratorProtocol {
    private var pending: [String]
    private let recursive: Bool
    private let followLinks: Bool
    private let separator: Int32
    private var standardInput: UnsafeMutablePointer<FILE>?
    /// Files found in folders still to be handed out, nearest first (a stack, reversed).
    private var found: [Input] = []
    /// With followLinks: the folders walked so far, by (device, inode), and the path each was walked as.
    private var walked: [FileIdentity: BytePath] = [:]

    private struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    init(arguments: [String], recursive: Bool, followLinks: Bool = false, nulSeparated: Bool) {
        pending = arguments.reversed()
        self.recursive = recursive
        self.followLinks = followLinks
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
                if !line.bytes.isEmpty { return .file(line, fromDirectory: false) }
                continue
            }
            guard let argument = pending.popLast() else { return nil }
            if argument == "-" {
                standardInput = fdopen(STDIN_FILENO, "r")
                continue
            }
            let path = BytePath(argument: argument)
            if let status = Self.status(of: path, followingLinks: true), (status.st_mode & S_IFMT) == S_IFDIR {
                guard recursive else { return .error(path, "is a directory (use -r to read the images in it)") }
                var results: [Input] = []
                walk(path, status, into: &results)
                found = results.reversed()
                continue
            }
            return .file(path, fromDirectory: false)
        }
    }

    /// Expands every argument now, walking its folders, so that the number of inputs is known before
    /// the first is read (for the progress line); returns it. With `-` among the arguments, only a
    /// list on stdin that is a regular file is counted (and read again from its start); a pipe is not.
    mutating func expandAll() -> Int? {
        if pending.contains("-") {
            guard pending == ["-"] else { return nil }
            return Self.entriesInStandardInputFile(separator: UInt8(separator))
        }
        var all: [Input] = []
        while let item = next() { all.append(item) }
        found = all.reversed()
        return all.count
    }

    /// The non-empty entries of stdin when it is a regular file, leaving its offset where it was.
    private static func entriesInStandardInputFile(separator: UInt8) -> Int? {
        var status = stat()
        guard fstat(STDIN_FILENO, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let start = lseek(STDIN_FILENO, 0, SEEK_CUR)
        guard start >= 0 else { return nil }
        defer { lseek(STDIN_FILENO, start, SEEK_SET) }
        var count = 0, entryLength = 0
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress!, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            for byte in buffer[..<got] {
                if byte == separator {
                    if entryLength > 0 { count += 1 }
                    entryLength = 0
                } else if !(separator == 10 && byte == 13) {
                    entryLength += 1
                }
            }
        }
        return count + (entryLength > 0 ? 1 : 0)
    }

    /// Up to `count` more inputs that are already known (files found in a folder), without reading
    /// stdin: lets the caller hand work over in batches without delaying streamed input.
    mutating func takeFound(upTo count: Int) -> [Input] {
        let taken = Array(found.suffix(count).reversed())
        found.removeLast(taken.count)
        return taken
    }

    private mutating func readStandardInput() -> BytePath? {
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        let length = getdelim(&line, &capacity, separator, standardInput)
        guard length >= 0, let line else { return nil }
        var bytes = UnsafeRawBufferPointer(start: line, count: length)[...]
        // Drop the separator; with lines, a CRLF file's \r too.
        if bytes.last == UInt8(separator) { bytes = bytes.dropLast() }
        if separator == 10 && bytes.last == 13 { bytes = bytes.dropLast() }
        return BytePath(bytes: bytes)
    }

    private static func status(of path: BytePath, followingLinks: Bool) -> stat? {
        var status = stat()
        let result = path.withCString { followingLinks ? stat($0, &status) : lstat($0, &status) }
        return result == 0 ? status : nil
    }

    /// Appends every regular file below `directory` (whose stat is `status`), depth-first, names in
    /// byte order; hidden entries skipped.
    private mutating func walk(_ directory: BytePath, _ status: stat, into results: inout [Input]) {
        if followLinks {
            if let first = walked[FileIdentity(status)] {
                results.append(.skipped(directory, "the same folder as \(first.escaped), already read"))
                return
            }
            walked[FileIdentity(status)] = directory
        }
        guard let handle = directory.withCString({ opendir($0) }) else {
            results.append(.error(directory, "cannot read directory: \(String(cString: strerror(errno)))"))
            return
        }
        // Names as bytes, with the entry's type when the file system tells it (saves a stat per file).
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name.first != UInt8(ascii: ".") { entries.append((name, entry.pointee.d_type)) }
        }
        closedir(handle)
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
        for (name, type) in entries {
            let path = directory.appending(component: name)
            switch type {
            case UInt8(DT_REG):
                results.append(.file(path, fromDirectory: true))
            case UInt8(DT_DIR):
                if let status = Self.status(of: path, followingLinks: false) { walk(path, status, into: &results) }
            case UInt8(DT_LNK), UInt8(DT_UNKNOWN):
                guard let own = Self.status(of: path, followingLinks: false) else { continue }
                let isLink = (own.st_mode & S_IFMT) == S_IFLNK
                guard let target = isLink ? Self.status(of: path, followingLinks: true) : own else {
                    results.append(.skipped(path, "broken symbolic link"))
                    continue
                }
                switch target.st_mode & S_IFMT {
                case S_IFREG: results.append(.file(path, fromDirectory: true))
                case S_IFDIR where !isLink || followLinks: walk(path, target, into: &results)
                default: continue   // a link to a folder without -L, devices, pipes, sockets
                }
            default:
                continue
            }
        }
    }
}
