import Crypto
import Fluent
import Foundation
import SQLKit
import SwitchboardCore
import Vapor

/// `switchboard benchmark-releases --packages N --tickets M --output DIR`: prepares the release
/// sync benchmark on a demo database: a product with 100 components, M tickets waiting in the
/// release unit (fixed in versions 1.0.0 to 1.0.99 of those components), and in DIR the metadata
/// of a repository of N packages in which each component has versions 1.0.0 to 1.0.4 (so 5% of
/// the waiting tickets are closed by the first sync). `scripts/benchmark-release-sync.sh`
/// serves DIR and times `switchboard releases sync`. Not for production databases.
struct BenchmarkReleasesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "packages", help: "Packages in the repository (default 50000).") var packages: Int?
        @Option(name: "tickets", help: "Tickets waiting in the release unit (default 10000).") var tickets: Int?
        @Option(name: "output", help: "The folder to write the repository into (required).") var output: String?
        init() {}
    }

    var help: String { "Prepares the release sync benchmark on a demo database (not for production)." }

    static let components = 100

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let output = signature.output else { throw SwitchboardConfiguration.Invalid(description: "--output is required.") }
        let packages = signature.packages ?? 50_000
        let tickets = signature.tickets ?? 10_000
        let app = context.application
        try await prepareDatabase(app, migrate: true)
        let helpdesk = app.helpdesk
        let names = (0..<Self.components).map { String(format: "bench-pkg-%03d", $0) }
        guard let team = try await helpdesk.units.all().first(where: { $0.tier == .thirdLine }),
              let releaseUnit = try await ReleaseOperations.releaseUnit(helpdesk.configuration.releases, on: helpdesk.database) else {
            throw SwitchboardConfiguration.Invalid(description: "Load the demo first (switchboard demo).")
        }
        _ = try await helpdesk.products.create(NewProductInput(name: "Benchmark", ownerUnit: team.name, components: names), by: Acting.system.asAdministrator)
        try await BenchmarkData.addTickets(tickets, to: helpdesk)
        let sql = helpdesk.database as! any SQLDatabase
        struct Row: Decodable { var id: Int }
        let ids = try await sql.raw("SELECT id FROM tickets ORDER BY id DESC LIMIT \(bind: tickets)").all(decoding: Row.self).map(\.id)
        let now = helpdesk.clock.now()
        for (offset, chunk) in stride(from: 0, to: ids.count, by: 500).map({ ($0, ids[$0..<min($0 + 500, ids.count)]) }) {
            try await helpdesk.change(by: .system) { context in
                for (index, id) in chunk.enumerated() {
                    let number = offset + index
                    try await (context.database as! any SQLDatabase).raw("""
                        UPDATE tickets SET support_unit_id = \(bind: try releaseUnit.requireID()), status = 'assigned',
                          fixed_component = \(bind: names[number % names.count]), fixed_version = \(bind: "1.0.\(number / names.count % 100)"),
                          fixed_at = \(bind: now) WHERE id = \(bind: id)
                        """).run()
                }
            }
        }
        try Self.writeRepository(to: output, packages: packages, components: names)
        context.console.say("Prepared \(String(tickets)) waiting tickets and a repository of \(String(packages)) packages in \(output).")
    }

    /// primary.xml.gz (written through gzip) and a repomd.xml with its checksum.
    static func writeRepository(to folder: String, packages: Int, components: [String]) throws {
        let repodata = URL(fileURLWithPath: folder).appendingPathComponent("repodata")
        try FileManager.default.createDirectory(at: repodata, withIntermediateDirectories: true)
        let xml = repodata.appendingPathComponent("primary.xml")
        FileManager.default.createFile(atPath: xml.path, contents: nil)
        let file = try FileHandle(forWritingTo: xml)
        file.write(Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata xmlns=\"http://linux.duke.edu/metadata/common\" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\"\(packages)\">\n".utf8))
        var buffer = ""
        for number in 0..<packages {
            let catalogue = number < components.count * 5
            let name = catalogue ? components[number % components.count] : String(format: "other-package-%06d", number)
            let version = catalogue ? "1.0.\(number / components.count)" : "2.\(number % 7).\(number % 13)"
            buffer += """
            <package type="rpm">
              <name>\(name)</name>
              <arch>x86_64</arch>
              <version epoch="0" ver="\(version)" rel="1.el9"/>
              <checksum type="sha256" pkgid="YES">\(String(repeating: "ab", count: 32))</checksum>
              <summary>Benchmark package \(number)</summary>
              <description>A package of the release sync benchmark.</description>
              <packager>Switchboard</packager>
              <url>https://example.org/\(name)</url>
              <time file="1700000000" build="1700000000"/>
              <size package="123456" installed="456789" archive="460000"/>
              <location href="Packages/\(name)-\(version)-1.el9.x86_64.rpm"/>
              <format>
                <rpm:license>ASL 2.0</rpm:license>
                <rpm:provides><rpm:entry name="\(name)" flags="EQ" epoch="0" ver="\(version)" rel="1.el9"/></rpm:provides>
                <rpm:requires><rpm:entry name="glibc"/><rpm:entry name="java-11-openjdk-headless"/></rpm:requires>
                <file>/usr/share/\(name)/README</file>
              </format>
            </package>

            """
            if buffer.utf8.count > 1 << 20 {
                file.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        file.write(Data((buffer + "</metadata>\n").utf8))
        try file.close()
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-n", "-f", xml.path]
        try gzip.run()
        gzip.waitUntilExit()
        let compressed = try Data(contentsOf: repodata.appendingPathComponent("primary.xml.gz"))
        let sum = SHA256.hash(data: compressed).map { String(format: "%02x", $0) }.joined()
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
          <revision>1</revision>
          <data type="primary">
            <checksum type="sha256">\(sum)</checksum>
            <location href="repodata/primary.xml.gz"/>
            <size>\(compressed.count)</size>
          </data>
        </repomd>
        """.write(to: repodata.appendingPathComponent("repomd.xml"), atomically: true, encoding: .utf8)
    }
}
