import Foundation
import Testing
@testable import SwitchboardCore

@Suite struct ReleaseRulesTests {
    func allowed(_ from: ReleaseStage, _ to: ReleaseStage, reason: String? = nil) -> Bool {
        do {
            try ReleaseRules.checkMove(from: from, to: to, reason: reason)
            return true
        } catch {
            return false
        }
    }

    @Test func releasesMoveForwardOnlyAndStopAtProductionOrRejection() {
        let way: [ReleaseStage] = [.announced, .inVerification, .inStagedRollout, .inProduction]
        for (i, from) in way.enumerated() {
            for (j, to) in way.enumerated() {
                #expect(allowed(from, to) == (j > i && from != .inProduction), "\(from) → \(to)")
            }
            #expect(allowed(from, .rejected, reason: "broken") == (from != .inProduction), "\(from) → rejected")
        }
        for to in ReleaseStage.allCases { #expect(!allowed(.rejected, to, reason: "again"), "rejected → \(to)") }
        #expect(!allowed(.inVerification, .rejected), "a rejection needs a reason")
        #expect(!allowed(.inVerification, .rejected, reason: "  "), "a blank reason is none")
    }

    @Test func productionClosesTheFixedVersionAndOlderOnes() {
        #expect(ReleaseRules.closes(fixedVersion: "9.2.15", releasedVersion: "9.2.15"))
        #expect(ReleaseRules.closes(fixedVersion: "9.2.14", releasedVersion: "9.2.15"))
        #expect(!ReleaseRules.closes(fixedVersion: "9.2.100", releasedVersion: "9.2.15"))
        #expect(ReleaseRules.closes(fixedVersion: "9.2.15", releasedVersion: "9.2.15-1.el9"), "a release of the version is newer than the bare version")
        #expect(!ReleaseRules.closes(fixedVersion: "9.2.15-2.el9", releasedVersion: "9.2.15-1.el9"))
        #expect(!ReleaseRules.closes(fixedVersion: "9.2.15", releasedVersion: "9.2.15~rc1"))
        #expect(ReleaseRules.closes(fixedVersion: "1:1.0", releasedVersion: "2:0.1"), "the epoch comes first")
    }

    @Test func aTicketHasWaitedTooLongAfterTheLimit() {
        let since = Date(timeIntervalSince1970: 0)
        #expect(!ReleaseRules.hasWaitedTooLong(since: since, now: since.addingTimeInterval(60 * 86_400), limitDays: 60))
        #expect(ReleaseRules.hasWaitedTooLong(since: since, now: since.addingTimeInterval(60 * 86_400 + 1), limitDays: 60))
    }

    @Test func versionLinesSortOldestFirstAndNameTheBadOnes() {
        let (sorted, problems) = VersionLines.sort(["1.0.1", "1.0^post1", "", "1.0", "1.0 beta", "1.0~rc1", "2:0.1", "1.00"])
        #expect(sorted == ["1.0~rc1", "1.0", "1.00", "1.0^post1", "1.0.1", "2:0.1"], "equal versions keep their order")
        #expect(problems.map(\.line) == [3, 5])
    }
}
