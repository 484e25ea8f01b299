import Foundation
import Testing

/// `make deb`'s package (issue 14): built from the static release binary with Debian's tools, it holds
/// the binary, the man page, three shells' completions, copyright and changelog, and depends on the
/// libraries the binary links, with versions.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-deb")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-shlibdeps"),
                "dpkg-deb or dpkg-shlibdeps (dpkg-dev) not installed: skipped"))
struct PackageTests {
    static let repository = DocumentationTests.repository

    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try runTool(executable, arguments, in: Self.repository)
    }

    @Test func theDebianPackageHoldsWhatAnInstallNeeds() throws {
        let build = try run("/usr/bin/make", ["build"])
        try #require(build.status == 0, "make build: \(build.output.suffix(2000))")
        let folder = NSTemporaryDirectory() + "digitcli-deb-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = try run(Self.repository.appendingPathComponent("packaging/deb/build.sh").path, [".build-static/release/digitcli", folder])
        try #require(made.status == 0, "\(made.output)")
        let package = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let source = try String(contentsOf: Self.repository.appendingPathComponent("Sources/digitcli/Version.swift"), encoding: .utf8)
        let release = try #require(source.firstMatch(of: /let releaseVersion = "([0-9.]+)"/)?.1)
        #expect(package.hasSuffix("/digitcli_\(release)_\(try run("/usr/bin/dpkg", ["--print-architecture"]).output.trimmingCharacters(in: .whitespacesAndNewlines)).deb"))

        let files = try run("/usr/bin/dpkg-deb", ["--contents", package]).output.split(separator: "\n")
            .filter { $0.hasPrefix("-") }.map { String($0.split(separator: " ").last!) }.sorted()
        #expect(files == [
            "./usr/bin/digitcli",
            "./usr/share/bash-completion/completions/digitcli",
            "./usr/share/doc/digitcli/changelog.gz",
            "./usr/share/doc/digitcli/copyright",
            "./usr/share/fish/vendor_completions.d/digitcli.fish",
            "./usr/share/man/man1/digitcli.1.gz",
            "./usr/share/zsh/vendor-completions/_digitcli",
        ])
        func field(_ name: String) throws -> String {
            try run("/usr/bin/dpkg-deb", ["--field", package, name]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try field("Package") == "digitcli")
        #expect(try field("Version") == String(release))
        let depends = try field("Depends")
        for library in ["libc6 (>= ", "libpng16-16 (>= ", "libjpeg62-turbo (>= ", "zlib1g (>= "] {
            #expect(depends.contains(library), "\(library) in \(depends)")
        }
        #expect(!depends.contains("swift"), "the Swift runtime is linked in: \(depends)")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/lintian") {
            let lint = try run("/usr/bin/lintian", [package])
            #expect(!lint.output.split(separator: "\n").contains { $0.hasPrefix("E:") || $0.hasPrefix("W:") }, "\(lint.output)")
        }
    }
}
