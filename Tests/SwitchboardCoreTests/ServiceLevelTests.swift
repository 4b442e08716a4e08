import Foundation
import Testing
@testable import SwitchboardCore

@Suite struct ServiceLevelTests {
    @Test func presetsFollowTheDesignTable() {
        let level3 = ServiceLevel.preset(named: "level-3")!
        #expect(level3.target(for: .topPriority) == .workingHours(4))
        #expect(level3.target(for: .urgent) == .workingDays(1))
        #expect(ServiceLevel.preset(named: "best-effort")!.target(for: .topPriority) == nil)
        #expect(ServiceLevel.preset(named: "emi-ige-sla")!.target(for: .lessUrgent) == .workingDays(15))
        #expect(Set(ServiceLevel.presets.map(\.name)) == Set(ServiceLevelName.all))
        #expect(ServiceLevel.Target.workingDays(2).seconds(workingDayLength: 28_800) == 57_600)
    }

    @Test func coloursChangeAtHalfThreeQuartersAndTheTarget() {
        #expect(ResponseColour(elapsed: 0, target: 400) == .green)
        #expect(ResponseColour(elapsed: 199, target: 400) == .green)
        #expect(ResponseColour(elapsed: 200, target: 400) == .yellow)
        #expect(ResponseColour(elapsed: 299, target: 400) == .yellow)
        #expect(ResponseColour(elapsed: 300, target: 400) == .amber)
        #expect(ResponseColour(elapsed: 399, target: 400) == .amber)
        #expect(ResponseColour(elapsed: 400, target: 400) == .red)
        #expect(ResponseColour(elapsed: 5, target: 0) == .red)
    }
}
