import Foundation
import SwitchboardCore

/// Who makes a change: the principal whose rights are checked, and the name its events carry.
public struct Acting: Sendable {
    public var principal: Principal
    public var name: String
    /// The person's account as the request read it to sign them in, when there is one: the
    /// change need not read it again (their mail and notification preferences). Never changed
    /// through this reference.
    var account: UserModel?

    public init(principal: Principal, name: String) {
        self.principal = principal
        self.name = name
    }

    init(principal: Principal, name: String, account: UserModel?) {
        self.init(principal: principal, name: name)
        self.account = account
    }

    public static let system = Acting(principal: .system, name: "Switchboard")
}
