import Fluent
import Foundation
import SwitchboardCore
import Testing
import Vapor
@testable import SwitchboardServer

/// The sync against real repositories: RPMs built with rpmbuild, metadata by createrepo_c,
/// served over HTTP on a loopback port.
@Suite struct RepositorySyncTests {
    typealias Setting = ReleaseClosureTests.Setting

    func sync(_ desk: TestHelpdesk) async throws -> SyncReport {
        try await desk.helpdesk.releases.sync(client: desk.app.http.client.shared, logger: desk.app.logger)
    }

    func releases(_ desk: TestHelpdesk) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await desk.helpdesk.releases.all().map { ("\($0.component.name) \($0.version)", $0.stage.rawValue) })
    }

    func historyCount(_ desk: TestHelpdesk) async throws -> Int {
        try await ReleaseStageChangeModel.query(on: desk.db).count()
    }

    @Test func syncMovesReleasesForwardIdempotentlyAndClosesWhatReachesProduction() async throws {
        let testing = try TestRepository.start()
        let base = try TestRepository.start()
        defer { testing.stop(); base.stop() }
        try testing.add("dcache", "9.2.15", "1.el9")
        try testing.add("dcache", "9.2.16", "1.el9")
        try testing.add("zsh", "5.8", "9.el9")
        try testing.publish()
        try base.add("dcache", "9.2.14", "1.el9")
        try base.add("dcache", "9.2.14", "1.el9", epoch: nil)
        try base.publish()
        let sources = [RepositorySource(name: "UMD-5 el9 base", stage: .inProduction, baseURL: base.baseURL),
                       RepositorySource(name: "UMD-5 el9 testing", stage: .inStagedRollout, baseURL: testing.baseURL)]
        try await TestHelpdesk.with(configure: { $0.releases.repositories = sources }) { desk in
            let setting = try await ReleaseClosureTests().setting(desk)
            let ticket = try await ReleaseClosureTests().fixedTicket(desk, setting, version: "9.2.15")
            let announced = try await ReleaseClosureTests().announce(desk, "9.2.16", as: setting.manager)

            var report = try await sync(desk)
            #expect(!report.failed, "\(report.repositories.compactMap(\.error))")
            #expect(report.repositories.map(\.name) == ["UMD-5 el9 testing", "UMD-5 el9 base"], "testing first, then production")
            #expect(report.repositories.map(\.packageCount) == [3, 1])
            #expect(try await releases(desk) == [
                "dcache 9.2.15-1.el9": "in-staged-rollout", "dcache 9.2.16": "in-staged-rollout", "dcache 9.2.14-1.el9": "in-production",
            ], "a release announced without its package release is the package's")
            #expect(try await desk.helpdesk.releases.find(announced).history.last?.actorName == "Repository sync (UMD-5 el9 testing)")
            #expect(try await desk.ticket(ticket, as: setting.cast.alice).status == "assigned", "9.2.14 in production does not fix 9.2.15")

            // The same metadata again changes nothing.
            let changes = try await historyCount(desk)
            report = try await sync(desk)
            #expect(report.repositories.map(\.created) == [0, 0] && report.repositories.map(\.moved) == [0, 0])
            #expect(try await historyCount(desk) == changes)

            // 9.2.15 reaches production: the ticket closes, naming the release.
            try base.add("dcache", "9.2.15", "1.el9")
            try base.publish()
            report = try await sync(desk)
            #expect(report.closedTickets == 1 && report.repositories.last?.moved == 1)
            #expect(try await releases(desk)["dcache 9.2.15-1.el9"] == "in-production")
            #expect(try await desk.ticket(ticket, as: setting.cast.alice).status == "closed")
            let closing = try #require(try await desk.events(ticket, as: setting.cast.alice).last { $0.kind == "status-changed" })
            #expect(closing.rule == "release-closure" && closing.note?.contains("dcache 9.2.15-1.el9") == true)
            let status = try await desk.request(.GET, "/api/v1/releases/repositories", as: setting.manager)
            #expect(status.status == .ok && status.body.string.contains("UMD-5 el9 base") && !status.body.string.contains("lastError"))
        }
    }

    @Test(arguments: ["xz", "zstd"])
    func compressedPrimaryMetadataIsRead(_ compression: String) async throws {
        let repository = try TestRepository.start()
        defer { repository.stop() }
        try repository.add("dcache", "9.2.15", "1.el9")
        try repository.publish(compression: compression)
        #expect(try repository.primaryFile().lastPathComponent.hasSuffix(compression == "xz" ? ".xz" : ".zst"))
        let sources = [RepositorySource(name: "base", stage: .inProduction, baseURL: repository.baseURL)]
        try await TestHelpdesk.with(configure: { $0.releases.repositories = sources }) { desk in
            _ = try await ReleaseClosureTests().setting(desk)
            let report = try await sync(desk)
            #expect(!report.failed, "\(report.repositories.compactMap(\.error))")
            #expect(try await releases(desk) == ["dcache 9.2.15-1.el9": "in-production"])
        }
    }

    enum Damage: String, CaseIterable, Sendable {
        case malformedIndex, checksumMismatch, truncatedGzip, hugeFile, unreachable
    }

    @Test(arguments: Damage.allCases)
    func aRepositoryThatCannotBeReadChangesNothingAndIsReported(_ damage: Damage) async throws {
        let repository = try TestRepository.start()
        defer { repository.stop() }
        try repository.add("dcache", "9.2.15", "1.el9")
        try repository.publish()
        let primary = try Data(contentsOf: try repository.primaryFile())
        switch damage {
        case .malformedIndex: try Data("<repomd><data type=\"primary\"><location href=".utf8).write(to: repository.repomd)
        case .checksumMismatch: try repository.replacePrimary(with: primary + Data([0]), fixChecksum: false)
        case .truncatedGzip: try repository.replacePrimary(with: primary.prefix(primary.count - 12), fixChecksum: true)
        case .hugeFile, .unreachable: break
        }
        var baseURL = repository.baseURL
        if damage == .unreachable {
            repository.stop()
            baseURL = "http://127.0.0.1:\(repository.port)/"
        }
        let sources = [RepositorySource(name: "base", stage: .inProduction, baseURL: baseURL)]
        try await TestHelpdesk.with(configure: {
            $0.releases.repositories = sources
            if damage == .hugeFile { $0.releases.maxMetadataBytes = 100 }
        }) { desk in
            let setting = try await ReleaseClosureTests().setting(desk)
            let ticket = try await ReleaseClosureTests().fixedTicket(desk, setting, version: "9.2.15")
            let report = try await sync(desk)
            let error = try #require(report.repositories.first?.error, "\(damage) is reported")
            let expected = switch damage {
            case .malformedIndex: "not well-formed"
            case .checksumMismatch: "does not match its sha256 checksum"
            case .truncatedGzip: "truncated"
            case .hugeFile: "at most 100 are fetched"
            case .unreachable: "cannot be fetched"
            }
            #expect(error.contains(expected), "\(damage): \(error)")
            #expect(try await releases(desk).isEmpty, "nothing changed")
            #expect(try await desk.ticket(ticket, as: setting.cast.alice).status == "assigned")
            let status = try await desk.request(.GET, "/api/v1/releases/repositories", as: setting.manager)
            #expect(status.body.string.contains("lastError"), "the failure is visible")
        }
    }
}
