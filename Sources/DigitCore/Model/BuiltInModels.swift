import CModels

/// The models compiled into the binary (models/*.dcnn, embedded by the CModels target): copying
/// the executable is the whole install.
public enum BuiltInModels {
    /// `default`, the most accurate, then `seed`, the tutorial's network, then `verifier`, which `read` asks
    /// whether a piece at either end of a number is a digit at all.
    public static var names: [String] {
        (0..<dc_builtin_model_count()).map { String(cString: dc_builtin_model_at($0)!.pointee.name) }
    }

    /// Decodes a built-in model, its parameters read in place from the binary's read-only data (only the
    /// pages a forward pass touches are ever read from disk); nil when there is none by that name.
    public static func load(_ name: String) throws(ModelFile.Error) -> Model? {
        for index in 0..<dc_builtin_model_count() {
            let model = dc_builtin_model_at(index)!.pointee
            if String(cString: model.name) == name { return try ModelFile.decode(bytes(of: model), builtIn: true) }
        }
        return nil
    }

    /// Every built-in model's bytes, CRC-32 included, by name: for the test that checks them.
    public static var files: [(name: String, bytes: UnsafeRawBufferPointer)] {
        (0..<dc_builtin_model_count()).map {
            let model = dc_builtin_model_at($0)!.pointee
            return (String(cString: model.name), bytes(of: model))
        }
    }

    private static func bytes(of model: dc_builtin_model) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: model.bytes, count: model.size)
    }
}
