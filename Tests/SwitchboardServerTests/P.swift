import Testing
import VaporTesting
@testable import SwitchboardServer
@Test func placeholder2() { #expect(true) }
