import Testing
@testable import SwitchboardServer

@Suite struct ConfigurationTests {
    @Test func defaultsAreSQLiteOnLoopback() throws {
        let configuration = try SwitchboardConfiguration.fromEnvironment([:])
        #expect(configuration.database == .sqlite(path: "switchboard.sqlite"))
        #expect(configuration.hostname == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.attachmentMaxBytes == 10 * 1024 * 1024)
    }

    @Test func environmentVariablesOverrideTheDefaults() throws {
        let configuration = try SwitchboardConfiguration.fromEnvironment([
            "SWITCHBOARD_SQLITE_PATH": "/var/lib/switchboard/desk.sqlite", "SWITCHBOARD_HOST": "0.0.0.0", "SWITCHBOARD_PORT": "9000",
            "SWITCHBOARD_ATTACHMENT_MAX_BYTES": "2048", "SWITCHBOARD_PASSWORD_COST": "10", "SWITCHBOARD_FIRST_LINE_UNIT": "TPM",
        ])
        #expect(configuration.database == .sqlite(path: "/var/lib/switchboard/desk.sqlite"))
        #expect(configuration.hostname == "0.0.0.0" && configuration.port == 9000)
        #expect(configuration.attachmentMaxBytes == 2048 && configuration.passwordCost == 10)
        #expect(configuration.firstLineUnitName == "TPM")
        let automation = try SwitchboardConfiguration.fromEnvironment([
            "SWITCHBOARD_WAITING_REMINDER_DAYS": "3, 7", "SWITCHBOARD_WAITING_UNSOLVED_DAYS": "12", "SWITCHBOARD_CLOSE_AFTER_DAYS": "5",
            "SWITCHBOARD_AUTOMATION_INTERVAL": "0", "SWITCHBOARD_PUBLIC_URL": "https://helpdesk.example.org/"])
        #expect(automation.automation.waitingReminderDays == [3, 7] && automation.automation.waitingUnsolvedAfterDays == 12)
        #expect(automation.automation.closeAfterDays == 5 && automation.automationInterval == 0)
        #expect(automation.publicURL == "https://helpdesk.example.org")
        let postgres = try SwitchboardConfiguration.fromEnvironment(["DATABASE_URL": "postgres://u:p@db:5432/desk", "SWITCHBOARD_SQLITE_PATH": "x"])
        #expect(postgres.database == .postgres(url: "postgres://u:p@db:5432/desk"))
    }

    @Test func nonsenseIsRefusedWithTheVariablesName() {
        for (name, value) in [("SWITCHBOARD_PORT", "eighty"), ("SWITCHBOARD_PORT", "70000"), ("SWITCHBOARD_PASSWORD_COST", "3"),
                              ("DATABASE_URL", "mysql://x"), ("SWITCHBOARD_ATTACHMENT_MAX_BYTES", "-1"),
                              ("SWITCHBOARD_WAITING_REMINDER_DAYS", "5,soon"), ("SWITCHBOARD_PUBLIC_URL", "helpdesk.example.org")] {
            do {
                _ = try SwitchboardConfiguration.fromEnvironment([name: value])
                Issue.record("\(name)=\(value) was accepted")
            } catch {
                #expect("\(error)".contains(name), "\(error)")
            }
        }
    }
}
