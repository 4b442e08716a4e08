import Foundation
import Testing
@testable import SwitchboardServer

/// The settings file every subcommand reads, and `switchboard config check`.
@Suite struct ConfigurationFileTests {
    @Test func theFileReadsAsSystemdsEnvironmentFiles() throws {
        let entries = try ConfigurationFile.parse("""
            # Switchboard
            SWITCHBOARD_PORT=8081

            export SWITCHBOARD_HOST = 0.0.0.0
            SWITCHBOARD_MAIL_FROM="Helpdesk <helpdesk@example.org>"
            SWITCHBOARD_SUBJECT_PREFIX='Ticket'
            SWITCHBOARD_SMTP_PASSWORD="quote \\" inside"
            ; another comment\r
            """)
        #expect(entries.map(\.key) == ["SWITCHBOARD_PORT", "SWITCHBOARD_HOST", "SWITCHBOARD_MAIL_FROM", "SWITCHBOARD_SUBJECT_PREFIX", "SWITCHBOARD_SMTP_PASSWORD"])
        #expect(entries.map(\.value) == ["8081", "0.0.0.0", "Helpdesk <helpdesk@example.org>", "Ticket", "quote \" inside"])
        #expect(entries[1].line == 4)
        #expect(throws: ConfigurationFile.Problem.self) { try ConfigurationFile.parse("just words") }
        #expect(throws: ConfigurationFile.Problem.self) { try ConfigurationFile.parse("1ABC=x") }
        #expect(throws: ConfigurationFile.Problem.self) { try ConfigurationFile.parse("A=\"open") }
    }

    @Test func theCheckListsEveryProblemAndMasksSecrets() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("switchboard.env").path
        try "SWITCHBOARD_PORT=eighty\nSWITCHBOARD_PASWORD_COST=4\nSWITCHBOARD_SWEEP_DAYS=someday\n".write(toFile: file, atomically: true, encoding: .utf8)
        let environment = ["SWITCHBOARD_CONFIG_FILE": file, "SWITCHBOARD_PORT": "eighty", "SWITCHBOARD_SWEEP_DAYS": "someday",
                           "DATABASE_URL": "postgres://helpdesk:s3cret@db.example.org/helpdesk", "SWITCHBOARD_SMTP_PASSWORD": "relay secret"]
        let report = await ConfigurationCheck.check(environment: environment, fromFile: ["SWITCHBOARD_PORT", "SWITCHBOARD_SWEEP_DAYS"])
        #expect(report.problems.contains { $0.contains("SWITCHBOARD_PASWORD_COST is not a setting") && $0.contains("line 2") })
        #expect(report.problems.contains { $0.hasPrefix("SWITCHBOARD_PORT must be") })
        #expect(report.problems.contains { $0.hasPrefix("SWITCHBOARD_SWEEP_DAYS must be") }, "\(report.problems)")
        let text = report.lines.joined(separator: "\n")
        #expect(!text.contains("s3cret") && !text.contains("relay secret"))
        #expect(text.contains("SWITCHBOARD_PORT=eighty  (file)"))
        #expect(text.contains("DATABASE_URL=postgres://helpdesk:********@db.example.org/helpdesk  (environment)"))
    }

    @Test func everySettingTheHelpdeskReadsIsKnownToTheCheck() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("switchboard.env").path
        let settings = [
            "SWITCHBOARD_RELEASE_REPOSITORIES": "UMD | in-production | https://repository.example.org/umd/",
            "SWITCHBOARD_RELEASE_SYNC_MINUTES": "30", "SWITCHBOARD_RT_URL": "https://rt.example.org/rt", "SWITCHBOARD_RT_QUEUE": "Requirements",
            "SWITCHBOARD_RT_TOKEN": "1-23-rt-secret-token", "SWITCHBOARD_REQUIREMENT_THRESHOLD": "7.5",
            "SWITCHBOARD_KNOWN_ISSUES_LIST": "ops@example.org", "SWITCHBOARD_SQLITE_PATH": folder.appendingPathComponent("none.sqlite").path,
            "SWITCHBOARD_OIDC_ISSUER": "https://aai.egi.eu/auth/realms/egi", "SWITCHBOARD_OIDC_CLIENT_ID": "switchboard",
            "SWITCHBOARD_OIDC_CLIENT_SECRET": "oidc-client-secret", "SWITCHBOARD_OIDC_USERINFO": "true", "SWITCHBOARD_OIDC_AUDIENCES": "switchboard egi-scripts",
            "SWITCHBOARD_PASSWORD_SIGN_IN": "false",
        ]
        try settings.map { "\($0.key)=\($0.value)" }.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        var environment = settings
        environment["SWITCHBOARD_CONFIG_FILE"] = file
        let report = await ConfigurationCheck.check(environment: environment, fromFile: Set(settings.keys))
        #expect(!report.problems.contains { $0.contains("is not a setting") }, "\(report.problems)")
        let text = report.lines.joined(separator: "\n")
        #expect(text.contains("SWITCHBOARD_RT_TOKEN=********  (file)") && !text.contains("rt-secret-token"))
        #expect(text.contains("SWITCHBOARD_OIDC_CLIENT_SECRET=********  (file)") && !text.contains("oidc-client-secret"))
        #expect(text.contains("SWITCHBOARD_PASSWORD_SIGN_IN=false  (file)"))
        let configuration = try SwitchboardConfiguration.fromEnvironment(environment)
        #expect(configuration.requirements.thresholdPersonDays == 7.5 && configuration.requirements.tracker?.queue == "Requirements")
        #expect(configuration.knownIssues.digestAddress == "ops@example.org")
        #expect(!configuration.passwordSignIn && configuration.oidcProviders.first?.readsUserinfo == true)
        #expect(configuration.oidcProviders.first?.accessTokenAudiences == ["switchboard", "egi-scripts"])
        #expect(throws: SwitchboardConfiguration.Invalid.self) {
            try SwitchboardConfiguration.fromEnvironment(["SWITCHBOARD_RT_URL": "https://rt.example.org"])
        }
        #expect(throws: SwitchboardConfiguration.Invalid.self) { try SwitchboardConfiguration.fromEnvironment(["SWITCHBOARD_REQUIREMENT_THRESHOLD": "0"]) }
    }
}

