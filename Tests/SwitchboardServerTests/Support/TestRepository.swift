import Crypto
import Foundation

/// A real YUM repository for a test: RPMs built with `rpmbuild` from a minimal spec, metadata
/// made by `createrepo_c`, served by Python's `http.server` on a free loopback port.
final class TestRepository: @unchecked Sendable {
    struct Unavailable: Error, CustomStringConvertible { var description: String }

    let folder: URL
    let port: Int
    private let server: Process
    private let work: URL

    var baseURL: String { "http://127.0.0.1:\(port)/" }

    private init(folder: URL, work: URL, port: Int, server: Process) {
        self.folder = folder
        self.work = work
        self.port = port
        self.server = server
    }

    static func start() throws -> TestRepository {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("repository-test-\(UUID().uuidString)")
        let folder = work.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("port ") && Date() < deadline && server.isRunning {
            text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard let range = text.range(of: #"port (\d+)"#, options: .regularExpression),
              let port = Int(text[range].dropFirst(5)) else {
            server.terminate()
            throw Unavailable(description: "python3 -m http.server did not start: \(text)")
        }
        return TestRepository(folder: folder, work: work, port: port, server: server)
    }

    /// Builds one noarch package into the repository.
    func add(_ name: String, _ version: String, _ release: String, epoch: Int? = nil) throws {
        let spec = work.appendingPathComponent("package.spec")
        try """
        Name: %{pkgname}
        Version: %{pkgversion}
        Release: %{pkgrelease}
        \(epoch.map { "Epoch: \($0)" } ?? "")
        Summary: A package for the release sync tests
        License: MIT
        BuildArch: noarch
        %description
        A package for the release sync tests.
        %files
        """.write(to: spec, atomically: true, encoding: .utf8)
        try run("/usr/bin/rpmbuild", ["-bb", "--quiet", "--define", "_topdir \(work.appendingPathComponent("build").path)",
                                      "--define", "_rpmdir \(folder.path)", "--define", "pkgname \(name)",
                                      "--define", "pkgversion \(version)", "--define", "pkgrelease \(release)", spec.path])
    }

    /// (Re)writes the repository's metadata, its primary file compressed with `compression`
    /// (gz, xz, or zstd, which Debian 12's createrepo_c cannot write: the gzip file is
    /// recompressed with the zstd tool and repomd.xml updated to name it).
    func publish(compression: String = "gz") throws {
        try run("/usr/bin/createrepo_c", ["-q", "--general-compress-type=\(compression == "zstd" ? "gz" : compression)", folder.path])
        guard compression == "zstd" else { return }
        let gzip = try primaryFile()
        let xml = work.appendingPathComponent("primary.xml")
        try run("/bin/sh", ["-c", "gzip -dc '\(gzip.path)' > '\(xml.path)'"])
        let zstd = gzip.deletingPathExtension().appendingPathExtension("zst")
        try run("/usr/bin/zstd", ["-q", "-f", xml.path, "-o", zstd.path])
        let data = try Data(contentsOf: zstd)
        var text = try String(contentsOf: repomd, encoding: .utf8)
        let oldSum = SHA256.hash(data: try Data(contentsOf: gzip)).map { String(format: "%02x", $0) }.joined()
        let newSum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        text = text.replacingOccurrences(of: "<checksum type=\"sha256\">\(oldSum)<", with: "<checksum type=\"sha256\">\(newSum)<")
            .replacingOccurrences(of: gzip.lastPathComponent, with: zstd.lastPathComponent)
        try text.write(to: repomd, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: gzip)
    }

    var repomd: URL { folder.appendingPathComponent("repodata/repomd.xml") }

    /// The primary metadata file repomd.xml names.
    func primaryFile() throws -> URL {
        let text = try String(contentsOf: repomd, encoding: .utf8)
        guard let range = text.range(of: #"repodata/[^"]*-primary\.xml[^"]*"#, options: .regularExpression) else {
            throw Unavailable(description: "repomd.xml names no primary file")
        }
        return folder.appendingPathComponent(String(text[range]))
    }

    /// Replaces the primary file's bytes and, when asked, makes repomd.xml's checksum and size
    /// agree with them (so that only the content is wrong).
    func replacePrimary(with data: Data, fixChecksum: Bool) throws {
        let file = try primaryFile()
        let oldSum = SHA256.hash(data: try Data(contentsOf: file)).map { String(format: "%02x", $0) }.joined()
        try data.write(to: file)
        guard fixChecksum else { return }
        let newSum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        var text = try String(contentsOf: repomd, encoding: .utf8).replacingOccurrences(of: "<checksum type=\"sha256\">\(oldSum)<", with: "<checksum type=\"sha256\">\(newSum)<")
        if let sizeRange = text.range(of: #"<size>\d+</size>"#, options: .regularExpression) {
            text.replaceSubrange(sizeRange, with: "<size>\(data.count)</size>")
        }
        try text.write(to: repomd, atomically: true, encoding: .utf8)
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Unavailable(description: "\(tool) is needed (Debian: rpm, createrepo-c): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable(description: "\(tool) failed: \(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        }
    }

    func stop() {
        if server.isRunning { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        try? FileManager.default.removeItem(at: work)
    }

    deinit { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
}
