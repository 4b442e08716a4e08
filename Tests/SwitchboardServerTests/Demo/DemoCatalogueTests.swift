import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardServer

@Suite struct DemoCatalogueTests {
    @Test func demoCatalogueReproducesTheSeedStructure() {
        let names = Set(DemoCatalogue.units.map(\.name))
        #expect(names.isSuperset(of: ["TPM", "DMSU", "UMD Release", "dCache", "CREAM", "ARGUS", "GGUS", "Grid-SAFE"]))
        #expect(DemoCatalogue.units.first { $0.name == "GGUS" }?.serviceLevel == ServiceLevelName.level3)
        #expect(DemoCatalogue.units.first { $0.name == "OGSA-DAI" }?.serviceLevel == ServiceLevelName.bestEffort)
        #expect(DemoCatalogue.units.first { $0.name == "TPM" }?.tier == .firstLine)
        #expect(DemoCatalogue.tickets.count >= 24)
        #expect(DemoCatalogue.units.allSatisfy { EmailAddress.isPlausible($0.mailingList) })
    }
}
