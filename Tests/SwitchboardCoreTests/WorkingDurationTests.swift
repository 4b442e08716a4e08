import Foundation
import Testing
@testable import SwitchboardCore

@Suite struct WorkingDurationTests {
    @Test(arguments: [("4h", 14_400), ("90m", 5400), ("1wd", 28_800), ("2wd4h", 72_000), ("1h 30m", 5400), ("45s", 45), ("0h", 0)])
    func parses(text: String, seconds: Int) throws {
        #expect(try WorkingDuration.parse(text, workingDayLength: 8 * 3600) == seconds)
    }

    @Test(arguments: ["", "4", "h", "4x", "1d", "-2h", "1.5h", "wd", "99999999999h"])
    func refuses(text: String) {
        #expect(throws: WorkingDuration.Invalid.self) { try WorkingDuration.parse(text, workingDayLength: 8 * 3600) }
    }

    @Test func formatsLargestUnitsFirst() {
        #expect(WorkingDuration.format(72_000, workingDayLength: 28_800) == "2wd 4h")
        #expect(WorkingDuration.format(5461, workingDayLength: 28_800) == "1h 31m 1s")
        #expect(WorkingDuration.format(0, workingDayLength: 28_800) == "0s")
    }
}
