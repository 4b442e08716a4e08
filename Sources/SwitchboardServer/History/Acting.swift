import Foundation
import SwitchboardCore

/// The actor of an operation together with the name its events carry.
public struct Acting: Sendable {
    public var actor: Actor
    public var name: String

    public init(actor: Actor, name: String) {
        self.actor = actor
        self.name = name
    }

    public static let system = Acting(actor: .system, name: "Switchboard")
}
