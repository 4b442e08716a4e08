import Foundation

/// A real SMTP server for a test: `scripts/smtp-test-server.py` (aiosmtpd) on a free loopback
/// port, storing what it receives in a Maildir of its own.
final class SMTPTestServer: @unchecked Sendable {
    let port: Int
    let maildir: URL
    private let process: Process

    private init(port: Int, maildir: URL, process: Process) {
        self.port = port
        self.maildir = maildir
        self.process = process
    }

    struct Unavailable: Error, CustomStringConvertible { var description: String }

    static func start(starttls: Bool = false, user: String? = nil, password: String? = nil, port: Int = 0,
                      maildir: URL? = nil) throws -> SMTPTestServer {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/smtp-test-server.py")
        let folder = maildir ?? FileManager.default.temporaryDirectory.appendingPathComponent("smtp-test-\(UUID().uuidString)")
        var arguments = [script.path, "--maildir", folder.path, "--port", String(port)]
        if starttls { arguments.append("--starttls") }
        if let user, let password { arguments += ["--user", user, "--password", password] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("\n") && Date() < deadline && process.isRunning {
            text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("PORT "), let number = Int(line.dropFirst(5)) else {
            process.terminate()
            throw Unavailable(description: "The test SMTP server did not start (python3 with aiosmtpd is needed): \(text)")
        }
        return SMTPTestServer(port: number, maildir: folder, process: process)
    }

    /// The messages received so far, oldest first, as text.
    func messages() throws -> [String] {
        let folder = maildir.appendingPathComponent("new")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.sorted().map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

extension String {
    /// The value of a header of a rendered message (the first one, unfolded).
    func mailHeader(_ name: String) -> String? {
        let head = components(separatedBy: "\n\n").first?.replacingOccurrences(of: "\r", with: "") ?? ""
        let unfolded = head.replacingOccurrences(of: "\n ", with: " ").replacingOccurrences(of: "\n\t", with: " ")
        for line in unfolded.split(separator: "\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
