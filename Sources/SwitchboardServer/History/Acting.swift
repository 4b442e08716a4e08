import Foundation
import SwitchboardCore

/// Who makes a change: the principal whose rights are checked, and the name its events carry.
public struct Acting: Sendable {
    public var principal: Principal
    public var name: String

    public init(principal: Principal, name: String) {
        self.principal = principal
        self.name = name
    }

    public static let system = Acting(principal: .system, name: "Switchboard")
}
