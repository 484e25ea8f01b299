import CModels

/// The models compiled into the binary (models/*.dcnn, embedded by the CModels target): copying
/// the executable is the whole install.
public enum BuiltInModels {
    /// `default`, the most accurate, then `seed`, the tutorial's network.
    public static var names: [String] {
        (0..<dc_builtin_model_count()).map { String(cString: dc_builtin_model_at($0)!.pointee.name) }
    }

    /// The file bytes of a built-in model, or nil when there is none by that name.
    public static func bytes(_ name: String) -> [UInt8]? {
        for index in 0..<dc_builtin_model_count() {
            let model = dc_builtin_model_at(index)!.pointee
            if String(cString: model.name) == name { return Array(UnsafeBufferPointer(start: model.bytes, count: model.size)) }
        }
        return nil
    }

    /// Decodes a built-in model; nil when there is none by that name.
    public static func load(_ name: String) throws(ModelFile.Error) -> Model? {
        guard let bytes = bytes(name) else { return nil }
        return try ModelFile.decode(bytes)
    }
}
