import Testing
@testable import SwitchboardCore
@Test func placeholder() { #expect(true) }
