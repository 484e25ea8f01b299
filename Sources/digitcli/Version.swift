import CBuildInfo

/// The release number: the one place it is written. The Makefile reads it from this line for the
/// Debian package; the man page's title line must agree (a test checks).
let releaseVersion = "0.2.0"

/// What `--version` prints: the release and the commit it was built from, when the build knows it.
var versionDescription: String {
    let commit = String(cString: dc_build_commit())
    return "digitcli \(releaseVersion) (" + (commit.isEmpty ? "development build" : "commit \(commit)") + ")"
}
