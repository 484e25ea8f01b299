import CZlib

/// The `.dcnn` model file, all integers little-endian:
///
///     "DCNN"                   magic
///     UInt32 version           format version, 2
///     UInt32 headerLength      then that many bytes of UTF-8 text, one `key=value` per line:
///                              architecture, members, temperature, then the metadata in key order,
///                              then empty lines that put the parameters 64 bytes into the file
///                              times a whole number (so that a model in memory can be read in place)
///     UInt32 parameterCount    then that many Float32 parameters: each member's in the network's
///                              flat order, one member after the other
///     UInt32 crc32             zlib's CRC-32 of every byte before it
///
/// Version 1 is the same without `members` (one network); it is still read.
public enum ModelFile {
    public static let magic: [UInt8] = Array("DCNN".utf8)
    public static let version: UInt32 = 2

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// The file could not be read or written; the reason names it.
        case io(String)
        case notAModel
        case truncated
        case newerVersion(UInt32)
        case checksumMismatch
        case malformed(reason: String)

        public var description: String {
            switch self {
            case .io(let reason): reason
            case .notAModel: "not a digitcli model file (wrong magic)"
            case .truncated: "model file is truncated"
            case .newerVersion(let found):
                "model file format version \(found) is newer than this digitcli reads (\(ModelFile.version)); upgrade digitcli"
            case .checksumMismatch: "model file is corrupt (checksum mismatch)"
            case .malformed(let reason): "model file is malformed: \(reason)"
            }
        }
    }

    public static func encode(_ model: Model) -> [UInt8] {
        var header = "architecture=\(model.architecture)\nmembers=\(model.networks.count)\ntemperature=\(model.temperature)\n"
        for key in model.metadata.keys.sorted() {
            let value = model.metadata[key]!.map { $0 == "\n" ? " " : $0 }
            header += "\(key)=\(String(value))\n"
        }
        let parameterStart = 4 + 4 + 4 + header.utf8.count + 4
        header += String(repeating: "\n", count: (parameterAlignment - parameterStart % parameterAlignment) % parameterAlignment)
        var bytes = magic
        append(version, to: &bytes)
        append(UInt32(header.utf8.count), to: &bytes)
        bytes += header.utf8
        append(UInt32(model.parameterCount), to: &bytes)
        bytes.reserveCapacity(bytes.count + 4 * model.parameterCount + 4)
        for network in model.networks {
            for parameter in network.parameters { append(parameter.bitPattern, to: &bytes) }
        }
        append(bytes.withUnsafeBytes { checksum($0) }, to: &bytes)
        return bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(Error) -> Model {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(Error) -> Model in try decode(raw) } }
        return try result.get()
    }

    /// Where in a file the parameters start: a multiple of this many bytes (a cache line).
    static let parameterAlignment = 64

    /// Decodes a model file held in memory. `builtIn` is for the built-in models only, which are part
    /// of the binary and outlive every model: their CRC-32 is checked by a test (BuiltInModelTests)
    /// rather than at every start, and their parameters are read where they are, not copied.
    public static func decode(_ bytes: UnsafeRawBufferPointer, builtIn: Bool = false) throws(Error) -> Model {
        guard bytes.count >= 4, bytes.prefix(4).elementsEqual(magic) else {
            throw bytes.count < 4 && magic.starts(with: bytes) ? .truncated : .notAModel
        }
        var reader = Reader(bytes: bytes, position: 4)
        let version = try reader.uint32()
        guard version <= Self.version else { throw .newerVersion(version) }
        guard version >= 1 else { throw .malformed(reason: "version 0") }
        let headerLength = Int(try reader.uint32())
        let header = try reader.bytes(headerLength)
        let parameterCount = Int(try reader.uint32())
        guard parameterCount <= (bytes.count - reader.position) / 4 else { throw .truncated }
        let parameterBytes = try reader.bytes(4 * parameterCount)
        let storedChecksum = try reader.uint32()
        guard reader.position == bytes.count else { throw .malformed(reason: "\(bytes.count - reader.position) bytes after the checksum") }
        guard builtIn || storedChecksum == checksum(UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)])) else {
            throw .checksumMismatch
        }

        guard let text = String(validating: header, as: UTF8.self) else { throw .malformed(reason: "header is not UTF-8") }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { throw .malformed(reason: "header line without '='") }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let spec = fields.removeValue(forKey: "architecture") else { throw .malformed(reason: "no architecture") }
        guard let temperature = fields.removeValue(forKey: "temperature").flatMap(Float.init), temperature > 0 else {
            throw .malformed(reason: "no valid temperature")
        }
        let members = version == 1 ? 1 : fields.removeValue(forKey: "members").flatMap(Int.init) ?? 0
        guard members >= 1, parameterCount % members == 0 else { throw .malformed(reason: "no valid member count") }
        let perMember = parameterCount / members
        do {
            let architecture = try Architecture(parsing: spec)
            let networks = try (0..<members).map { member in
                if builtIn, let inPlace = floatsInPlace(parameterBytes, from: member * perMember, count: perMember) {
                    return try Network(architecture: architecture, parametersInPlace: inPlace)
                }
                return try Network(architecture: architecture, parameters: floats(parameterBytes, from: member * perMember, count: perMember))
            }
            return Model(networks: networks, temperature: temperature, metadata: fields)
        } catch {
            throw .malformed(reason: "\(error)")
        }
    }

    /// Reads a model file.
    public static func read(from path: String) throws(Error) -> Model {
        let bytes: [UInt8]
        do {
            bytes = try readWholeFile(path, limit: 1 << 30)
        } catch {
            switch error {
            case .isDirectory: throw .io("cannot read model: \(path) is a directory")
            case .tooLarge: throw .io("cannot read model: \(path) is larger than 1 GiB")
            case .unreadable(let reason): throw .io("cannot read model: \(path): \(reason)")
            }
        }
        return try decode(bytes)
    }

    /// Writes a model file atomically: an interrupted write leaves any existing file untouched.
    public static func write(_ model: Model, to path: String) throws(Error) {
        do {
            try writeAtomically(encode(model), to: path)
        } catch {
            throw .io(error.reason)
        }
    }

    /// `count` little-endian Float32 values starting at value `first`, read straight into one array
    /// (one copy of the bytes on a little-endian processor).
    private static func floats(_ bytes: UnsafeRawBufferPointer, from first: Int, count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { values, initialized in
            #if _endian(little)
            UnsafeMutableRawBufferPointer(values).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[(4 * first)..<(4 * (first + count))]))
            #else
            for index in 0..<count {
                let bits = bytes.loadUnaligned(fromByteOffset: 4 * (first + index), as: UInt32.self)
                values[index] = Float(bitPattern: UInt32(littleEndian: bits))
            }
            #endif
            initialized = count
        }
    }

    /// The same values where they lie, when the processor reads them as they are stored (little-endian)
    /// and they are aligned; else nil.
    private static func floatsInPlace(_ bytes: UnsafeRawBufferPointer, from first: Int, count: Int) -> Network.ImmortalParameters? {
        #if _endian(little)
        guard let base = bytes.baseAddress, Int(bitPattern: base + 4 * first) % MemoryLayout<Float>.alignment == 0 else { return nil }
        let start = base + 4 * first
        return Network.ImmortalParameters(UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: count))
        #else
        return nil
        #endif
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
    }

    /// The CRC-32 (zlib's) that a model file ends with, of every byte before it.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(crc32(0, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(bytes.count)))
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position: Int

        mutating func bytes(_ count: Int) throws(Error) -> UnsafeRawBufferPointer {
            guard count >= 0, count <= bytes.count - position else { throw .truncated }
            defer { position += count }
            return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
        }

        mutating func uint32() throws(Error) -> UInt32 {
            UInt32(littleEndian: try bytes(4).loadUnaligned(as: UInt32.self))
        }
    }
}
